// The world as training data: token table coverage, and the exactness of cutting texts at the longest EOT.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initWeights } from '../../src/clip/init';
import { loadModel } from '../../src/clip/model';
import { writeSafetensors } from '../../src/clip/safetensors';
import { encodeText } from '../../src/clip/text-tower';
import type { ClipTokenizer } from '../../src/clip/tokenizer';
import { useBackend } from '../../src/node/backend';
import { loadTokenizer } from '../../src/node/vocab';
import { configFromSizes } from '../../src/train/tiny-config';
import { encodeImages, encodeTexts, worldTokenIds } from '../../src/train/world-data';
import { makeBatch, zeroShotLabels } from '../../src/world';
import { maxAbsDiff } from '../helpers/reference';

let tokenizer: ClipTokenizer;

beforeAll(async () => {
  await useBackend('cpu');
  tokenizer = await loadTokenizer();
});

describe('the world token table', () => {
  it('holds SOT, EOT and every id of every caption and prompt', () => {
    const ids = new Set(worldTokenIds(tokenizer));
    expect(ids.has(49406) && ids.has(49407)).toBe(true);
    const texts = [...makeBatch(3, 300).captions, ...zeroShotLabels().map((l) => l.prompt)];
    const missing = texts.flatMap((t) => tokenizer.encode(t)).filter((id) => !ids.has(id));
    expect(missing).toEqual([]);
  });

  it('is sorted and small', () => {
    const ids = worldTokenIds(tokenizer);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids.length).toBeLessThan(80);
  });
});

describe('encodeTexts', () => {
  it('cuts every row at the longest EOT + 1, and the cut changes no text feature', () => {
    const cfg = configFromSizes(worldTokenIds(tokenizer));
    const texts = [
      'red circle',
      'a big blue star at the top left',
      'a small green square above a large black heart',
    ];
    const { ids, length } = encodeTexts(tokenizer, texts, cfg);
    const full = tokenizer.tokenize(texts, { contextLength: 77 });
    expect(length).toBe(Math.max(...full.map((r) => r.indexOf(49407) + 1)));
    const model = loadModel(
      writeSafetensors(initWeights(cfg, { seed: 2 }), { metadata: { config: JSON.stringify(cfg) } }),
    );
    const [cut, padded] = tf.tidy(() => [
      encodeText(tf.tensor2d(ids, [3, length], 'int32'), model.weights, cfg)
        .dataSync()
        .slice(),
      encodeText(
        tf.tensor2d(
          full.flatMap((r) => Array.from(r)),
          [3, 77],
          'int32',
        ),
        model.weights,
        cfg,
      )
        .dataSync()
        .slice(),
    ]);
    expect(maxAbsDiff(cut!, padded!)).toBeLessThan(1e-6);
    tf.dispose([...model.weights.values()]);
  });
});

describe('encodeImages', () => {
  it('stacks CLIP-normalised CHW planes', () => {
    const size = 8;
    const img = new Uint8Array(size * size * 3).fill(255);
    const out = encodeImages([img, img], size);
    expect(out.length).toBe(2 * 3 * 64);
    expect(out[0]).toBeCloseTo((1 - 0.48145466) / 0.26862954, 5);
    expect(out[3 * 64 + 2 * 64]).toBeCloseTo((1 - 0.40821073) / 0.27577711, 5);
  });
});
