// A torch storage's little-endian elements as float32, and a tensor view's values in C order (decoded, and
// gathered by stride where the view is not contiguous). Shared by the checkpoint reader and the streaming
// converter's view of a torch file (torch-source.ts).
import type { TorchDtype } from './unpickle';

export const ELEMENT_BYTES: Record<TorchDtype, number> = {
  F32: 4,
  F16: 2,
  BF16: 2,
  F64: 8,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
};

export function numelOf(shape: number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** The highest element index a view reaches past its storage offset. */
export function spanOf(shape: number[], stride: number[]): number {
  let span = 0;
  for (let d = 0; d < shape.length; d++) span += (shape[d]! - 1) * stride[d]!;
  return span;
}

export function isContiguous(shape: number[], stride: number[]): boolean {
  let expected = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] !== 1 && stride[d] !== expected) return false;
    expected *= shape[d]!;
  }
  return true;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

let F16_TABLE: Float32Array | null = null;
function f16Table(): Float32Array {
  if (!F16_TABLE) {
    F16_TABLE = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) {
      const sign = h & 0x8000 ? -1 : 1;
      const exp = (h >> 10) & 0x1f;
      const frac = h & 0x3ff;
      F16_TABLE[h] =
        exp === 0
          ? sign * frac * 2 ** -24
          : exp === 31
            ? frac
              ? NaN
              : sign * Infinity
            : sign * (1 + frac / 1024) * 2 ** (exp - 15);
    }
  }
  return F16_TABLE;
}

/** Little-endian elements of dtype as float32 (integers as their nearest float32). */
export function decodeElements(dtype: TorchDtype, raw: Uint8Array): Float32Array {
  const n = raw.byteLength / ELEMENT_BYTES[dtype];
  const out = new Float32Array(n);
  const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  // A copy starting at offset 0 is aligned for any typed array; a little-endian host reads it directly.
  const aligned = (): ArrayBuffer => raw.slice().buffer as ArrayBuffer;
  switch (dtype) {
    case 'F32':
      if (LITTLE_ENDIAN) return new Float32Array(aligned());
      for (let i = 0; i < n; i++) out[i] = v.getFloat32(i * 4, true);
      return out;
    case 'F16': {
      const table = f16Table();
      for (let i = 0; i < n; i++) out[i] = table[v.getUint16(i * 2, true)]!;
      return out;
    }
    case 'BF16': {
      const bits = new Uint32Array(out.buffer);
      for (let i = 0; i < n; i++) bits[i] = v.getUint16(i * 2, true) << 16;
      return out;
    }
    case 'F64':
      for (let i = 0; i < n; i++) out[i] = v.getFloat64(i * 8, true);
      return out;
    case 'I64':
      for (let i = 0; i < n; i++) out[i] = Number(v.getBigInt64(i * 8, true));
      return out;
    case 'I32':
      for (let i = 0; i < n; i++) out[i] = v.getInt32(i * 4, true);
      return out;
    case 'I16':
      for (let i = 0; i < n; i++) out[i] = v.getInt16(i * 2, true);
      return out;
    case 'I8':
      for (let i = 0; i < n; i++) out[i] = v.getInt8(i);
      return out;
    case 'U8':
      for (let i = 0; i < n; i++) out[i] = raw[i]!;
      return out;
    case 'BOOL':
      for (let i = 0; i < n; i++) out[i] = raw[i] ? 1 : 0;
      return out;
  }
}

/**
 * A view's values in C order as float32, from the raw bytes starting at its first element: decoded, and for
 * a non-contiguous view (a transposed matrix) gathered by stride.
 */
export function viewValues(
  dtype: TorchDtype,
  raw: Uint8Array,
  shape: number[],
  stride: number[],
): Float32Array {
  const flat = decodeElements(dtype, raw);
  if (isContiguous(shape, stride)) return flat;
  const numel = numelOf(shape);

  // Gather by stride, odometer style (no recursion): the last axis varies fastest.
  const out = new Float32Array(numel);
  const nd = shape.length;
  const index = new Array<number>(nd).fill(0);
  const last = nd - 1;
  const innerN = shape[last]!;
  const innerS = stride[last]!;
  let base = 0;
  for (let i = 0; i < numel; i += innerN) {
    for (let j = 0, o = base; j < innerN; j++, o += innerS) out[i + j] = flat[o]!;
    for (let d = last - 1; d >= 0; d--) {
      index[d]!++;
      base += stride[d]!;
      if (index[d]! < shape[d]!) break;
      base -= stride[d]! * shape[d]!;
      index[d] = 0;
    }
  }
  return out;
}
