// The bench's inputs, the same in Node and in the page: seeded pixels in [-1, 1), a text that fills the
// context and a short caption.
import type { ClipConfig } from '../../../src/clip/config';
import { seededRandom } from '../../../src/clip/init';

/**
 * 'text' fills the whole context, so every engine computes every position; on 'caption' the project's
 * model computes only up to the EOT (clip/speed.ts, usedLength) while the ONNX graph computes all of them.
 */
export type Encoder = 'image' | 'text' | 'caption';

export interface BenchInputs {
  /** [1, 3, R, R] */
  pixels: Float32Array;
  /** [1, L]: "a photo of a dog" repeated between SOT and EOT, no padding. */
  ids: Int32Array;
  /** [1, L]: "a photo of a dog" between SOT and EOT, zero-padded. */
  captionIds: Int32Array;
}

export function benchInputs(cfg: ClipConfig): BenchInputs {
  const rand = seededRandom(3);
  const r = cfg.image_resolution;
  const pixels = Float32Array.from({ length: 3 * r * r }, () => rand() * 2 - 1);
  const words = [320, 1125, 539, 320, 1929];
  const len = cfg.context_length;
  const ids = Int32Array.from({ length: len }, (_, i) =>
    i === 0 ? 49406 : i === len - 1 ? 49407 : words[(i - 1) % words.length]!,
  );
  const captionIds = new Int32Array(len);
  captionIds.set([49406, ...words, 49407]);
  return { pixels, ids, captionIds };
}

/** The ids a text case feeds both engines: the full context for 'text', the short caption otherwise. */
export const textIds = (input: BenchInputs, encoder: Encoder): Int32Array =>
  encoder === 'text' ? input.ids : input.captionIds;

/** The bench files' name for a model: "ViT-B/32" → "vitb32". */
export const fileKey = (model: string): string => model.replace(/[^A-Za-z0-9]+/g, '').toLowerCase();
