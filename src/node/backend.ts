// Chooses a TF.js backend in Node: cpu (the exact reference path) or wasm (fast, multi-threaded where allowed).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
// The union package registers every gradient with the core; in Node its CommonJS build is the only
// way to do so (tfjs-core's own register_all_gradients is extension-less ESM that Node cannot load).
import '@tensorflow/tfjs';
import { registerWasmKernels } from '../kernels/host/wasm-kernels';
import { registerWasmSplit } from '../kernels/host/wasm-split';

registerWasmSplit();
registerWasmKernels();

export type NodeBackend = 'cpu' | 'wasm';

export async function useBackend(name: NodeBackend): Promise<void> {
  // PROD silences TF.js's advice to install tfjs-node, which cannot install here and would pollute stderr.
  tf.env().set('PROD', true);
  if (name !== 'cpu' && name !== 'wasm')
    throw new Error(`unknown backend "${String(name)}" (use cpu or wasm)`);
  if (!(await tf.setBackend(name))) throw new Error(`the ${name} backend could not start`);
  await tf.ready();
}
