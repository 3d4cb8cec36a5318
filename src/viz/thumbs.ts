// Thumbnails that label a matrix's image rows (as in CLIP's own figure): an image's RGB pixels, shrunk to
// at most THUMB_PX a side by averaging boxes of pixels, as a PNG data: URL, so an exported SVG carries them
// and still stands alone. Pure pixels in, a string out: no TF.js, no model.
import { pngHref, rgbToRgba } from './raster';

/** The largest side a row thumbnail's pixels have (it is drawn at most this many SVG units wide too). */
export const THUMB_PX = 48;

// The same pixels give the same thumbnail: a temperature drag redraws three matrices without re-encoding.
const cache = new WeakMap<object, string>();

/** Box-filter an RGB HWC square image of `size` px down to `out` px (out ≤ size). */
export function shrinkRgb(rgb: ArrayLike<number>, size: number, out: number): Uint8Array {
  const dst = new Uint8Array(out * out * 3);
  for (let y = 0; y < out; y++) {
    const y0 = Math.floor((y * size) / out);
    const y1 = Math.max(y0 + 1, Math.floor(((y + 1) * size) / out));
    for (let x = 0; x < out; x++) {
      const x0 = Math.floor((x * size) / out);
      const x1 = Math.max(x0 + 1, Math.floor(((x + 1) * size) / out));
      const n = (y1 - y0) * (x1 - x0);
      for (let ch = 0; ch < 3; ch++) {
        let sum = 0;
        for (let yy = y0; yy < y1; yy++)
          for (let xx = x0; xx < x1; xx++) sum += rgb[(yy * size + xx) * 3 + ch]!;
        dst[(y * out + x) * 3 + ch] = Math.round(sum / n);
      }
    }
  }
  return dst;
}

/**
 * A data: URL of a square RGB image (HWC bytes, `size` px a side), at most THUMB_PX a side; undefined where
 * nothing can encode a PNG (no canvas), so the row keeps its words instead.
 */
export function thumbHref(rgb: Uint8Array, size: number): string | undefined {
  const hit = cache.get(rgb);
  if (hit) return hit;
  if (rgb.length !== size * size * 3) throw new Error(`expected ${size * size * 3} RGB bytes`);
  const out = Math.min(size, THUMB_PX);
  const pixels = out === size ? rgb : shrinkRgb(rgb, size, out);
  let href: string;
  try {
    href = pngHref(rgbToRgba(pixels, out, out), out, out);
  } catch {
    return undefined;
  }
  cache.set(rgb, href);
  return href;
}
