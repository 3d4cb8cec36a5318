// Inputs every figure shares, in the page, the worker and the build: the default text, the world
// gallery (which sample image `image={k}` means), and the limits on what readers may send.
import { GALLERY, type GalleryItem, renderGalleryItem } from './gallery';

export const DEFAULT_TEXT = 'a photo of a red circle';
export const GALLERY_SIZE = GALLERY.length;
/** Longest text the page sends (characters); CLIP's window holds 77 tokens anyway. */
export const MAX_TEXT_CHARS = 2000;
/** Images larger than this on either side are downscaled before preprocessing. */
export const MAX_IMAGE_SIDE = 1024;
/** Files larger than this are refused before decoding. */
export const MAX_FILE_BYTES = 40 * 1024 * 1024;

const cache = new Map<number, GalleryItem[]>();

/** The gallery (src/runtime/gallery.ts) rendered at `size` pixels: the model's resolution, as in training. */
export function galleryItems(size: number): GalleryItem[] {
  let items = cache.get(size);
  if (!items) {
    items = GALLERY.map((_, k) => renderGalleryItem(k, size));
    cache.set(size, items);
  }
  return items;
}

/** True when `index` names a sample of the gallery (a whole number from 0 to GALLERY_SIZE - 1). */
export function isGalleryIndex(index: unknown): index is number {
  return Number.isInteger(index) && (index as number) >= 0 && (index as number) < GALLERY_SIZE;
}

export function galleryItem(index: number, size: number): GalleryItem {
  if (!isGalleryIndex(index)) {
    throw new Error(`There is no sample image ${index}; the gallery has images 0 to ${GALLERY_SIZE - 1}.`);
  }
  return galleryItems(size)[index]!;
}
