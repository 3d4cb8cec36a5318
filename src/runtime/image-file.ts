// Reader images (file picker, drag and drop, paste) → RGBA pixels, in the browser only: nothing is
// uploaded. Non-images and corrupt files give a clear message; very large images are downscaled on a
// canvas (long side MAX_IMAGE_SIDE) before CLIP's own resize, so decoding never holds a huge buffer twice.
// SVG files are rasterised through an <img> (createImageBitmap cannot read them), at most MAX_IMAGE_SIDE
// on the long side. A decode whose signal aborted (the reader chose another image) stops before drawing.
import { MAX_FILE_BYTES, MAX_IMAGE_SIDE } from './inputs';
import { pageLang, runtimeStrings } from './messages';

export interface PixelImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
  name: string;
  /** Set when the image was downscaled. */
  note?: string;
  /**
   * Some pixel is not fully opaque. CLIP's preprocessing drops alpha (Pillow's convert('RGB')) and the
   * canvas keeps fully transparent pixels as (0, 0, 0, 0): those areas reach the model black.
   */
  transparent?: boolean;
}

/** What the file picker offers: the formats Chromium, Firefox and Safari decode, SVG included. */
export const IMAGE_ACCEPT =
  'image/png,image/jpeg,image/gif,image/webp,image/bmp,image/avif,image/x-icon,image/svg+xml,' +
  '.png,.jpg,.jpeg,.gif,.webp,.bmp,.avif,.ico,.svg';

/** An SVG without its own size is drawn this large on its long side. */
export const SVG_DEFAULT_SIDE = 512;

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
  if (!ctx) throw new ImageFileError(runtimeStrings(pageLang()).noCanvas);
  return ctx;
}

const isSvg = (file: Blob & { name?: string }): boolean =>
  file.type === 'image/svg+xml' || (!file.type && /\.svg$/i.test(file.name ?? ''));

/** True when some pixel's alpha is below 255. */
export function hasTransparency(rgba: ArrayLike<number>): boolean {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i]! < 255) return true;
  return false;
}

/** The size an SVG is drawn at: its own (capped at `max`), or `fallback` on the long side when it has none. */
export function svgSize(
  naturalWidth: number,
  naturalHeight: number,
  max = MAX_IMAGE_SIDE,
  fallback = SVG_DEFAULT_SIDE,
): [number, number] {
  if (naturalWidth > 0 && naturalHeight > 0) return fitWithin(naturalWidth, naturalHeight, max);
  return [Math.min(fallback, max), Math.min(fallback, max)];
}

/** A decoded picture to draw once: its size, and what to free afterwards. */
interface Drawable {
  source: CanvasImageSource;
  width: number;
  height: number;
  close(): void;
}

/** A bitmap of any raster format the browser reads. */
async function rasterDrawable(file: Blob): Promise<Drawable> {
  const bitmap = await createImageBitmap(file);
  return { source: bitmap, width: bitmap.width, height: bitmap.height, close: () => bitmap.close() };
}

/** An SVG file in an <img> (no scripts, no external requests), drawn at `svgSize`. */
async function svgDrawable(file: Blob): Promise<Drawable> {
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const [width, height] = svgSize(img.naturalWidth, img.naturalHeight);
    return { source: img, width, height, close: () => img.removeAttribute('src') };
  } finally {
    URL.revokeObjectURL(url);
  }
}

const aborted = (): DOMException => new DOMException('Another image was chosen.', 'AbortError');

export async function decodeImageFile(
  file: Blob & { name?: string },
  options: { signal?: AbortSignal; lang?: string } = {},
): Promise<PixelImage> {
  const { signal } = options;
  // Messages in the page's language (src/runtime/messages.ts).
  const say = runtimeStrings(options.lang ?? pageLang());
  const name = file.name || say.pastedImage;
  if (!looksLikeImage({ type: file.type, name })) {
    throw new ImageFileError(say.notImage(name));
  }
  if (file.size > MAX_FILE_BYTES) {
    throw new ImageFileError(say.tooLarge(name, Math.round(file.size / 2 ** 20), MAX_FILE_BYTES / 2 ** 20));
  }
  let picture: Drawable;
  try {
    picture = isSvg(file) ? await svgDrawable(file) : await rasterDrawable(file);
  } catch {
    if (signal?.aborted) throw aborted();
    throw new ImageFileError(say.undecodable(name));
  }
  try {
    if (signal?.aborted) throw aborted();
    const [w, h] = fitWithin(picture.width, picture.height);
    if (w < 1 || h < 1) throw new ImageFileError(say.fileNoPixels(name));
    const ctx = context2d(w, h);
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(picture.source, 0, 0, w, h);
    const { data } = ctx.getImageData(0, 0, w, h);
    const note = w !== picture.width ? say.downscaled(picture.width, picture.height, w, h) : undefined;
    return { width: w, height: h, data, name, note, transparent: hasTransparency(data) };
  } finally {
    picture.close();
  }
}
