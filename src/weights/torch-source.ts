// pytorch_model.bin (torch.save's zip) as byte ranges: each tensor spans the part of its storage its shape
// and strides reach; decode gathers the values in row-major order (q, k, v may share one storage).
import type { ByteSource } from './byte-source';
import type { SourceTensor } from './source-tensors';
import { type TorchTensorEntry, readTorchIndex } from './torch-bin';
import { ELEMENT_BYTES, spanOf, viewValues } from './torch-decode';

const WEIGHT_DTYPES = new Set(['F32', 'F16', 'BF16', 'F64']);

function toSource(name: string, e: TorchTensorEntry): SourceTensor | null {
  if (!WEIGHT_DTYPES.has(e.dtype)) return null; // integer buffers (position_ids) hold no weights
  const size = ELEMENT_BYTES[e.dtype];
  const empty = e.shape.some((d) => d === 0);
  const begin = e.storage.dataOffset + e.storageOffset * size;
  return {
    name,
    shape: [...e.shape],
    begin,
    end: empty ? begin : begin + (spanOf(e.shape, e.stride) + 1) * size,
    decode: (raw) => viewValues(e.dtype, raw, e.shape, e.stride),
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
