// pytorch_model.bin (torch.save's zip) as byte ranges: each tensor spans the part of its storage its shape
// and strides reach; decode gathers the values in row-major order (q, k, v may share one storage).
import { decodeTensor } from '../clip/safetensors';
import type { ByteSource } from './byte-source';
import type { SourceTensor } from './source-tensors';
import { type TorchTensorEntry, readTorchIndex } from './torch-bin';

const DTYPE_BYTES: Record<string, number> = { F32: 4, F16: 2, BF16: 2 };

function rowMajor(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let step = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = step;
    step *= shape[i]!;
  }
  return strides;
}

/** Values of a strided view, from the bytes starting at its first element, in row-major order. */
function gather(values: Float32Array, shape: readonly number[], stride: readonly number[]): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  const index = new Array<number>(shape.length).fill(0);
  let at = 0;
  for (let k = 0; k < n; k++) {
    out[k] = values[at]!;
    for (let d = shape.length - 1; d >= 0; d--) {
      index[d]!++;
      at += stride[d]!;
      if (index[d]! < shape[d]!) break;
      at -= index[d]! * stride[d]!;
      index[d] = 0;
    }
  }
  return out;
}

function toSource(name: string, e: TorchTensorEntry): SourceTensor | null {
  const size = DTYPE_BYTES[e.dtype];
  if (size === undefined) return null; // integer buffers (position_ids) hold no weights
  const n = e.shape.reduce((a, b) => a * b, 1);
  const reach = n === 0 ? 0 : e.shape.reduce((a, d, i) => a + (d - 1) * e.stride[i]!, 0) + 1;
  const begin = e.storage.dataOffset + e.storageOffset * size;
  const contiguous = e.shape.every((d, i) => d === 1 || e.stride[i] === rowMajor(e.shape)[i]);
  const dtype = e.dtype as 'F32' | 'F16' | 'BF16';
  return {
    name,
    shape: [...e.shape],
    begin,
    end: begin + reach * size,
    decode: (raw) =>
      contiguous ? decodeTensor(dtype, raw) : gather(decodeTensor(dtype, raw), e.shape, e.stride),
  };
}

export async function torchTensors(source: ByteSource, signal?: AbortSignal): Promise<SourceTensor[]> {
  const index = await readTorchIndex(source, signal);
  const out: SourceTensor[] = [];
  for (const [name, entry] of index) {
    const t = toSource(name, entry);
    if (t) out.push(t);
  }
  return out;
}
