// The tensors of a checkpoint file as byte ranges, read from its header alone (a safetensors header, or a
// torch zip's central directory and pickle), so names and shapes are checked before the bulk download and
// the bulk is then read front to back. `decode` turns a tensor's bytes [begin, end) into float32.
import { decodeTensor, headerEntries, headerLength, parseHeaderJson } from '../clip/safetensors';
import type { ByteSource } from './byte-source';

export interface SourceTensor {
  name: string;
  shape: number[];
  /** Absolute byte range in the file holding every value of the tensor. */
  begin: number;
  end: number;
  decode(raw: Uint8Array): Float32Array;
}

export interface SourceFile {
  path: string;
  size: number;
  /** The hub's sha256 of the whole file, checked as it streams; absent when the hub gave none. */
  sha256?: string;
  source: ByteSource;
  tensors: SourceTensor[];
}

/** A safetensors header of more than this is not a CLIP checkpoint (ViT-L/14's is about 60 KB). */
export const HEADER_LIMIT = 16 << 20;

export async function safetensorsTensors(source: ByteSource, signal?: AbortSignal): Promise<SourceTensor[]> {
  const first = await source.read(0, Math.min(8, source.size), signal);
  const n = headerLength(first, source.size, HEADER_LIMIT);
  const header = parseHeaderJson(await source.read(8, n, signal));
  const { entries } = headerEntries(header, 8 + n, source.size);
  return entries.map((e) => ({
    name: e.name,
    shape: e.shape,
    begin: e.begin,
    end: e.end,
    decode: (raw) => decodeTensor(e.dtype, raw),
  }));
}
