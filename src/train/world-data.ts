// The world as training data: captions through the real CLIP tokenizer, images through CLIP's
// normalisation, and the reduced token table the tiny model keeps (ids the world's words use).
import type { ClipConfig } from '../clip/config';
import { toTensor } from '../clip/preprocess';
import { usedLength } from '../clip/speed';
import type { ClipTokenizer } from '../clip/tokenizer';
import { WORLD_VOCABULARY, zeroShotLabels } from '../world';
import type { PairBatch } from './trainer';

/** Sorted BPE ids of every word the world writes (captions and prompts), plus SOT and EOT. */
export function worldTokenIds(tokenizer: ClipTokenizer): number[] {
  const words = [...WORLD_VOCABULARY, ...zeroShotLabels().map((l) => l.prompt)].join(' ');
  const ids = new Set([tokenizer.sot, tokenizer.eot, ...tokenizer.encode(words)]);
  return [...ids].sort((a, b) => a - b);
}

/** Padded ids for the texts, cut once to the longest text (usedLength in clip/speed.ts). */
export function encodeTexts(
  tokenizer: ClipTokenizer,
  texts: readonly string[],
  cfg: ClipConfig,
): { ids: Int32Array; length: number } {
  const rows = tokenizer.tokenize([...texts], { contextLength: cfg.context_length, truncate: true });
  const padded = Int32Array.from(rows.flatMap((r) => Array.from(r)));
  const length = usedLength(padded, rows.length, cfg.context_length);
  const ids = new Int32Array(rows.length * length);
  rows.forEach((r, i) => ids.set(r.subarray(0, length), i * length));
  return { ids, length };
}

/** RGB HWC images at the model's resolution → CLIP-normalised CHW, stacked. */
export function encodeImages(images: readonly Uint8Array[], size: number): Float32Array {
  const plane = 3 * size * size;
  const out = new Float32Array(images.length * plane);
  images.forEach((img, i) => out.set(toTensor(img, size, size), i * plane));
  return out;
}

export function pairBatch(
  tokenizer: ClipTokenizer,
  cfg: ClipConfig,
  images: readonly Uint8Array[],
  captions: readonly string[],
): PairBatch {
  const { ids, length } = encodeTexts(tokenizer, captions, cfg);
  return { ids, length, pixels: encodeImages(images, cfg.image_resolution), size: cfg.image_resolution };
}
