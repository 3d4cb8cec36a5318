// Training on a very small run: the loss falls, memory stays flat, the temperature is clamped or fixed,
// and the exported weights give the same features as the trained ones.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClipConfig } from '../../src/clip/config';
import { forward, loadModel, disposeModel } from '../../src/clip/model';
import { writeSafetensors } from '../../src/clip/safetensors';
import type { ClipTokenizer } from '../../src/clip/tokenizer';
import { useBackend } from '../../src/node/backend';
import { loadTokenizer } from '../../src/node/vocab';
import { MAX_LOGIT_SCALE, Trainer } from '../../src/train/trainer';
import { pairBatch, worldTokenIds } from '../../src/train/world-data';
import { makeBatch } from '../../src/world';
import { maxAbsDiff } from '../helpers/reference';

let tokenizer: ClipTokenizer;
let cfg: ClipConfig;

beforeAll(async () => {
  await useBackend('wasm');
  tokenizer = await loadTokenizer();
  const ids = worldTokenIds(tokenizer);
  cfg = {
    embed_dim: 16,
    image_resolution: 16,
    vision_patch_size: 8,
    vision_width: 32,
    vision_heads: 2,
    vision_layers: 1,
    transformer_width: 32,
    transformer_heads: 2,
    transformer_layers: 1,
    context_length: 77,
    vocab_size: ids.length + 1,
    token_ids: ids,
  };
});

const batchOf = (seed: number, n: number) => {
  const b = makeBatch(seed, n, { split: 'train', size: 16 });
  return pairBatch(tokenizer, cfg, b.images, b.captions);
};

describe('Trainer on the wasm backend', () => {
  let trainer: Trainer;
  afterAll(() => trainer?.dispose());

  it('lowers the loss on a batch in a few steps, without leaking tensors', () => {
    trainer = new Trainer(cfg, { seed: 3, schedule: { peak: 5e-3, warmup: 1, total: 12 } });
    const batch = batchOf(7, 16);
    trainer.trainStep(batch);
    const before = tf.memory().numTensors;
    const losses = Array.from({ length: 10 }, () => trainer.trainStep(batch).loss);
    expect(tf.memory().numTensors).toBe(before);
    expect(losses[9]).toBeLessThan(losses[0]! - 0.3);
  });

  it('exports weights that reproduce its own features', () => {
    const batch = batchOf(8, 4);
    const ids = Array.from({ length: 4 }, (_, i) =>
      batch.ids.slice(i * batch.length, (i + 1) * batch.length),
    );
    const plane = 3 * 16 * 16;
    const images = Array.from({ length: 4 }, (_, i) => batch.pixels.slice(i * plane, (i + 1) * plane));
    const live = forward({ config: cfg, weights: trainer.weights }, { ids, images });
    const saved = loadModel(
      writeSafetensors(trainer.exportWeights(), { metadata: { config: JSON.stringify(cfg) } }),
    );
    const again = forward(saved, { ids, images });
    disposeModel(saved);
    expect(maxAbsDiff(live.logitsPerImage!.data, again.logitsPerImage!.data)).toBeLessThan(1e-5);
  });
});

describe('the temperature', () => {
  it('stays fixed when asked', () => {
    const t = new Trainer(cfg, {
      seed: 1,
      fixedTemperature: true,
      schedule: { peak: 1e-2, warmup: 1, total: 3 },
    });
    for (let i = 0; i < 3; i++) expect(t.trainStep(batchOf(i, 8)).logitScale).toBeCloseTo(1 / 0.07, 4);
    t.dispose();
  });

  it('is clamped at ln(100)', () => {
    const fresh = new Trainer(cfg, { seed: 1, schedule: { peak: 0, warmup: 1, total: 1 } });
    const initial = fresh.exportWeights();
    fresh.dispose();
    initial.set('logit_scale', { shape: [], data: Float32Array.of(6) });
    const t = new Trainer(cfg, { seed: 1, initial, schedule: { peak: 1e-3, warmup: 1, total: 2 } });
    const r = t.trainStep(batchOf(1, 8));
    expect(Math.log(r.logitScale)).toBeCloseTo(MAX_LOGIT_SCALE, 5);
    t.dispose();
  });
});

describe('a locked image tower (LiT)', () => {
  it('keeps every visual weight but ln_post and proj, while the text tower learns', () => {
    const t = new Trainer(cfg, {
      seed: 2,
      lockedVision: true,
      schedule: { peak: 5e-3, warmup: 1, total: 4 },
    });
    const before = t.exportWeights();
    const losses = Array.from({ length: 4 }, (_, i) => t.trainStep(batchOf(20 + i, 8)).loss);
    const after = t.exportWeights();
    t.dispose();
    expect(losses.every(Number.isFinite)).toBe(true);
    const moved = (name: string) => maxAbsDiff(before.get(name)!.data, after.get(name)!.data) > 0;
    const visual = [...before.keys()].filter((n) => n.startsWith('visual.'));
    for (const name of visual) {
      expect(moved(name), name).toBe(name === 'visual.proj' || name.startsWith('visual.ln_post.'));
    }
    expect(moved('token_embedding.weight')).toBe(true);
    expect(moved('text_projection')).toBe(true);
  });
});
