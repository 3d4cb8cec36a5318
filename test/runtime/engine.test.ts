// The runtime engine on the cpu backend in Node: the same code the worker runs, on the shipped tiny model.
// Traces match a direct forward pass; the reader's mistakes come back as InputError; no tensor leaks.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { forward } from '../../src/clip/model';
import { toTensor } from '../../src/clip/preprocess';
import { useBackend } from '../../src/node/backend';
import { loadNamedModel } from '../../src/node/models';
import { loadTokenizer } from '../../src/node/vocab';
import { Engine } from '../../src/runtime/engine';
import { InputError } from '../../src/runtime/engine-inputs';
import { DEFAULT_TEXT, GALLERY_SIZE, galleryItem } from '../../src/runtime/inputs';
import type { RunRequest } from '../../src/runtime/protocol';
import { attentionWidths } from '../helpers/attention-kernels';

let engine: Engine;
beforeAll(async () => {
  await useBackend('cpu');
  engine = Engine.from('cpu', loadNamedModel('tiny'), await loadTokenizer());
});

const req = (r: Partial<RunRequest>): RunRequest => ({ type: 'run', id: 1, channel: 'c', capture: [], ...r });

describe('Engine.run', () => {
  it('returns the same features as a direct forward pass, with token info', async () => {
    const tokenizer = await loadTokenizer();
    const res = engine.run(req({ texts: [DEFAULT_TEXT], capture: ['text.features', 'text.embeddings'] }));
    const direct = forward(
      engine.model,
      { ids: tokenizer.tokenize(DEFAULT_TEXT) },
      { capture: ['text.features'] },
    );
    expect(res.trace['text.features']!.data).toEqual(direct.trace['text.features']!.data);
    expect(res.trace['text.embeddings']!.shape).toEqual([1, 77, engine.config.transformer_width]);
    expect(res.texts[0]!.tokens[0]).toBe('<|startoftext|>');
    expect(res.texts[0]!.ids.at(-1)).toBe(tokenizer.eot);
    expect(res.texts[0]!.truncated).toBe(false);
    expect(res.backend).toBe('cpu');
  });

  it('feeds a gallery image exactly as training does (rendered at the model resolution)', () => {
    const size = engine.config.image_resolution;
    const res = engine.run(req({ images: [{ kind: 'world', index: 2 }], capture: ['image.features'] }));
    const item = galleryItem(2, size);
    const direct = forward(
      engine.model,
      { images: [toTensor(item.image, size, size)] },
      { capture: ['image.features'] },
    );
    expect(res.trace['image.features']!.data).toEqual(direct.trace['image.features']!.data);
    expect(res.images[0]!.label).toBe(item.caption);
    expect(res.images[0]!.rgb.length).toBe(size * size * 3);
  });

  it('preprocesses reader pixels of any size (resize + centre crop)', () => {
    const data = new Uint8ClampedArray(300 * 200 * 4).fill(200);
    const res = engine.run(
      req({ images: [{ kind: 'pixels', width: 300, height: 200, data }], capture: ['image.pixels'] }),
    );
    const size = engine.config.image_resolution;
    expect(res.trace['image.pixels']!.shape).toEqual([1, 3, size, size]);
  });

  it('gives logits for every image and text pair', () => {
    const res = engine.run(
      req({
        texts: ['a red circle', 'a blue star'],
        images: [{ kind: 'world', index: 0 }],
        capture: ['logits_per_image', 'logit_scale.exp'],
      }),
    );
    expect(res.trace['logits_per_image']!.shape).toEqual([1, 2]);
    expect(res.trace['logit_scale.exp']!.data[0]).toBeGreaterThan(0);
  });

  it('truncates a text over 77 tokens and says so', () => {
    const long = Array.from({ length: 100 }, () => 'red').join(' ');
    const res = engine.run(req({ texts: [long], capture: ['text.features'] }));
    expect(res.texts[0]!.truncated).toBe(true);
    expect(res.texts[0]!.fullCount).toBe(102);
    expect(res.texts[0]!.ids).toHaveLength(77);
    expect(res.notes.join(' ')).toMatch(/102 tokens/);
  });

  it('counts a text with a literal <|endoftext|> up to the EOT that closes it, as clip.tokenize writes it', () => {
    const res = engine.run(req({ texts: ['a red circle <|endoftext|> blue'], capture: ['text.features'] }));
    expect(res.texts[0]!.ids).toHaveLength(7);
    expect(res.texts[0]!.tokens.filter((t) => t === '<|endoftext|>')).toHaveLength(2);
  });

  it('returns the tokenizer steps on request', () => {
    const res = engine.run(req({ texts: ['Hello, world'], steps: true }));
    expect(res.texts[0]!.steps!.cleaned).toBe('hello, world');
    expect(res.texts[0]!.steps!.pretokens.map((p) => p.text)).toEqual(['hello', ',', 'world']);
  });

  it.each([
    ['an empty text', { texts: ['   '] }, /empty/],
    [
      'a missing gallery image',
      { images: [{ kind: 'world' as const, index: GALLERY_SIZE }] },
      /no sample image/,
    ],
    [
      'damaged pixels',
      { images: [{ kind: 'pixels' as const, width: 4, height: 4, data: new Uint8ClampedArray(3) }] },
      /damaged/,
    ],
    [
      'an image without pixels',
      { images: [{ kind: 'pixels' as const, width: 0, height: 4, data: new Uint8ClampedArray(0) }] },
      /no pixels/,
    ],
    ['no input at all', {}, /Nothing to compute/],
  ])('refuses %s with an InputError', (_name, input, message) => {
    expect(() => engine.run(req(input as Partial<RunRequest>))).toThrow(InputError);
    expect(() => engine.run(req(input as Partial<RunRequest>))).toThrow(message);
  });

  it("reuses a tower's features for inputs it has seen, with the logits of a fresh pass", async () => {
    const tokenizer = await loadTokenizer();
    const size = engine.config.image_resolution;
    const visionTokens = (size / engine.config.vision_patch_size) ** 2 + 1;
    const images = [0, 1].map((index) => ({ kind: 'world' as const, index }));
    const capture = ['logits_per_image', 'logit_scale.exp'];
    const visionBlocks = async (r: Partial<RunRequest>): Promise<number> => {
      const info = await tf.profile(() => void engine.run(req(r)));
      return attentionWidths(info.kernels).filter((width) => width === visionTokens).length;
    };
    const layers = engine.config.vision_layers;
    expect(await visionBlocks({ texts: ['a red circle', 'a blue square'], images, capture })).toBe(layers);
    const texts = ['a red circle', 'a green star'];
    expect(await visionBlocks({ texts, images, capture })).toBe(0);
    const res = engine.run(req({ texts, images, capture }));
    const fresh = forward(
      engine.model,
      {
        ids: texts.map((t) => tokenizer.tokenize(t)[0]!),
        images: images.map((i) => toTensor(galleryItem(i.index, size).image, size, size)),
      },
      { capture },
    );
    expect(res.trace['logits_per_image']!.data).toEqual(fresh.trace['logits_per_image']!.data);
    // Another image, a recorded vision stage or a switched-off vision head runs the tower again.
    const other = [...images, { kind: 'world' as const, index: 2 }];
    expect(await visionBlocks({ texts, images: other, capture })).toBe(layers);
    expect(await visionBlocks({ texts, images, capture: [...capture, 'image.features'] })).toBe(layers);
    expect(await visionBlocks({ texts, images, capture, headMask: { image: { 0: [0] } } })).toBe(layers);
  });

  it('keeps tf.memory() flat from one request to the next', () => {
    const r = req({ texts: ['a cat'], images: [{ kind: 'world', index: 1 }], capture: true });
    engine.run(r);
    const before = tf.memory().numTensors;
    const res = engine.run(r);
    expect(tf.memory().numTensors).toBe(before);
    expect(res.tensors).toBe(before);
  });
});
