// Pixels → an image URL for <image href>: big matrices and photos are drawn as one small PNG scaled with
// `image-rendering: pixelated` instead of thousands of SVG rects. The encoder is pluggable: canvas in the
// browser, a PNG library at build time (site/lib sets it), a stub in unit tests.

export type PngEncoder = (rgba: Uint8ClampedArray, width: number, height: number) => string;

let encoder: PngEncoder | null = null;

/** Sets the encoder used by every figure (call once at start-up where no canvas exists). */
export function setPngEncoder(fn: PngEncoder | null): void {
  encoder = fn;
}

// One canvas for every image: a new 2-D context per figure costs more than the encoding, and a context that
// is read back (toDataURL) is kept in memory rather than on the GPU.
let scratch: CanvasRenderingContext2D | null = null;

function canvasEncoder(rgba: Uint8ClampedArray, width: number, height: number): string {
  scratch ??= document.createElement('canvas').getContext('2d', { willReadFrequently: true });
  const ctx = scratch;
  if (!ctx) throw new Error('no 2d canvas to draw the image');
  ctx.canvas.width = width;
  ctx.canvas.height = height;
  ctx.putImageData(new ImageData(new Uint8ClampedArray(rgba), width, height), 0, 0);
  return ctx.canvas.toDataURL('image/png');
}

/** A data: URL of the RGBA pixels. */
export function pngHref(rgba: Uint8ClampedArray, width: number, height: number): string {
  if (rgba.length !== width * height * 4) throw new Error(`expected ${width * height * 4} RGBA bytes`);
  return (encoder ?? canvasEncoder)(rgba, width, height);
}

/** RGB HWC bytes (the world's images, preprocessed crops) → RGBA. */
export function rgbToRgba(rgb: ArrayLike<number>, width: number, height: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, o = 0; i < width * height; i++, o += 4) {
    out[o] = rgb[i * 3]!;
    out[o + 1] = rgb[i * 3 + 1]!;
    out[o + 2] = rgb[i * 3 + 2]!;
    out[o + 3] = 255;
  }
  return out;
}
