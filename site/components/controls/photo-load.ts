// The page's side of the photographs (lib/photos.ts): each file fetched once and decoded the way a reader's own
// image is (src/runtime/image-file.ts), so the model gets it as pixels like any other picture.
import { decodeImageFile, type PixelImage } from '../../../src/runtime/image-file';
import { PHOTOS, photoAlt, photoUrl } from '../../lib/photos';

/** What the image picker needs to offer the photos instead of the world's gallery. */
export interface PhotoSource {
  count: number;
  src(k: number): string;
  alt(k: number): string;
  load(k: number, signal?: AbortSignal): Promise<PixelImage>;
}

const decoded = new Map<string, Promise<PixelImage>>();

async function fetchPhoto(url: string, name: string, lang: string): Promise<PixelImage> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
  const blob = Object.assign(await response.blob(), { name });
  return decodeImageFile(blob, { lang });
}

export function photoSource(base: string, lang: string): PhotoSource {
  return {
    count: PHOTOS.length,
    src: (k) => photoUrl(base, k),
    alt: (k) => photoAlt(k, lang),
    load: (k, signal) => {
      const url = photoUrl(base, k);
      let p = decoded.get(url);
      if (!p) {
        p = fetchPhoto(url, PHOTOS[k]?.file ?? url, lang);
        decoded.set(url, p);
        p.catch(() => decoded.delete(url)); // a failed fetch is tried again next time
      }
      if (!signal) return p;
      return new Promise((resolve, reject) => {
        signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')), {
          once: true,
        });
        p.then(resolve, reject);
      });
    },
  };
}
