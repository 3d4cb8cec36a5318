// The engine's inputs, checked before the model sees them: a text (tokenized, cut to the context with a
// note), an image (a gallery sample or the reader's pixels, preprocessed) and a head mask. Whatever the
// reader got wrong throws an InputError in the page's language; the engine shows it and keeps its result.
import type { ClipConfig } from '../clip/config';
import { fromImageData, preprocess, toTensor } from '../clip/preprocess';
import type { ClipTokenizer } from '../clip/tokenizer';
import { GALLERY_SIZE, MAX_TEXT_CHARS, galleryItem, isGalleryIndex } from './inputs';
import type { RuntimeStrings } from './messages';
import type { HeadMaskSpec, ImageInfo, ImageSpec, TextInfo } from './protocol';

/** Errors the reader caused (bad text, bad image): shown as a message, the previous result kept. */
export class InputError extends Error {}

/** A text as the model takes it (one row of `context_length` ids) and as the page shows it. */
export function readText(
  raw: unknown,
  steps: boolean,
  notes: string[],
  tok: ClipTokenizer,
  config: ClipConfig,
  say: RuntimeStrings,
): { info: TextInfo; row: Int32Array } {
  if (typeof raw !== 'string') throw new InputError(say.notString);
  let text = raw;
  if (text.trim() === '') throw new InputError(say.emptyText);
  if (text.length > MAX_TEXT_CHARS) {
    text = text.slice(0, MAX_TEXT_CHARS);
    notes.push(say.charsCut(MAX_TEXT_CHARS));
  }
  const ctx = config.context_length;
  const encoded = tok.encode(text);
  // Whatever the tokenizer's cleaning removes (control characters, NUL) leaves no text either.
  if (encoded.length === 0) throw new InputError(say.emptyText);
  const fullCount = encoded.length + 2;
  const row = tok.tokenize(text, { contextLength: ctx, truncate: true })[0]!; // [77]
  const truncated = fullCount > ctx;
  if (truncated) {
    notes.push(say.truncated(fullCount, ctx));
  }
  const ids = Array.from(row.subarray(0, Math.min(fullCount, ctx)));
  const info: TextInfo = { text, ids, tokens: tok.tokensOf(ids), fullCount, truncated };
  if (steps) info.steps = tok.encodeWithSteps(text);
  return { info, row };
}

/** An image as the model takes it ([3, R, R] pixels) and as the page shows it. */
export function readImage(
  spec: ImageSpec,
  config: ClipConfig,
  say: RuntimeStrings,
): { info: ImageInfo; pixels: Float32Array } {
  const size = config.image_resolution;
  if (spec.kind === 'world') {
    if (!isGalleryIndex(spec.index)) throw new InputError(say.noSample(spec.index, GALLERY_SIZE - 1));
    const item = galleryItem(spec.index, size);
    const rgb = item.image.slice();
    return { info: { rgb, size, label: item.caption }, pixels: toTensor(rgb, size, size) }; // [3, R, R]
  }
  const { width, height, data } = spec;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new InputError(say.noPixels);
  }
  const raw: unknown = data;
  if (!(raw instanceof Uint8ClampedArray || raw instanceof Uint8Array) || raw.length !== width * height * 4) {
    throw new InputError(say.damagedPixels);
  }
  const p = preprocess(fromImageData({ width, height, data }), size);
  return { info: { rgb: p.rgb, size, label: spec.name ?? say.yourImage }, pixels: p.pixels }; // [3, R, R]
}

/** A head mask from the page, checked against one tower's layers and heads. */
export function readHeadMask(
  raw: HeadMaskSpec | undefined,
  layers: number,
  heads: number,
  say: RuntimeStrings,
): Record<number, number[]> | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'object' || raw === null) throw new InputError(say.headMaskType);
  const out: Record<number, number[]> = {};
  for (const [key, list] of Object.entries(raw)) {
    const layer = Number(key);
    if (!Number.isInteger(layer) || layer < 0 || layer >= layers) {
      throw new InputError(say.noLayer(key, layers - 1));
    }
    if (!Array.isArray(list) || list.some((h) => !Number.isInteger(h) || h < 0 || h >= heads)) {
      throw new InputError(say.noHeads(layer, heads - 1));
    }
    if (list.length) out[layer] = [...list];
  }
  return Object.keys(out).length ? out : undefined;
}
