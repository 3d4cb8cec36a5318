// Reader images (file picker, drag and drop, paste) → RGBA pixels, in the browser only: nothing is
// uploaded. Non-images and corrupt files give a clear message; very large images are downscaled on a
// canvas (long side MAX_IMAGE_SIDE) before CLIP's own resize, so decoding never holds a huge buffer twice.
import { MAX_FILE_BYTES, MAX_IMAGE_SIDE } from './inputs';

export interface PixelImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
  name: string;
  /** Set when the image was downscaled. */
  note?: string;
}

export class ImageFileError extends Error {}

const IMAGE_NAME = /\.(png|jpe?g|gif|webp|bmp|avif|ico|svg)$/i;

/** True when a file looks like an image by its type or, when the type is empty, by its name. */
export function looksLikeImage(file: { type: string; name?: string }): boolean {
  if (file.type) return file.type.startsWith('image/');
  return IMAGE_NAME.test(file.name ?? '');
}

/** The size to draw at: unchanged when both sides fit, else the long side becomes `max`. */
export function fitWithin(width: number, height: number, max = MAX_IMAGE_SIDE): [number, number] {
  if (width <= max && height <= max) return [width, height];
  const k = max / Math.max(width, height);
  return [Math.max(1, Math.round(width * k)), Math.max(1, Math.round(height * k))];
}

function context2d(w: number, h: number): OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D {
  const canvas: OffscreenCanvas | HTMLCanvasElement =
    typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(w, h) : document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d', { willReadFrequently: true }) as
    OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null;
  if (!ctx) throw new ImageFileError('This browser cannot draw images on a canvas.');
  return ctx;
}

export async function decodeImageFile(file: Blob & { name?: string }): Promise<PixelImage> {
  const name = file.name || 'pasted image';
  if (!looksLikeImage({ type: file.type, name })) {
    throw new ImageFileError(`“${name}” is not an image; choose a PNG, JPEG, GIF or WebP file.`);
  }
  if (file.size > MAX_FILE_BYTES) {
    throw new ImageFileError(
      `“${name}” is ${Math.round(file.size / 2 ** 20)} MB; the limit is ${MAX_FILE_BYTES / 2 ** 20} MB.`,
    );
  }
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new ImageFileError(
      `“${name}” could not be decoded: the file is damaged or in a format this browser cannot read.`,
    );
  }
  try {
    const [w, h] = fitWithin(bitmap.width, bitmap.height);
    if (w < 1 || h < 1) throw new ImageFileError(`“${name}” has no pixels.`);
    const ctx = context2d(w, h);
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, 0, 0, w, h);
    const { data } = ctx.getImageData(0, 0, w, h);
    const note =
      w !== bitmap.width
        ? `Your ${bitmap.width}×${bitmap.height} image was scaled to ${w}×${h} before CLIP's own resize.`
        : undefined;
    return { width: w, height: h, data, name, note };
  } finally {
    bitmap.close();
  }
}
