// Rendering a scene to RGB uint8 pixels (HWC): a noisy grey background, then each object blended
// in by its anti-aliased coverage. Pure integer and IEEE arithmetic, identical in Node and browsers.

import type { DecodedImage } from '../clip/preprocess';
import { COLOUR_RGB } from './attributes';
import { OUTLINES } from './geometry';
import { fillUint32 } from './random';
import { blendCoverage, rasterizeOutline } from './raster';
import type { Background, Scene } from './scene';

export const DEFAULT_IMAGE_SIZE = 64;

/** The background: base colour plus one noise value per pixel, shared by the three channels. */
function paintBackground(image: Uint8Array, background: Background, size: number): void {
  const amplitude = background.noise;
  const span = 2 * amplitude + 1;
  const levels = background.rgb.map((base) =>
    Uint8Array.from({ length: span }, (_, k) => Math.min(255, Math.max(0, base + k - amplitude))),
  ) as [Uint8Array, Uint8Array, Uint8Array];
  const [red, green, blue] = levels;
  const noise = fillUint32(background.seed, new Uint32Array(amplitude === 0 ? 0 : size * size));
  for (let i = 0, o = 0; i < size * size; i++, o += 3) {
    const k = amplitude === 0 ? 0 : ((noise[i]! >>> 16) * span) >>> 16;
    image[o] = red[k]!;
    image[o + 1] = green[k]!;
    image[o + 2] = blue[k]!;
  }
}

/** The scene as a size × size RGB image, uint8, row-major HWC. */
export function renderScene(scene: Scene, size: number = DEFAULT_IMAGE_SIZE): Uint8Array {
  if (!Number.isInteger(size) || size < 1) throw new Error(`invalid image size ${size}`);
  const image = new Uint8Array(size * size * 3);
  const coverage = new Uint8Array(size * size);
  paintBackground(image, scene.background, size);
  for (const object of scene.objects) {
    const placement = { cx: object.x * size, cy: object.y * size, radius: object.radius * size };
    const box = rasterizeOutline(OUTLINES[object.shape], placement, size, coverage);
    blendCoverage(image, coverage, box, size, COLOUR_RGB[object.colour]);
  }
  return image;
}

/** A square RGB image in the shape `src/clip/preprocess.ts` takes. */
export function toDecodedImage(data: Uint8Array, size: number = DEFAULT_IMAGE_SIZE): DecodedImage {
  if (data.length !== size * size * 3)
    throw new Error(`expected ${size * size * 3} bytes, got ${data.length}`);
  return { width: size, height: size, mode: 'RGB', data };
}
