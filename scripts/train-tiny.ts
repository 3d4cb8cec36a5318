// `npm run train:tiny [-- --steps N --batch B --seed S --out DIR]`: trains the site's default CLIP on the
// procedural world (wasm backend), evaluates it, and writes the model, its manifest and a training report.
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { useBackend } from '../src/node/backend';
import { MODELS_DIR } from '../src/node/models';
import { loadTokenizer } from '../src/node/vocab';
import { evaluateWorld } from '../src/train/evaluate';
import { packModel } from '../src/train/export';
import { tinyConfig } from '../src/train/tiny-config';
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
    'eval-n': { type: 'string' },
    out: { type: 'string' },
  },
});

const steps = positiveInt(values.steps, '--steps', 800);
const batchSize = positiveInt(values.batch, '--batch', 64);
const seed = positiveInt(values.seed, '--seed', 1);
const evalN = positiveInt(values['eval-n'], '--eval-n', 512);
const peak = Number(values.lr);
const outDir = resolve(values.out ?? resolve(MODELS_DIR, 'tiny'));

await useBackend('wasm');
const tokenizer = await loadTokenizer();
const config = tinyConfig(worldTokenIds(tokenizer));
const schedule = { peak, warmup: Math.max(1, Math.round(steps * 0.05)), total: steps, floor: peak / 50 };
const trainer = new Trainer(config, { seed, schedule, weightDecay: 0.1 });

const started = performance.now();
const curve: string[] = ['step,loss,lr,logit_scale,seconds'];
for (let s = 0; s < steps; s++) {
  const batch = makeBatch(deriveSeed(seed, s), batchSize, { split: 'train', size: config.image_resolution });
  const r = trainer.trainStep(pairBatch(tokenizer, config, batch.images, batch.captions));
  const seconds = (performance.now() - started) / 1000;
  curve.push(
    `${r.step},${r.loss.toFixed(5)},${r.lr.toExponential(4)},${r.logitScale.toFixed(4)},${seconds.toFixed(1)}`,
  );
  progressLine(r.step, steps, seconds, `loss ${r.loss.toFixed(3)}  scale ${r.logitScale.toFixed(1)}`);
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
const report = {
  seed,
  steps,
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
