// The names a code cell's program sees (docs: the API reference page, site/pages/[...]/api): the model in
// use, the tokenizer's work, both encoders, a forward pass with capture (the same Trace keys as the figures
// and tests), the gallery, the reader's images, TF.js, and `show`. Runs in the cell worker, over the same
// Engine as the figures' worker; also in Node for the tests.
import * as tf from '@tensorflow/tfjs-core';
import type { ClipConfig } from '../clip/config';
import type { EncodeSteps } from '../clip/tokenizer';
import type { Trace } from '../clip/trace';
import type { CellImages, CellItem } from './cell-protocol';
import { cellMessages } from './cell-messages';
import { describe, type ShowOptions, showItem } from './cell-show';
import type { Engine } from './engine';
import { GALLERY_SIZE, galleryItem, isGalleryIndex } from './inputs';
import type { ImageSpec, ImageInfo, TextInfo } from './protocol';

export interface Tokenized {
  text: string;
  /** [SOT, ..., EOT], unpadded and uncut. */
  ids: number[];
  tokens: string[];
  contextLength: number;
  /** The merges of each pre-token, step by step. */
  steps: EncodeSteps;
}

export interface GalleryImage {
  index: number;
  caption: string;
  /** The model's input crop, RGB HWC, size × size. */
  rgb: Uint8Array;
  size: number;
}

export interface ForwardResult {
  trace: Trace;
  texts: TextInfo[];
  images: ImageInfo[];
}

export interface ForwardInput {
  texts?: string[];
  images?: unknown[];
  /** Trace keys or key prefixes, or true for every stage (the default). */
  capture?: string[] | true;
}

/** `console` as the cell sees it: each call becomes a line of the cell's output. */
function cellConsole(
  emit: (item: CellItem) => void,
): Pick<Console, 'log' | 'info' | 'warn' | 'error' | 'debug'> {
  const line =
    (level: 'log' | 'warn' | 'error') =>
    (...args: unknown[]) =>
      emit({ kind: 'text', level, text: args.map((a) => describe(a)).join(' ') });
  return {
    log: line('log'),
    info: line('log'),
    debug: line('log'),
    warn: line('warn'),
    error: line('error'),
  };
}

/** Items one run may send: a program that shows in a loop cannot flood the page. */
export const MAX_ITEMS = 200;
const MAX_LINE_CHARS = 20_000;

export function cellApi(
  engine: Engine,
  images: CellImages,
  send: (item: CellItem) => void,
  lang?: string,
): Record<string, unknown> {
  const say = cellMessages(lang);
  let sent = 0;
  const emit = (item: CellItem): void => {
    sent++;
    if (sent > MAX_ITEMS + 1) return;
    if (sent === MAX_ITEMS + 1) return send({ kind: 'text', level: 'warn', text: say.tooMany(MAX_ITEMS) });
    if (item.kind === 'text' && item.text.length > MAX_LINE_CHARS) {
      send({ ...item, text: `${item.text.slice(0, MAX_LINE_CHARS)}…` });
    } else send(item);
  };
  const config: ClipConfig = structuredClone(engine.config);
  const size = config.image_resolution;
  const gallery: GalleryImage[] = Array.from({ length: GALLERY_SIZE }, (_, index) => {
    const item = galleryItem(index, size);
    return { index, caption: item.caption, rgb: item.image, size };
  });

  const imageSpec = (value: unknown): ImageSpec => {
    if (isGalleryIndex(value)) return { kind: 'world', index: value };
    if (value && typeof value === 'object') {
      const v = value as Partial<GalleryImage> & Partial<ImageSpec & { kind: string }>;
      if (typeof v.index === 'number' && gallery[v.index] === value) return { kind: 'world', index: v.index };
      if (v.kind === 'world' || v.kind === 'pixels') return value as ImageSpec;
    }
    if (value === null && images.mine === null) throw new Error(say.noMine);
    throw new Error(say.imageType(describe(value), GALLERY_SIZE - 1));
  };

  const run = (texts: string[], imgs: ImageSpec[], capture: string[] | true, steps = false) =>
    engine.run({ type: 'run', id: 0, channel: 'cell', texts, images: imgs, capture, steps });

  const features = (key: 'text.features' | 'image.features', trace: Trace): tf.Tensor2D => {
    const e = trace[key]!;
    return tf.tensor2d(e.data, [e.shape[0]!, e.shape[1]!]); // [N, embed]
  };

  return {
    model: Object.freeze({ name: engine.modelName, config }),
    tf,
    gallery,
    myImage: images.mine,
    pageImages: images.page,
    console: cellConsole(emit),
    tokenize(text: string): Tokenized {
      if (typeof text !== 'string') throw new Error(say.textType);
      const tok = engine.tokenizer;
      const ids = [tok.sot, ...tok.encode(text), tok.eot];
      return {
        text,
        ids,
        tokens: tok.tokensOf(ids),
        contextLength: config.context_length,
        steps: tok.encodeWithSteps(text),
      };
    },
    encodeText(texts: string | string[]): tf.Tensor2D {
      const list = typeof texts === 'string' ? [texts] : texts;
      if (!Array.isArray(list) || list.length === 0 || !list.every((t) => typeof t === 'string')) {
        throw new Error(say.textType);
      }
      return features('text.features', run(list, [], ['text.features']).trace);
    },
    encodeImage(value: unknown): tf.Tensor2D {
      const list = Array.isArray(value) ? value : [value];
      return features('image.features', run([], list.map(imageSpec), ['image.features']).trace);
    },
    forward(input: ForwardInput): ForwardResult {
      if (!input || typeof input !== 'object') throw new Error(say.forwardArgs);
      const texts = input.texts ?? [];
      const imgs = (input.images ?? []).map(imageSpec);
      if (!Array.isArray(texts) || texts.length + imgs.length === 0) throw new Error(say.forwardArgs);
      const r = run(texts, imgs, input.capture ?? true);
      return { trace: r.trace, texts: r.texts, images: r.images };
    },
    show(value: unknown, options?: ShowOptions): void {
      emit(showItem(value, options ?? {}, config.context_length));
    },
  };
}
