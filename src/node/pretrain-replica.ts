// One replica of the image tower's warm start, a child process of src/node/pretrain-pool.ts: it computes gradients on its
// shard of each batch and applies the gradients averaged over all shards, so every replica holds the
// same weights after every step.
import { attributeBatch, pretrainBatchSeed, shardOf, VisionPretrainer } from '../train/pretrain';
import { Trainer } from '../train/trainer';
import { useBackend } from './backend';
import type { PoolToReplica, ReplicaSetup, ReplicaToPool } from './pretrain-pool';

const send = (m: ReplicaToPool) => process.send!(m);
const setup = await new Promise<ReplicaSetup>((resolve) => process.once('message', resolve));

await useBackend('wasm');
const initial = new Map(setup.initial.map(([name, shape, data]) => [name, { shape, data }]));
const trainer = new Trainer(setup.config, {
  seed: setup.seed,
  schedule: { peak: 0, warmup: 1, total: 1 },
  initial,
});
const pre = new VisionPretrainer(trainer.weights, setup.config, {
  seed: setup.seed,
  schedule: setup.schedule,
  weightDecay: setup.weightDecay,
});
const res = setup.config.image_resolution;

process.on('message', (m: PoolToReplica) => {
  if (m.type === 'step') {
    const batch = attributeBatch(pretrainBatchSeed(setup.seed, m.step), setup.batchSize, res);
    const r = pre.shardGradients(shardOf(batch, setup.from, setup.to));
    send({ type: 'grads', ...r });
  } else if (m.type === 'apply') {
    pre.applyGradients(m.grads);
  } else {
    const accuracy = pre.accuracy(attributeBatch(m.evalSeed, m.evalN, res));
    const weights = [...trainer.exportWeights()].map(
      ([name, t]) => [name, t.shape, t.data] as [string, number[], Float32Array],
    );
    send({ type: 'done', accuracy, weights });
  }
});
send({ type: 'ready' });
