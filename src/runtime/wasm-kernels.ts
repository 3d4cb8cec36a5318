// The fused kernels of src/clip/fused.ts for TF.js's wasm backend, in WebAssembly SIMD modules of our own
// (src/kernels/, AssemblyScript). On wasm, TF.js runs attention's two batched matmuls in a plain
// single-threaded loop (its XNNPACK path takes only a batch of one with no transposed operand): 105-177 ms
// per ViT-B/32 pass in Chromium, measured here; a LayerNorm is nine kernels. Each call copies its inputs
// into the module's memory and the result back: about 46 us per MB in Node, some 4% of attention's time.
// The linear kernel (wasm-matmul.ts) keeps each weight packed in its module between calls.
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import {
  FUSED_ATTENTION,
  FUSED_LAYER_NORM,
  FUSED_LINEAR,
  type FusedAttentionAttrs,
  type FusedLayerNormAttrs,
} from '../clip/fused';
import { WASM_BASE64 as ATTENTION } from './attention-wasm.generated';
import { WASM_BASE64 as LAYER_NORM } from './layer-norm-wasm.generated';
import { MatMul } from './wasm-matmul';

interface Module {
  memory: WebAssembly.Memory;
  heapBase(): number;
}

interface AttentionModule extends Module {
  scratchFloats(n: number, hd: number): number;
  attention(
    qkv: number,
    out: number,
    scratch: number,
    batch: number,
    n: number,
    heads: number,
    hd: number,
    causal: number,
    probs: number,
  ): void;
}

interface LayerNormModule extends Module {
  layerNorm(x: number, gamma: number, beta: number, out: number, rows: number, d: number, eps: number): void;
}

/** The parts of TF.js's BackendWasm these kernels use. */
interface WasmBackend {
  dataIdMap: { get(dataId: object): { memoryOffset: number }; has(dataId: object): boolean };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  wasm: { HEAPF32: Float32Array };
}

const modules = new Map<string, Module>();

/** Compiled on first use, synchronously: each module is a few KB, far under Chromium's limit (scripts/kernels/compile.ts). */
function instance<M extends Module>(base64: string): M {
  let m = modules.get(base64);
  if (!m) {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    m = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as Module;
    modules.set(base64, m);
  }
  return m as M;
}

/** Byte offsets of consecutive 16-byte-aligned float buffers past the module's data; grows its memory. */
function layout(m: Module, floats: number[]): number[] {
  let at = m.heapBase();
  const offsets = floats.map((n) => {
    at = (at + 15) & ~15;
    const start = at;
    at += n * 4;
    return start;
  });
  const have = m.memory.buffer.byteLength;
  if (at > have) m.memory.grow(Math.ceil((at - have) / 65536));
  return offsets;
}

/**
 * Attention for qkv [batch, n, 3D]; writes the context [batch, n, D] into `out` and, when given, the
 * probabilities [batch, heads, n, n] into `probs`.
 */
export function runAttention(
  qkv: Float32Array,
  batch: number,
  n: number,
  heads: number,
  causal: boolean,
  out: Float32Array,
  probs: Float32Array | null = null,
): void {
  const k = instance<AttentionModule>(ATTENTION);
  const hd = qkv.length / (3 * batch * n * heads);
  const sizes = [qkv.length, out.length, k.scratchFloats(n, hd), probs?.length ?? 0];
  const [qkvAt, outAt, scratchAt, probsAt] = layout(k, sizes) as [number, number, number, number];
  const mem = new Float32Array(k.memory.buffer);
  mem.set(qkv, qkvAt / 4);
  k.attention(qkvAt, outAt, scratchAt, batch, n, heads, hd, causal ? 1 : 0, probs ? probsAt : 0);
  out.set(mem.subarray(outAt / 4, outAt / 4 + out.length));
  if (probs) probs.set(mem.subarray(probsAt / 4, probsAt / 4 + probs.length));
}

/** LayerNorm of x [rows, d] with gamma and beta [d]; writes into `out`. */
export function runLayerNorm(
  x: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  epsilon: number,
  out: Float32Array,
): void {
  const k = instance<LayerNormModule>(LAYER_NORM);
  const d = gamma.length;
  const [xAt, gammaAt, betaAt, outAt] = layout(k, [x.length, d, d, x.length]) as [
    number,
    number,
    number,
    number,
  ];
  const mem = new Float32Array(k.memory.buffer);
  mem.set(x, xAt / 4);
  mem.set(gamma, gammaAt / 4);
  mem.set(beta, betaAt / 4);
  k.layerNorm(xAt, gammaAt, betaAt, outAt, x.length / d, d, epsilon);
  out.set(mem.subarray(outAt / 4, outAt / 4 + out.length));
}

/** A float32 tensor's values in TF.js's wasm heap, read after every output is made (they may grow it). */
function heapView(backend: WasmBackend, t: tf.TensorInfo): Float32Array {
  const from = backend.dataIdMap.get(t.dataId).memoryOffset / 4;
  return backend.wasm.HEAPF32.subarray(from, from + tf.util.sizeFromShape(t.shape));
}

let registered = false;
let linear: MatMul | undefined;
let linearThreads = 0;

/** Threads for the linear kernel, before its first use (default: as many as the wasm backend has). */
export function setLinearThreads(threads: number): void {
  linearThreads = threads;
}

/** The linear kernel's module, created on first use. */
export function linearKernel(): MatMul {
  linear ??= new MatMul({ threads: linearThreads || wasmThreads() });
  return linear;
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
      runAttention(heapView(wasm, qkv), batch, n, heads, causal, heapView(wasm, out), pView);
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
      runLayerNorm(
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
    kernelFunc: ({ inputs, backend }) => {
      const { x, w, bias } = inputs as Record<string, tf.TensorInfo | undefined>;
      const [m, k] = x!.shape as [number, number];
      const n = w!.shape[1]!;
      const wasm = backend as unknown as WasmBackend;
      const out = wasm.makeOutput([m, n], 'float32');
      linearKernel().run(
        heapView(wasm, x!),
        m,
        w!.dataId,
        () => heapView(wasm, w!),
        k,
        n,
        bias ? heapView(wasm, bias) : null,
        heapView(wasm, out),
        (dataId) => wasm.dataIdMap.has(dataId),
      );
      return out;
    },
  });
}
