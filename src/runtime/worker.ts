// The model worker: starts a backend (WebGL through OffscreenCanvas when the GPU is real), loads a model
// (tiny, or the reader's choice; switched on a 'load' message) and the tokenizer, then answers run and
// explain requests (explain needs TF.js's gradients, registered here since the worker is browser-only). Requests wait in a queue keyed by channel, so
// when a reader types faster than the model runs only the newest request of each figure is computed.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { Engine } from './engine';
import { fatalOf, startEngine, switchModel } from './host';
import { type ComputeRequest, type PortRequest, type Response, transferables } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

let engine: Promise<Engine> | null = null;
let base = '/';
let lang: string | undefined;
const pending = new Map<string, ComputeRequest>();
let draining = false;

const post = (msg: Response, transfer: Transferable[] = []): void => self.postMessage(msg, transfer);

async function drain(): Promise<void> {
  if (draining || !engine) return;
  draining = true;
  try {
    const e = await engine;
    while (pending.size > 0) {
      const [channel, req] = pending.entries().next().value as [string, ComputeRequest];
      pending.delete(channel);
      try {
        const result =
          req.type === 'explain' ? e.explain(req) : req.type === 'weights' ? e.weights(req) : e.run(req);
        post(result, transferables(result));
      } catch (err) {
        post({ type: 'error', id: req.id, channel, message: e.problem(err) });
      }
      // Let newer messages arrive before the next request runs.
      await new Promise((r) => setTimeout(r, 0));
    }
  } catch (err) {
    post(fatalOf(err));
  } finally {
    draining = false;
  }
}

self.onmessage = (event: MessageEvent<PortRequest>) => {
  const msg = event.data;
  if (msg.type === 'init') {
    if (engine) return;
    base = msg.base;
    lang = msg.lang;
    engine = startEngine(msg, post);
    engine.catch((err: unknown) => post(fatalOf(err)));
    void drain();
    return;
  }
  if (msg.type === 'load') {
    if (engine) void switchModel(engine, base, msg.model, post, lang);
    return;
  }
  if (msg.type === 'run' || msg.type === 'explain' || msg.type === 'weights') {
    const older = pending.get(msg.channel);
    if (older) post({ type: 'stale', id: older.id, channel: older.channel });
    pending.set(msg.channel, msg);
    void drain();
  }
};
