// SplitV for TF.js's wasm backend, copying each piece within the module's memory. TF.js's own kernel reads
// the whole input out of wasm memory once per piece and slices it in JavaScript: 31 ms per ViT-B/32 image
// for q, k and v in Chromium, measured here.
import * as tf from '@tensorflow/tfjs-core';

/** The parts of TF.js's BackendWasm this kernel uses. */
interface WasmBackend {
  dataIdMap: { get(dataId: object): { memoryOffset: number } };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  wasm: { HEAPU8: Uint8Array };
}

const BYTES: Partial<Record<tf.DataType, number>> = { float32: 4, int32: 4, bool: 1 };

function copySplit(x: tf.TensorInfo, sizes: number[], axis: number, backend: WasmBackend): tf.TensorInfo[] {
  const bytes = BYTES[x.dtype]!;
  const outer = tf.util.sizeFromShape(x.shape.slice(0, axis));
  const inner = tf.util.sizeFromShape(x.shape.slice(axis + 1)) * bytes;
  const row = x.shape[axis]! * inner;
  const outs = sizes.map((s) =>
    backend.makeOutput(
      x.shape.map((d, i) => (i === axis ? s : d)),
      x.dtype,
    ),
  );
  // Read the heap and offsets only now: an allocation may have grown the memory.
  const heap = backend.wasm.HEAPU8;
  const src = backend.dataIdMap.get(x.dataId).memoryOffset;
  let start = 0;
  sizes.forEach((s, k) => {
    const piece = s * inner;
    const dst = backend.dataIdMap.get(outs[k]!.dataId).memoryOffset;
    for (let o = 0; o < outer; o++) {
      const from = src + o * row + start;
      heap.copyWithin(dst + o * piece, from, from + piece);
    }
    start += piece;
  });
  return outs;
}

let registered = false;

/** Replaces TF.js's wasm SplitV (other dtypes keep it); safe to call more than once. */
export function registerWasmSplit(): void {
  if (registered) return;
  const original = tf.getKernel('SplitV', 'wasm');
  if (!original) return;
  registered = true;
  tf.unregisterKernel('SplitV', 'wasm');
  tf.registerKernel({
    kernelName: 'SplitV',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const x = args.inputs.x as tf.TensorInfo;
      if (BYTES[x.dtype] === undefined) return original.kernelFunc(args);
      const { numOrSizeSplits, axis } = args.attrs as unknown as {
        numOrSizeSplits: number | number[];
        axis: number;
      };
      const ax = tf.util.parseAxisParam(axis, x.shape)[0]!;
      const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, numOrSizeSplits, ax);
      return copySplit(x, sizes, ax, args.backend as unknown as WasmBackend);
    },
  });
}
