// The fused kernels of src/clip/fused.ts for TF.js's wasm backend, in a WebAssembly SIMD module of our own
// (src/kernels/*.ts, AssemblyScript; kernel-module.ts beside this file). On wasm, TF.js runs attention's two batched matmuls in
// a plain single-threaded loop (its XNNPACK path takes only a batch of one with no transposed operand):
// 105-177 ms per ViT-B/32 pass in Chromium, measured here; a LayerNorm is nine kernels. Each call copies
// its inputs into the module's memory and the result back: about 46 us per MB in Node. The module keeps
// each linear weight packed between calls.
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import {
  FUSED_ATTENTION,
  FUSED_LAYER_NORM,
  FUSED_LINEAR,
  type FusedAttentionAttrs,
  type FusedLayerNormAttrs,
  type FusedLinearAttrs,
} from '../../clip/fused';
import { type Activation, KernelModule } from './kernel-module';

/** The parts of TF.js's BackendWasm these kernels use. */
interface WasmBackend {
  dataIdMap: { get(dataId: object): { memoryOffset: number }; has(dataId: object): boolean };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  wasm: { HEAPF32: Float32Array };
}

/** A float32 tensor's values in TF.js's wasm heap, read after every output is made (they may grow it). */
function heapView(backend: WasmBackend, t: tf.TensorInfo): Float32Array {
  const from = backend.dataIdMap.get(t.dataId).memoryOffset / 4;
  return backend.wasm.HEAPF32.subarray(from, from + tf.util.sizeFromShape(t.shape));
}

let registered = false;
let module: KernelModule | undefined;
let moduleThreads = 0;

/** Threads for the kernel module, before its first use (default: as many as the wasm backend has). */
export function setKernelThreads(threads: number): void {
  moduleThreads = threads;
}

/** The kernel module, created on first use. */
export function kernelModule(): KernelModule {
  module ??= new KernelModule({ threads: moduleThreads || wasmThreads() });
  return module;
}

function wasmThreads(): number {
  try {
    return getThreadsCount();
  } catch {
    return 1;
  }
}

/** Registers the kernels for the wasm backend; safe to call more than once. */
export function registerWasmKernels(): void {
  if (registered) return;
  registered = true;
  tf.registerKernel({
    kernelName: FUSED_ATTENTION,
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs, backend }) => {
      const qkv = inputs.qkv as tf.TensorInfo;
      const { heads, causal, probs } = attrs as unknown as FusedAttentionAttrs;
      const [batch, n, packed] = qkv.shape as [number, number, number];
      const wasm = backend as unknown as WasmBackend;
      const out = wasm.makeOutput([batch, n, packed / 3], 'float32');
      const p = probs ? wasm.makeOutput([batch, heads, n, n], 'float32') : null;
      const pView = p ? heapView(wasm, p) : null;
      kernelModule().attention(heapView(wasm, qkv), batch, n, heads, causal, heapView(wasm, out), pView);
      return p ? [out, p] : out;
    },
  });
  tf.registerKernel({
    kernelName: FUSED_LAYER_NORM,
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs, backend }) => {
      const { x, gamma, beta } = inputs as Record<string, tf.TensorInfo>;
      const { epsilon } = attrs as unknown as FusedLayerNormAttrs;
      const wasm = backend as unknown as WasmBackend;
      const out = wasm.makeOutput(x!.shape, 'float32');
      kernelModule().layerNorm(
        heapView(wasm, x!),
        heapView(wasm, gamma!),
        heapView(wasm, beta!),
        epsilon,
        heapView(wasm, out),
      );
      return out;
    },
  });
  tf.registerKernel({
    kernelName: FUSED_LINEAR,
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs, backend }) => {
      const { x, w, bias } = inputs as Record<string, tf.TensorInfo | undefined>;
      const act = ((attrs as unknown as FusedLinearAttrs).activation ?? 'none') as Activation;
      const [m, k] = x!.shape as [number, number];
      const n = w!.shape[1]!;
      const wasm = backend as unknown as WasmBackend;
      const out = wasm.makeOutput([m, n], 'float32');
      kernelModule().linear(
        heapView(wasm, x!),
        m,
        w!.dataId,
        () => heapView(wasm, w!),
        k,
        n,
        bias ? heapView(wasm, bias) : null,
        heapView(wasm, out),
        (dataId) => wasm.dataIdMap.has(dataId),
        act,
      );
      return out;
    },
  });
}
