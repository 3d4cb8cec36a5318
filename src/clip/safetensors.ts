// A minimal safetensors reader and writer: an 8-byte little-endian header length, a JSON header of
// {name: {dtype, shape, data_offsets}} plus optional __metadata__, then raw little-endian data.
// F32, F16 and BF16 are decoded to float32; the weights of every CLIP checkpoint use one of them.
// I8 holds the project's int8 weights: an I8 tensor X beside an F32 "X:scale" is dequantised on read.
import { encodeInto } from '../weights/encode';
import { applyScales } from './quantize';

export type Dtype = 'F32' | 'F16' | 'BF16' | 'I8';

export interface TensorEntry {
  dtype: Dtype;
  shape: number[];
  data: Float32Array;
}

export interface Checkpoint {
  tensors: Map<string, TensorEntry>;
  metadata: Record<string, string>;
}

const BYTES: Record<Dtype, number> = { F32: 4, F16: 2, BF16: 2, I8: 1 };

/** Integer index buffers some Hugging Face files store (I64 `position_ids`): no weights, skipped on read. */
const INDEX_BUFFER = /(^|\.)position_ids$/;
const INDEX_DTYPES = new Set(['I64', 'I32', 'U8', 'BOOL']);
const MAX_HEADER = 100 * 1024 * 1024;

export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

function f16ToF32(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

function decode(dtype: Dtype, raw: Uint8Array): Float32Array {
  const n = raw.byteLength / BYTES[dtype];
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out = new Float32Array(n);
  if (dtype === 'F32') {
    for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, true);
  } else if (dtype === 'F16') {
    for (let i = 0; i < n; i++) out[i] = f16ToF32(view.getUint16(i * 2, true));
  } else if (dtype === 'I8') {
    for (let i = 0; i < n; i++) out[i] = view.getInt8(i);
  } else {
    const bits = new Uint32Array(out.buffer);
    for (let i = 0; i < n; i++) bits[i] = view.getUint16(i * 2, true) << 16;
  }
  return out;
}

/** One tensor as a header describes it: where its bytes lie in the file (absolute offsets). */
export interface HeaderEntry {
  name: string;
  dtype: Dtype;
  shape: number[];
  begin: number;
  end: number;
}

/** Checks a parsed header against the file's size; index buffers (position_ids) are left out. */
export function headerEntries(
  header: Record<string, unknown>,
  dataStart: number,
  fileSize: number,
): { entries: HeaderEntry[]; metadata: Record<string, string> } {
  const entries: HeaderEntry[] = [];
  let metadata: Record<string, string> = {};
  for (const [name, info] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = (info ?? {}) as Record<string, string>;
      continue;
    }
    const { dtype, shape, data_offsets: offsets } = (info ?? {}) as Record<string, unknown>;
    if (INDEX_BUFFER.test(name) && typeof dtype === 'string' && INDEX_DTYPES.has(dtype)) continue;
    if (typeof dtype !== 'string' || !(dtype in BYTES)) {
      throw new CheckpointError(
        `tensor "${name}" has unsupported dtype ${String(dtype)} (supported: F32, F16, BF16, I8)`,
      );
    }
    const integers = (v: unknown): v is number[] =>
      Array.isArray(v) && v.every((x) => Number.isSafeInteger(x) && x >= 0);
    if (!integers(shape) || !integers(offsets) || offsets.length !== 2) {
      throw new CheckpointError(`tensor "${name}" has a malformed header entry`);
    }
    const [begin, end] = offsets as [number, number];
    const size = shape.reduce((a, b) => a * b, 1);
    const d = dtype as Dtype;
    if (end - begin !== size * BYTES[d]) {
      throw new CheckpointError(
        `tensor "${name}": ${end - begin} bytes do not hold shape [${shape.join(', ')}] of ${d}`,
      );
    }
    if (dataStart + end > fileSize) {
      throw new CheckpointError(
        `truncated file: tensor "${name}" ends at byte ${dataStart + end} but the file has ${fileSize}`,
      );
    }
    entries.push({ name, dtype: d, shape, begin: dataStart + begin, end: dataStart + end });
  }
  return { entries, metadata };
}

/** The length prefix of a safetensors file (its first 8 bytes) → the header's length, checked. */
export function headerLength(first8: Uint8Array, fileSize: number, limit = MAX_HEADER): number {
  if (first8.byteLength < 8 || fileSize < 8)
    throw new CheckpointError(`not a safetensors file: only ${fileSize} bytes`);
  const n = Number(new DataView(first8.buffer, first8.byteOffset, 8).getBigUint64(0, true));
  if (n < 2 || 8 + n > fileSize) {
    throw new CheckpointError(
      `not a safetensors file or truncated: header length ${n} does not fit in ${fileSize} bytes`,
    );
  }
  if (n > limit) {
    throw new CheckpointError(`the safetensors header is ${n} bytes, over the ${limit}-byte limit`);
  }
  return n;
}

/** The JSON header's bytes → the header object. */
export function parseHeaderJson(bytes: Uint8Array): Record<string, unknown> {
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new CheckpointError('not a safetensors file: the header is not valid JSON');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new CheckpointError('not a safetensors file: the header is not a JSON object');
  }
  return header as Record<string, unknown>;
}

/** A row-major [rows, cols] matrix's data laid out as [cols, rows]. */
export function transposeMatrix(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c]!;
  return out;
}

/** Raw little-endian bytes of one tensor → float32. */
export const decodeTensor = (dtype: Dtype, raw: Uint8Array): Float32Array => decode(dtype, raw);

/**
 * Parses a whole safetensors file held in memory. Every problem throws a CheckpointError naming it.
 * An I8 tensor with a "<name>:scale" companion comes back dequantised, the companion dropped.
 */
export function readSafetensors(bytes: Uint8Array): Checkpoint {
  const n = headerLength(bytes.subarray(0, 8), bytes.byteLength);
  const header = parseHeaderJson(bytes.subarray(8, 8 + n));
  const { entries, metadata } = headerEntries(header, 8 + n, bytes.byteLength);
  const tensors = new Map<string, TensorEntry>();
  for (const e of entries) {
    tensors.set(e.name, {
      dtype: e.dtype,
      shape: e.shape,
      data: decode(e.dtype, bytes.subarray(e.begin, e.end)),
    });
  }
  try {
    applyScales(tensors);
  } catch (err) {
    throw new CheckpointError((err as Error).message);
  }
  return { tensors, metadata };
}

/** One value's float16 bits, value by value: the reference the batch encoder (weights/encode.ts) is tested against. */
export function f32ToF16(value: number): number {
  const f = new Float32Array([value]);
  const x = new Uint32Array(f.buffer)[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >> shift;
    const rem = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rem > mid || (rem === mid && half & 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && half & 1)) half++;
  return sign | half;
}

/**
 * Writes tensors (float32 data) as safetensors in insertion order, no gaps: each in its storeAs dtype if
 * given, else options.dtype. I8 data must already hold integers in [-127, 127] (see quantize.ts).
 * (storeAs, not TensorEntry's dtype, so that re-writing a checkpoint read back keeps options.dtype.)
 */
export function writeSafetensors(
  tensors: Iterable<[string, { shape: number[]; data: Float32Array; storeAs?: Dtype }]>,
  options: { dtype?: Dtype; metadata?: Record<string, string> } = {},
): Uint8Array {
  const dtype = options.dtype ?? 'F32';
  const header: Record<string, unknown> = {};
  if (options.metadata) header.__metadata__ = options.metadata;
  const parts: { data: Float32Array; begin: number; dtype: Dtype }[] = [];
  let offset = 0;
  for (const [name, t] of tensors) {
    const d = t.storeAs ?? dtype;
    const bytes = t.data.length * BYTES[d];
    header[name] = { dtype: d, shape: t.shape, data_offsets: [offset, offset + bytes] };
    parts.push({ data: t.data, begin: offset, dtype: d });
    offset += bytes;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const head = new Uint8Array(json.byteLength + ((8 - (json.byteLength % 8)) % 8)).fill(0x20);
  head.set(json);
  const out = new Uint8Array(8 + head.byteLength + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(head.byteLength), true);
  out.set(head, 8);
  const start = 8 + head.byteLength;
  for (const { data, begin, dtype: d } of parts) {
    if (d !== 'BF16') {
      encodeInto(data, d, out, start + begin);
      continue;
    }
    for (let i = 0; i < data.length; i++) view.setUint16(start + begin + 2 * i, bf16Round(data[i]!), true);
  }
  return out;
}

function bf16Round(value: number): number {
  const x = new Uint32Array(new Float32Array([value]).buffer)[0]!;
  if ((x & 0x7f800000) === 0x7f800000) return x >>> 16;
  return (x + 0x7fff + ((x >>> 16) & 1)) >>> 16;
}
