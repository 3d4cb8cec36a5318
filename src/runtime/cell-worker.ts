// The cell worker: its own engine on the model the page's figures use, and the reader's programs run one at
// a time against it. It never sees the DOM; before the first program runs, it gives up the ways out of the
// worker it no longer needs (network, storage, other workers), so a program reaches only the model and
// `show`. A program that never returns is stopped by the page, which ends this worker and starts another.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
// Programs write t.mul(2), t.sum(): the chained ops on Tensor that the union package would register.
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import * as tf from '@tensorflow/tfjs-core';
import { cellApi } from './cell-api';
import { runCell } from './cell-exec';
import { cellMessages } from './cell-messages';
import type { CellInit, CellRequest, CellResponse } from './cell-protocol';
import type { Engine } from './engine';
import { startEngine } from './host';
import type { Response } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

// Kept before the lock-down, which takes postMessage from the programs (they cannot forge a message).
const send = self.postMessage.bind(self);
const post = (m: CellResponse): void => send(m);

let engine: Promise<Engine> | null = null;
let lang: string | undefined;
let queue = Promise.resolve();

/** Names a program could use to leave the worker: network, storage, more workers, other windows. */
const CLOSED = [
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'WebTransport',
  'EventSource',
  'importScripts',
  'Worker',
  'SharedWorker',
  'BroadcastChannel',
  'caches',
  'indexedDB',
  'CacheStorage',
  'IDBFactory',
  'postMessage',
  'close',
];

function lockDown(): void {
  for (const name of CLOSED) {
    try {
      Object.defineProperty(self, name, { value: undefined, writable: false, configurable: false });
    } catch {
      // not present in this browser
    }
  }
  try {
    Object.defineProperty(self.navigator, 'storage', { value: undefined });
  } catch {
    // as above
  }
}

async function start(msg: CellInit): Promise<Engine> {
  const reply = (m: Response): void => {
    if (m.type === 'ready') post({ type: 'ready', model: m.model, backend: m.backend, config: m.config });
    else if (m.type === 'load-error') post({ type: 'load-error', model: m.model, message: m.message });
  };
  const e = await startEngine(
    { type: 'init', base: msg.base, backend: msg.backend, model: msg.model, lang: msg.lang },
    reply,
    1,
  );
  lockDown();
  return e;
}

self.onmessage = (event: MessageEvent<CellRequest>) => {
  const msg = event.data;
  if (msg.type === 'init') {
    if (engine) return;
    lang = msg.lang;
    engine = start(msg);
    engine.catch((err: unknown) => post({ type: 'fatal', message: (err as Error).message }));
    return;
  }
  if (msg.type !== 'run' || !engine) return;
  const ready = engine;
  queue = queue.then(async () => {
    const e = await ready.catch(() => null);
    if (!e) return;
    const api = cellApi(e, msg.images, (item) => post({ type: 'out', id: msg.id, item }), lang);
    const outcome = await runCell(msg.code, api, cellMessages(lang).syntax);
    if (outcome.ok) {
      post({
        type: 'done',
        id: msg.id,
        ms: outcome.ms,
        tensors: tf.memory().numTensors,
        leaked: outcome.leaked,
      });
    } else post({ type: 'error', id: msg.id, ...outcome.error });
  });
};
