// The data-parallel warm start (src/node/pretrain-pool.ts): two replica processes, each taking half of
// every batch, follow the same trajectory as one process taking the whole batch, because the attribute
// loss is a mean over examples and the replicas average their gradients before each update.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClipConfig } from '../../src/clip/config';
import { initWeights } from '../../src/clip/init';
import { useBackend } from '../../src/node/backend';
import { pretrainInParallel } from '../../src/node/pretrain-pool';
import {
  attributeBatch,
  pretrainBatchSeed,
  type PretrainResult,
  VisionPretrainer,
} from '../../src/train/pretrain';
import { Trainer } from '../../src/train/trainer';

const cfg: ClipConfig = {
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
  vocab_size: 49408,
};
const seed = 3;
const steps = 4;
const batchSize = 10;
const schedule = { peak: 3e-3, warmup: 1, total: steps };
const evaluation = { seed: 77, n: 16 };

beforeAll(() => useBackend('wasm'));

describe('pretrainInParallel', () => {
  it('matches one process on the same batches, step by step, and returns its weights', async () => {
    const trainer = new Trainer(cfg, { seed, schedule: { peak: 0, warmup: 1, total: 1 } });
    const serial = new VisionPretrainer(trainer.weights, cfg, { seed, schedule, weightDecay: 0.1 });
    const serialSteps = Array.from({ length: steps }, (_, s) =>
      serial.trainStep(attributeBatch(pretrainBatchSeed(seed, s), batchSize, cfg.image_resolution)),
    );
    const serialAccuracy = serial.accuracy(attributeBatch(evaluation.seed, evaluation.n, 16));
    serial.dispose();
    const serialWeights = trainer.exportWeights();
    trainer.dispose();

    const parallelSteps: PretrainResult[] = [];
    const parallel = await pretrainInParallel({
      config: cfg,
      initial: initWeights(cfg, { seed }),
      seed,
      schedule,
      weightDecay: 0.1,
      steps,
      batchSize,
      workers: 2,
      evaluation,
      onStep: (r) => parallelSteps.push(r),
    });

    expect(parallelSteps.map((r) => r.step)).toEqual([1, 2, 3, 4]);
    parallelSteps.forEach((r, i) => {
      expect(r.loss).toBeCloseTo(serialSteps[i]!.loss, 4);
      expect(r.accuracy).toEqual(serialSteps[i]!.accuracy);
      expect(r.lr).toBe(serialSteps[i]!.lr);
    });
    expect(parallel.accuracy).toEqual(serialAccuracy);
    // The image tower moved, identically; the text tower did not move at all.
    for (const name of ['visual.proj', 'visual.conv1.weight', 'token_embedding.weight']) {
      const a = parallel.weights.get(name)!.data;
      const b = serialWeights.get(name)!.data;
      let worst = 0;
      for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
      expect(worst, name).toBeLessThan(1e-5);
    }
    const start = initWeights(cfg, { seed });
    expect(parallel.weights.get('visual.proj')!.data).not.toEqual(start.get('visual.proj')!.data);
    expect(parallel.weights.get('token_embedding.weight')!.data).toEqual(
      start.get('token_embedding.weight')!.data,
    );
  });
});
