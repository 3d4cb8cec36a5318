// The bench's inputs, the same in Node and in the page: seeded pixels in [-1, 1) and a short caption's ids.
import type { ClipConfig } from '../../../src/clip/config';
import { seededRandom } from '../../../src/clip/init';

export interface BenchInputs {
  /** [1, 3, R, R] */
  pixels: Float32Array;
  /** [1, L], "a photo of a dog" between SOT and EOT, zero-padded. */
  ids: Int32Array;
}

export function benchInputs(cfg: ClipConfig): BenchInputs {
  const rand = seededRandom(3);
  const r = cfg.image_resolution;
  const pixels = Float32Array.from({ length: 3 * r * r }, () => rand() * 2 - 1);
  const ids = new Int32Array(cfg.context_length);
  ids.set([49406, 320, 1125, 539, 320, 1929, 49407]);
  return { pixels, ids };
}

/** The bench files' name for a model: "ViT-B/32" → "vitb32". */
export const fileKey = (model: string): string => model.replace(/[^A-Za-z0-9]+/g, '').toLowerCase();
