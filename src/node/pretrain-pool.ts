// The image tower's warm start, data-parallel over child processes: wasm runs one thread per process in
// Node, so on a machine with k cores, k replicas each take 1/k of every batch. (Worker threads were
// measured here too: two of them gave no speed-up, two processes gave 1.6x.) The attribute loss is a
// mean over examples, so averaging the shards' gradients (weighted by shard size) gives the full batch's
// gradient, and the replicas stay identical because each applies the same update.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ClipConfig } from '../clip/config';
import {
  ATTRIBUTES,
  type Attribute,
  type PretrainResult,
  type ShardGradients,
  fractions,
} from '../train/pretrain';
import { learningRate, type Schedule } from '../train/schedule';

type Arrays = Map<string, { shape: number[]; data: Float32Array }>;

export interface ReplicaSetup {
  config: ClipConfig;
  initial: [string, number[], Float32Array][];
  seed: number;
  schedule: Schedule;
  weightDecay: number;
  batchSize: number;
  from: number;
  to: number;
}

export type PoolToReplica =
  | { type: 'step'; step: number }
  | { type: 'apply'; grads: Record<string, Float32Array> }
  | { type: 'finish'; evalSeed: number; evalN: number };

export type ReplicaToPool =
  | { type: 'ready' }
  | ({ type: 'grads' } & ShardGradients)
  | { type: 'done'; accuracy: Record<Attribute, number>; weights: [string, number[], Float32Array][] };

export interface PoolOptions {
  config: ClipConfig;
  initial: Arrays;
  seed: number;
  schedule: Schedule;
  weightDecay: number;
  steps: number;
  batchSize: number;
  workers: number;
  evaluation: { seed: number; n: number };
  onStep?: (r: PretrainResult) => void;
}

const REPLICA = fileURLToPath(
  new URL(`./pretrain-replica${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url),
);

/** Runs the warm start on `workers` threads; returns every weight (OpenAI names) and the final accuracy. */
export async function pretrainInParallel(
  o: PoolOptions,
): Promise<{ weights: Arrays; accuracy: Record<Attribute, number> }> {
  const count = Math.max(1, Math.min(o.workers, o.batchSize));
  const initial = [...o.initial].map(([n, t]) => [n, t.shape, t.data] as [string, number[], Float32Array]);
  const replicas = Array.from({ length: count }, (_, k) => {
    const setup: ReplicaSetup = {
      config: o.config,
      initial,
      seed: o.seed,
      schedule: o.schedule,
      weightDecay: o.weightDecay,
      batchSize: o.batchSize,
      from: Math.floor((k * o.batchSize) / count),
      to: Math.floor(((k + 1) * o.batchSize) / count),
    };
    // Under tsx the replica is TypeScript too and needs the same loader; typed arrays need the
    // structured-clone channel rather than JSON.
    const execArgv = REPLICA.endsWith('.ts') ? ['--import', 'tsx'] : [];
    const child = fork(REPLICA, {
      execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.send(setup);
    return {
      child,
      share: (setup.to - setup.from) / o.batchSize,
    };
  });
  const inboxes = replicas.map(({ child }) => messages(child));
  try {
    await Promise.all(inboxes.map((next) => next('ready')));
    for (let step = 0; step < o.steps; step++) {
      for (const { child } of replicas) child.send({ type: 'step', step } satisfies PoolToReplica);
      const shards = await Promise.all(inboxes.map((next) => next('grads')));
      const grads = average(
        shards,
        replicas.map((r) => r.share),
      );
      for (const { child } of replicas) child.send({ type: 'apply', grads } satisfies PoolToReplica);
      const hits = {} as Record<Attribute, number>;
      for (const a of ATTRIBUTES) hits[a] = shards.reduce((sum, s) => sum + s.hits[a], 0);
      const loss = shards.reduce((sum, s, k) => sum + s.loss * replicas[k]!.share, 0);
      const lr = learningRate(step, o.schedule);
      o.onStep?.({ step: step + 1, loss, lr, accuracy: fractions(hits, o.batchSize) });
    }
    replicas[0]!.child.send({ type: 'finish', evalSeed: o.evaluation.seed, evalN: o.evaluation.n });
    const done = await inboxes[0]!('done');
    const weights: Arrays = new Map(done.weights.map(([n, shape, data]) => [n, { shape, data }]));
    return { weights, accuracy: done.accuracy };
  } finally {
    for (const { child } of replicas) child.kill();
  }
}

/** Gradients averaged over shards, each weighted by its share of the batch. */
function average(shards: ShardGradients[], shares: number[]): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  for (const name of Object.keys(shards[0]!.grads)) {
    const sum = new Float32Array(shards[0]!.grads[name]!.length);
    shards.forEach((s, k) => {
      const g = s.grads[name]!;
      for (let i = 0; i < g.length; i++) sum[i] = sum[i]! + g[i]! * shares[k]!;
    });
    out[name] = sum;
  }
  return out;
}

type Inbox = <T extends ReplicaToPool['type']>(type: T) => Promise<Extract<ReplicaToPool, { type: T }>>;

/** Awaitable messages from a replica, in order; its error or early exit rejects the wait. */
function messages(child: ChildProcess): Inbox {
  const queue: ReplicaToPool[] = [];
  let waiting: { resolve: (m: ReplicaToPool) => void; reject: (e: Error) => void } | undefined;
  let failure: Error | undefined;
  const fail = (e: Error) => {
    failure = e;
    waiting?.reject(e);
    waiting = undefined;
  };
  child.on('message', (m: ReplicaToPool) => {
    if (waiting) {
      waiting.resolve(m);
      waiting = undefined;
    } else queue.push(m);
  });
  child.on('error', fail);
  child.on('exit', (code) => fail(new Error(`a warm-start replica exited early (code ${code})`)));
  return async (type) => {
    const queued = queue.shift();
    if (!queued && failure) throw failure;
    const m =
      queued ?? (await new Promise<ReplicaToPool>((resolve, reject) => (waiting = { resolve, reject })));
    if (m.type !== type) throw new Error(`warm-start replica sent "${m.type}" where "${type}" was expected`);
    return m as never;
  };
}
