// The fused attention kernel (src/kernels/attention.ts, WebAssembly SIMD) registered for TF.js's wasm
// backend under FUSED_ATTENTION. TF.js runs attention's two batched matmuls in a plain single-threaded
// loop on wasm (its XNNPACK path takes only a batch of one with no transposed operand): 105-177 ms per
// ViT-B/32 pass in Chromium, measured here. The kernel copies qkv into its own memory, runs every head, and
// copies the context back: the copies are under 1% of its time.
import * as tf from '@tensorflow/tfjs-core';
import { FUSED_ATTENTION, type FusedAttentionAttrs } from '../clip/attention';
import { WASM_BASE64 } from './attention-wasm.generated';

interface Kernel {
  memory: WebAssembly.Memory;
  heapBase(): number;
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
  ): void;
}

/** The parts of TF.js's BackendWasm this kernel uses. */
interface WasmBackend {
  dataIdMap: { get(dataId: object): { memoryOffset: number } };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  wasm: { HEAPF32: Float32Array };
}

let kernel: Kernel | null = null;

/** Compiled on first use, synchronously: the module is under 4 KB (see scripts/kernels/compile.ts). */
function instance(): Kernel {
  if (!kernel) {
    const bytes = Uint8Array.from(atob(WASM_BASE64), (c) => c.charCodeAt(0));
    kernel = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as Kernel;
  }
  return kernel;
}

const align16 = (bytes: number): number => (bytes + 15) & ~15;

/** Runs the kernel on qkv [batch, n, 3D], writing the context [batch, n, D] into `out`. */
export function runAttention(
  qkv: Float32Array,
  batch: number,
  n: number,
  heads: number,
  causal: boolean,
  out: Float32Array,
): void {
  const k = instance();
  const width = qkv.length / (3 * batch * n);
  const hd = width / heads;
  const qkvAt = align16(k.heapBase());
  const outAt = align16(qkvAt + qkv.length * 4);
  const scratchAt = align16(outAt + out.length * 4);
  const need = scratchAt + k.scratchFloats(n, hd) * 4;
  const have = k.memory.buffer.byteLength;
  if (need > have) k.memory.grow(Math.ceil((need - have) / 65536));
  const mem = new Float32Array(k.memory.buffer);
  mem.set(qkv, qkvAt / 4);
  k.attention(qkvAt, outAt, scratchAt, batch, n, heads, hd, causal ? 1 : 0);
  out.set(mem.subarray(outAt / 4, outAt / 4 + out.length));
}

let registered = false;

/** Registers the kernel for the wasm backend; safe to call more than once. */
export function registerWasmAttention(): void {
  if (registered || tf.getKernel(FUSED_ATTENTION, 'wasm')) return;
  registered = true;
  tf.registerKernel({
    kernelName: FUSED_ATTENTION,
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs, backend }) => {
      const qkv = inputs.qkv as tf.TensorInfo;
      const { heads, causal } = attrs as unknown as FusedAttentionAttrs;
      const [batch, n, packed] = qkv.shape as [number, number, number];
      const wasm = backend as unknown as WasmBackend;
      const out = wasm.makeOutput([batch, n, packed / 3], 'float32');
      // Read the heap only now: making the output may have grown TF.js's memory.
      const heap = wasm.wasm.HEAPF32;
      const from = wasm.dataIdMap.get(qkv.dataId).memoryOffset / 4;
      const to = wasm.dataIdMap.get(out.dataId).memoryOffset / 4;
      const size = batch * n * packed;
      runAttention(
        heap.subarray(from, from + size),
        batch,
        n,
        heads,
        causal,
        heap.subarray(to, to + size / 3),
      );
      return out;
    },
  });
}
