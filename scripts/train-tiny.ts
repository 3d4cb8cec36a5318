// `npm run train:tiny [-- --pretrain-steps P --steps N --batch B --seed S --workers W --tune-vision
// --out DIR]`: trains the site's default CLIP on the procedural world (wasm backend) in two stages: a
// supervised warm start of the image tower (src/train/pretrain.ts, data-parallel over W processes), then
// contrastive training with that tower locked, as in LiT, or tuned at a lower rate with --tune-vision.
// Evaluates the result and writes the model, its manifest and a training report.
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { useBackend } from '../src/node/backend';
import { MODELS_DIR } from '../src/node/models';
import { loadTokenizer } from '../src/node/vocab';
import { evaluateWorld } from '../src/train/evaluate';
import { initWeights } from '../src/clip/init';
import { pretrainInParallel } from '../src/node/pretrain-pool';
import {
  attributeBatch,
  pretrainBatchSeed,
  type PretrainResult,
  VisionPretrainer,
} from '../src/train/pretrain';
import { packModel } from '../src/weights/pack';
import { configFromSizes } from '../src/train/tiny-config';
import { Trainer } from '../src/train/trainer';
import { pairBatch, worldTokenIds } from '../src/train/world-data';
import { deriveSeed, makeBatch } from '../src/world';
import { positiveInt } from './cli/errors';
import { progressLine } from './progress';

const { values } = parseArgs({
  options: {
    steps: { type: 'string' },
    batch: { type: 'string' },
    seed: { type: 'string' },
    lr: { type: 'string', default: '0.002' },
    'pretrain-steps': { type: 'string' },
    'pretrain-lr': { type: 'string', default: '0.001' },
    'vision-lr-scale': { type: 'string', default: '0.1' },
    'tune-vision': { type: 'boolean', default: false },
    'eval-n': { type: 'string' },
    out: { type: 'string' },
    workers: { type: 'string' },
  },
});

const steps = positiveInt(values.steps, '--steps', 900);
const pretrainSteps =
  values['pretrain-steps'] === '0' ? 0 : positiveInt(values['pretrain-steps'], '--pretrain-steps', 1500);
const pretrainPeak = Number(values['pretrain-lr']);
const batchSize = positiveInt(values.batch, '--batch', 64);
const seed = positiveInt(values.seed, '--seed', 1);
const evalN = positiveInt(values['eval-n'], '--eval-n', 512);
const peak = Number(values.lr);
// wasm is one thread per worker in Node: the warm start splits each batch over one worker per core.
const workers = positiveInt(values.workers, '--workers', Math.min(2, availableParallelism()));
const outDir = resolve(values.out ?? resolve(MODELS_DIR, 'tiny'));

await useBackend('wasm');
const tokenizer = await loadTokenizer();
const config = configFromSizes(worldTokenIds(tokenizer));
const schedule = { peak, warmup: Math.max(1, Math.round(steps * 0.05)), total: steps, floor: peak / 50 };
// After the warm start the image tower is locked (LiT), or tuned more slowly with --tune-vision, so that
// the text tower's early, random gradients cannot undo it.
const lockedVision = pretrainSteps > 0 && !values['tune-vision'];
const visionLrScale = pretrainSteps > 0 && !lockedVision ? Number(values['vision-lr-scale']) : 1;
const started = performance.now();
const pretrainCurve: string[] = ['step,loss,lr,shape,colour,size,position,seconds'];
const logPretrain = (r: PretrainResult) => {
  const seconds = (performance.now() - started) / 1000;
  const a = r.accuracy;
  pretrainCurve.push(
    `${r.step},${r.loss.toFixed(5)},${r.lr.toExponential(4)},${a.shape},${a.colour},${a.size},${a.position},${seconds.toFixed(1)}`,
  );
  progressLine(
    r.step,
    pretrainSteps,
    seconds,
    `image tower  loss ${r.loss.toFixed(3)}  shape ${(a.shape * 100).toFixed(0)}%`,
  );
};
const preSchedule = {
  peak: pretrainPeak,
  warmup: Math.max(1, Math.round(pretrainSteps * 0.05)),
  total: pretrainSteps,
  floor: pretrainPeak / 50,
};
const evaluation = { seed: deriveSeed(2024, 9), n: 256 };
let initial = initWeights(config, { seed });
let pretrainAccuracy: Record<string, number> | undefined;
if (pretrainSteps > 0 && workers > 1) {
  const r = await pretrainInParallel({
    config,
    initial,
    seed,
    schedule: preSchedule,
    weightDecay: 0.1,
    steps: pretrainSteps,
    batchSize,
    workers,
    evaluation,
    onStep: logPretrain,
  });
  initial = r.weights;
  pretrainAccuracy = r.accuracy;
}
const trainer = new Trainer(config, {
  seed,
  schedule,
  weightDecay: 0.1,
  visionLrScale,
  lockedVision,
  initial,
});
if (pretrainSteps > 0 && workers === 1) {
  const pre = new VisionPretrainer(trainer.weights, config, {
    seed,
    schedule: preSchedule,
    weightDecay: 0.1,
  });
  for (let s = 0; s < pretrainSteps; s++) {
    logPretrain(
      pre.trainStep(attributeBatch(pretrainBatchSeed(seed, s), batchSize, config.image_resolution)),
    );
  }
  pretrainAccuracy = pre.accuracy(attributeBatch(evaluation.seed, evaluation.n, config.image_resolution));
  pre.dispose();
}
if (pretrainAccuracy) {
  process.stderr.write(`\nimage tower on 256 fresh scenes: ${JSON.stringify(pretrainAccuracy)}\n`);
}
const curve: string[] = ['step,loss,lr,logit_scale,seconds'];
const contrastiveStart = performance.now();
for (let s = 0; s < steps; s++) {
  const batch = makeBatch(deriveSeed(seed, s), batchSize, { split: 'train', size: config.image_resolution });
  const r = trainer.trainStep(pairBatch(tokenizer, config, batch.images, batch.captions));
  const seconds = (performance.now() - started) / 1000;
  curve.push(
    `${r.step},${r.loss.toFixed(5)},${r.lr.toExponential(4)},${r.logitScale.toFixed(4)},${seconds.toFixed(1)}`,
  );
  // The bar's time and ETA are this stage's; the CSV keeps the time since training began.
  const stageSeconds = (performance.now() - contrastiveStart) / 1000;
  progressLine(
    r.step,
    steps,
    stageSeconds,
    `contrastive  loss ${r.loss.toFixed(3)}  scale ${r.logitScale.toFixed(1)}`,
  );
}
const trainSeconds = (performance.now() - started) / 1000;
process.stderr.write('\nevaluating...\n');
const metrics = evaluateWorld(trainer.weights, config, tokenizer, { n: evalN, seed: 2024 });
const { manifest, files } = await packModel('tiny', config, trainer.exportWeights());
trainer.dispose();

mkdirSync(outDir, { recursive: true });
for (const [path, bytes] of files) writeFileSync(resolve(outDir, path), bytes);
writeFileSync(resolve(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
writeFileSync(resolve(outDir, 'loss.csv'), `${curve.join('\n')}\n`);
if (pretrainSteps > 0) writeFileSync(resolve(outDir, 'pretrain.csv'), `${pretrainCurve.join('\n')}\n`);
const report = {
  seed,
  pretrain:
    pretrainSteps > 0
      ? { steps: pretrainSteps, peak: pretrainPeak, objects: 1, workers, accuracyOn256: pretrainAccuracy }
      : null,
  steps,
  lockedVision,
  visionLrScale,
  batchSize,
  schedule,
  optimizer: { name: 'AdamW', beta1: 0.9, beta2: 0.98, epsilon: 1e-6, weightDecay: 0.1 },
  backend: 'wasm',
  trainSeconds: Math.round(trainSeconds),
  finalLoss: Number(curve[curve.length - 1]!.split(',')[1]),
  evaluation: { n: evalN, seed: 2024, ...metrics },
  config,
  date: new Date().toISOString(),
};
writeFileSync(resolve(outDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(metrics)}\n`);
process.stderr.write(`wrote ${outDir} in ${Math.round(trainSeconds)} s of training\n`);
