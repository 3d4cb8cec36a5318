// The model on configurations the fixtures do not cover, against an independent float64 CLIP
// (test/helpers/naive-clip.ts), itself first checked against OpenAI's fixtures.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClipConfig } from '../../src/clip/config';
import { initWeights, seededRandom } from '../../src/clip/init';
import { disposeModel, forward, loadModel } from '../../src/clip/model';
import { readSafetensors, writeSafetensors } from '../../src/clip/safetensors';
import { useBackend } from '../../src/node/backend';
import { naiveImage, naiveText } from '../helpers/naive-clip';
import { TINY_A, loadFixtures, maxAbsDiff, splitRows } from '../helpers/reference';

const fx = loadFixtures();

describe('the independent float64 CLIP', () => {
  it('reproduces the reference features and attention of tiny-clip-a', () => {
    const ckpt = readSafetensors(new Uint8Array(readFileSync(resolve(TINY_A, 'weights.safetensors'))));
    const P = (name: string) => ckpt.tensors.get(name)!;
    const cfg = fx.index.config as unknown as ClipConfig;
    const ids = splitRows(fx.get('text.tokens').data as Int32Array, 4);
    const text = naiveText(ids[3]!, P, cfg);
    expect(maxAbsDiff(text.features, fx.get('text.features').data.slice(96, 128))).toBeLessThan(1e-5);
    const probs = fx.get('transformer.resblocks.1.attn.probs').data; // [4, 4, 77, 77]
    const head2 = probs.slice((3 * 4 + 2) * 77 * 77, (3 * 4 + 3) * 77 * 77);
    expect(maxAbsDiff(text.probs[1]![2]!.flat(), head2)).toBeLessThan(2e-6);
    const image = naiveImage(splitRows(fx.get('image.pixels').data as Float32Array, 3)[1]!, P, cfg);
    expect(maxAbsDiff(image.features, fx.get('image.features').data.slice(32, 64))).toBeLessThan(1e-5);
  });
});

const CONFIGS: Record<string, ClipConfig> = {
  'three text heads, two vision heads, patch 4 on a 24 px image': {
    embed_dim: 24,
    image_resolution: 24,
    vision_layers: 3,
    vision_width: 128,
    vision_patch_size: 4,
    context_length: 12,
    vocab_size: 300,
    transformer_width: 48,
    transformer_heads: 3,
    transformer_layers: 1,
  },
  'one text layer of one head, patch 16 on a 48 px image': {
    embed_dim: 16,
    image_resolution: 48,
    vision_layers: 1,
    vision_width: 64,
    vision_patch_size: 16,
    context_length: 9,
    vocab_size: 50,
    transformer_width: 16,
    transformer_heads: 1,
    transformer_layers: 3,
  },
  'a reduced token table (rows for some ids, one shared row for the rest)': {
    embed_dim: 8,
    image_resolution: 16,
    vision_layers: 1,
    vision_width: 64,
    vision_patch_size: 8,
    context_length: 10,
    vocab_size: 6,
    transformer_width: 16,
    transformer_heads: 2,
    transformer_layers: 1,
    token_ids: [3, 7, 11, 40, 299],
  },
};

describe.each(Object.entries(CONFIGS))('a CLIP with %s', (_, cfg) => {
  const weights = initWeights(cfg, { seed: 11, perturb: true });
  const P = (name: string) => weights.get(name)!;
  const rand = seededRandom(5);
  const ids = [5, 2].map((len) => {
    const row = new Int32Array(cfg.context_length);
    const pool = cfg.token_ids ? [3, 7, 11, 40, 0, 5, 200] : null;
    for (let t = 0; t < len; t++) {
      row[t] = pool ? pool[Math.floor(rand() * pool.length)]! : Math.floor(rand() * (cfg.vocab_size - 1));
    }
    row[len] = pool ? 299 : cfg.vocab_size - 1;
    return row;
  });
  const pixelCount = 3 * cfg.image_resolution ** 2;
  const images = [0, 1].map(() => Float32Array.from({ length: pixelCount }, () => rand() * 4 - 2));

  beforeAll(() => useBackend('cpu'));

  it('loads from safetensors with the config in the metadata and matches the float64 CLIP', () => {
    const bytes = writeSafetensors(weights, { metadata: { config: JSON.stringify(cfg) } });
    const model = loadModel(bytes);
    const before = tf.memory().numTensors;
    const out = forward(model, { ids, images }, { capture: ['transformer.resblocks.0.attn.probs'] });
    expect(tf.memory().numTensors).toBe(before);
    disposeModel(model);
    const textWant = ids.map((row) => naiveText(row, P, cfg));
    const imageWant = images.map((px) => naiveImage(px, P, cfg));
    expect(
      maxAbsDiff(
        out.textFeatures!.data,
        textWant.flatMap((r) => r.features),
      ),
    ).toBeLessThan(1e-5);
    expect(
      maxAbsDiff(
        out.imageFeatures!.data,
        imageWant.flatMap((r) => r.features),
      ),
    ).toBeLessThan(1e-5);
    const probs = out.trace['transformer.resblocks.0.attn.probs']!;
    expect(probs.shape).toEqual([2, cfg.transformer_heads, cfg.context_length, cfg.context_length]);
    expect(
      maxAbsDiff(
        probs.data,
        textWant.flatMap((r) => r.probs[0]!.flat(2)),
      ),
    ).toBeLessThan(2e-6);
  });
});
