// The training lab's worker: starts a backend (backend.ts: webgl on a real GPU, else wasm, cpu last), loads
// the tokenizer as the model worker does, and trains one LabRun at a time (src/train/training-lab.ts), a step per
// macrotask so that pause, reset and step messages are read between steps. Imported by the page too, as
// the fallback where Worker is missing (createTrainHost); it listens to messages only inside a worker.
import * as tf from '@tensorflow/tfjs-core';
// The core alone registers no gradient; training needs them (Node gets them from @tensorflow/tfjs).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { type ClipTokenizer, createTokenizer } from '../clip/tokenizer';
import { LabRun, type LabSettings, PROBE_EVERY, VIEW_EVERY, visionWeightsOf } from '../train/training-lab';
import { backendThreads, initBackend } from './backend';
import { disposeModel } from '../clip/model';
import { loadTinyModel } from './served-model';
import { isNetworkError } from './messages';
import type { BackendName } from './protocol';
import { type TrainRequest, type TrainResponse, trainTransferables } from './train-protocol';

/** A logits view every VIEW_EVERY steps, a probe every PROBE_EVERY steps (defined in src/train/training-lab.ts). */
export { PROBE_EVERY, VIEW_EVERY };

type Reply = (m: TrainResponse, transfer: Transferable[]) => void;
type VisionWeights = Map<string, { shape: number[]; data: Float32Array }>;

interface Setup {
  backend: BackendName;
  tokenizer: ClipTokenizer;
  base: string;
}

async function start(base: string, forced: BackendName | undefined): Promise<Setup> {
  const backend = await initBackend(base, forced, undefined, true);
  const res = await fetch(`${base.replace(/\/?$/, '/')}tokenizer/bpe-merges.txt`);
  if (!res.ok) throw new Error(`could not download the tokenizer (HTTP ${res.status})`);
  return { backend, tokenizer: createTokenizer(await res.text()), base };
}

export function createTrainHost(reply: Reply): { send(m: TrainRequest): void } {
  let setup: Promise<Setup> | null = null;
  let tinyVision: Promise<VisionWeights> | null = null;
  let run: LabRun | null = null;
  let runId = -1;
  let playing = false;
  let stepsLeft = 0;
  let looping = false;
  let chain: Promise<void> = Promise.resolve();

  const post = (m: TrainResponse): void => reply(m, trainTransferables(m));
  const fail = (id: number | null, err: unknown): void =>
    post({ type: 'error', run: id, message: (err as Error).message });

  const show = (withProbe: boolean): void => {
    if (!run) return;
    post({ type: 'view', run: runId, view: run.view(), probe: withProbe ? run.probe() : null });
  };

  const loadTinyVision = (base: string): Promise<VisionWeights> => {
    tinyVision ??= loadTinyModel(base).then((model) => {
      const weights = visionWeightsOf(model.weights, model.config);
      disposeModel(model);
      return weights;
    });
    tinyVision.catch(() => (tinyVision = null));
    return tinyVision;
  };

  const loop = async (): Promise<void> => {
    if (looping) return;
    looping = true;
    let trained: LabRun | null = null;
    try {
      while (run && (playing || stepsLeft > 0)) {
        trained = run;
        const t0 = performance.now();
        const result = run.trainStep();
        const ms = performance.now() - t0;
        if (!playing) stepsLeft -= 1;
        post({ type: 'step', run: runId, result, ms, tensors: tf.memory().numTensors });
        const stopping = !playing && stepsLeft === 0;
        if (!stopping && result.step % VIEW_EVERY === 0) show(result.step % PROBE_EVERY === 0);
        await new Promise((r) => setTimeout(r, 0));
      }
    } catch (err) {
      playing = false;
      stepsLeft = 0;
      fail(runId, err);
    } finally {
      looping = false;
    }
    if (run && run === trained) {
      show(true);
      post({ type: 'stopped', run: runId, step: run.step, tensors: tf.memory().numTensors });
    }
  };

  const reset = async (id: number, settings: LabSettings): Promise<void> => {
    runId = id;
    playing = false;
    stepsLeft = 0;
    run?.dispose();
    run = null;
    if (!setup) throw new Error('the training worker was not started');
    const s = await setup;
    const vision = settings.preset === 'lit' ? await loadTinyVision(s.base) : undefined;
    if (runId !== id) return;
    run = new LabRun(s.tokenizer, settings, vision);
    post({ type: 'started', run: id, parameters: run.parameters, tensors: tf.memory().numTensors });
    show(true);
  };

  const handle = async (msg: TrainRequest): Promise<void> => {
    if (msg.type === 'init') return;
    if (msg.type === 'reset') {
      try {
        await reset(msg.run, msg.settings);
      } catch (err) {
        fail(msg.run, err);
      }
      return;
    }
    if (msg.type === 'dispose') {
      runId = -1;
      playing = false;
      stepsLeft = 0;
      run?.dispose();
      run = null;
      post({ type: 'disposed', tensors: tf.memory().numTensors });
      return;
    }
    if (msg.run !== runId || !run) return;
    if (msg.type === 'pause') playing = false;
    else if (msg.type === 'play') playing = true;
    else if (!playing) stepsLeft += Math.max(1, Math.floor(msg.count));
    void loop();
  };

  return {
    send(msg) {
      if (msg.type === 'init') {
        if (setup) return;
        setup = start(msg.base, msg.backend);
        setup.then(
          (s) => post({ type: 'ready', backend: s.backend, threads: backendThreads() }),
          (err: Error) => post({ type: 'fatal', message: err.message, network: isNetworkError(err) }),
        );
      }
      // Pause takes effect at once (between two steps); everything else in order.
      if (msg.type === 'pause' && msg.run === runId) playing = false;
      chain = chain.then(() => handle(msg));
    },
  };
}

if (typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope) {
  const scope = self as unknown as DedicatedWorkerGlobalScope;
  const host = createTrainHost((m, transfer) => scope.postMessage(m, transfer));
  scope.onmessage = (event: MessageEvent<TrainRequest>) => host.send(event.data);
}
