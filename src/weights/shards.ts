// Weights split over several safetensors files ("shards") of bounded size, and joined back. A tensor too
// big for one shard is cut along its first axis into parts "<name>#0", "<name>#1", ... (in order), each
// a valid tensor of its own; an int8 part carries its own rows of "<name>#k:scale".
// The plan needs only names and shapes, so a streaming packer (shard-writer.ts) knows every shard's
// contents, and so the shard count, before the first tensor arrives.
import { isQuantised, quantizeRows, scaleKey } from '../clip/quantize';
import { type Checkpoint, CheckpointError, type TensorEntry } from '../clip/safetensors';

export type StoreDtype = 'F32' | 'F16' | 'I8';

export interface ShardTensor {
  shape: number[];
  data: Float32Array;
  storeAs: StoreDtype;
}

const BYTES: Record<StoreDtype, number> = { F32: 4, F16: 2, I8: 1 };

/** One stored piece of a tensor: rows [from, to) of `source`, named `name`, with an int8 scale or not. */
export interface PlannedPart {
  source: string;
  name: string;
  shape: number[];
  storeAs: StoreDtype;
  from: number;
  to: number;
  scaled: boolean;
}

// Header bytes one entry may take: its name, shape and offsets of up to 15 digits, quotes and braces.
const entryBytes = (name: string, shape: readonly number[]): number =>
  name.length + JSON.stringify(shape).length + 80;

const count = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

function partBytes(p: PlannedPart): number {
  let n = count(p.shape) * BYTES[p.storeAs] + entryBytes(p.name, p.shape);
  if (p.scaled) n += p.shape[0]! * 4 + entryBytes(scaleKey(p.name), [p.shape[0]!]);
  return n;
}

function wholePart(name: string, shape: readonly number[], dtype: StoreDtype): PlannedPart {
  const rows = shape[0] ?? 1;
  const scaled = dtype === 'I8' && isQuantised(shape);
  // int8 files keep their small tensors in float32: a negligible share of the bytes.
  const storeAs = dtype === 'I8' && !scaled ? 'F32' : dtype;
  return { source: name, name, shape: [...shape], storeAs, from: 0, to: rows, scaled };
}

/** A tensor bigger than `budget` bytes → parts "<name>#k" of whole rows, each within it (one row at least). */
function split(whole: PlannedPart, budget: number): PlannedPart[] {
  const rows = whole.shape[0] ?? 1;
  if (partBytes(whole) <= budget || whole.shape.length === 0) return [whole];
  const perRow = (partBytes(whole) - entryBytes(whole.name, whole.shape)) / rows;
  const step = Math.max(1, Math.floor((budget - 2 * entryBytes(`${whole.name}#0000`, whole.shape)) / perRow));
  const parts: PlannedPart[] = [];
  for (let from = 0; from < rows; from += step) {
    const to = Math.min(rows, from + step);
    const shape = [to - from, ...whole.shape.slice(1)];
    parts.push({ ...whole, name: `${whole.name}#${parts.length}`, shape, from, to });
  }
  return parts;
}

/**
 * Names and shapes in the given order → the parts each shard of at most `maxBytes` bytes (header
 * included) holds, stored as `dtype`; int8 quantises every matrix per row (quantize.ts).
 */
export function planLayout(
  shapes: Iterable<readonly [string, readonly number[]]>,
  dtype: StoreDtype,
  maxBytes: number,
  metadataBytes = 0,
): PlannedPart[][] {
  const budget = maxBytes - 8 - 8 - metadataBytes - 32; // length prefix, padding, {"__metadata__":...}
  const shards: PlannedPart[][] = [];
  let current: PlannedPart[] = [];
  let used = 0;
  for (const [name, shape] of shapes) {
    for (const part of split(wholePart(name, shape, dtype), budget)) {
      const n = partBytes(part);
      if (current.length > 0 && used + n > budget) {
        shards.push(current);
        current = [];
        used = 0;
      }
      current.push(part);
      used += n;
    }
  }
  if (current.length > 0) shards.push(current);
  return shards;
}

/** A whole tensor as stored: float32 data, or for int8 the integer rows and their scale. */
export interface StoredTensor {
  data: Float32Array;
  scale?: Float32Array;
}

export function storeTensor(data: Float32Array, shape: readonly number[], dtype: StoreDtype): StoredTensor {
  if (dtype !== 'I8' || !isQuantised(shape)) return { data };
  const { q, scale } = quantizeRows(data, shape[0]!);
  return { data: q, scale };
}

/** The safetensors entries of one part: its rows, and for int8 its "<name>:scale" after it. */
export function partEntries(part: PlannedPart, stored: StoredTensor): [string, ShardTensor][] {
  const { data, scale } = stored;
  const cols = count(part.shape.slice(1));
  const rows = part.shape.length === 0 ? data : data.subarray(part.from * cols, part.to * cols);
  const out: [string, ShardTensor][] = [
    [part.name, { shape: part.shape, data: rows, storeAs: part.storeAs }],
  ];
  if (part.scaled && scale) {
    const s = scale.subarray(part.from, part.to);
    out.push([scaleKey(part.name), { shape: [s.length], data: s, storeAs: 'F32' }]);
  }
  return out;
}

/**
 * Tensors in the given order → shards of at most `maxBytes` bytes each (header included), stored as
 * `dtype`; int8 quantises every matrix per row (quantize.ts). The entries are ready for writeSafetensors.
 */
export function planShards(
  tensors: Iterable<[string, { shape: number[]; data: Float32Array }]>,
  dtype: StoreDtype,
  maxBytes: number,
  metadataBytes = 0,
): [string, ShardTensor][][] {
  const list = [...tensors];
  const byName = new Map(list);
  const stored = new Map<string, StoredTensor>();
  const plan = planLayout(
    list.map(([name, t]) => [name, t.shape] as const),
    dtype,
    maxBytes,
    metadataBytes,
  );
  return plan.map((parts) =>
    parts.flatMap((part) => {
      if (!stored.has(part.source)) {
        const t = byName.get(part.source)!;
        stored.set(part.source, storeTensor(t.data, t.shape, dtype));
      }
      return partEntries(part, stored.get(part.source)!);
    }),
  );
}

const PART = /^(.+)#(\d+)$/;

/** Shards read back (dequantised) → one checkpoint, parts joined along their first axis. */
export function mergeShards(shards: readonly Checkpoint[]): Checkpoint {
  const tensors = new Map<string, TensorEntry>();
  const parts = new Map<string, TensorEntry[]>();
  for (const shard of shards) {
    for (const [name, t] of shard.tensors) {
      const m = PART.exec(name);
      const [base, index] = m ? [m[1]!, Number(m[2])] : [name, -1];
      if (tensors.has(base) || (index < 0 && parts.has(base)))
        throw new CheckpointError(`tensor "${base}" is in more than one shard`);
      if (index < 0) tensors.set(name, t);
      else {
        if (!parts.has(base)) parts.set(base, []);
        const list = parts.get(base)!;
        if (list[index]) throw new CheckpointError(`tensor part "${name}" is in more than one shard`);
        list[index] = t;
      }
    }
  }
  for (const [base, list] of parts) {
    const missing = [...list.keys()].filter((i) => !list[i]);
    if (missing.length > 0) throw new CheckpointError(`tensor "${base}" lacks part #${missing[0]}`);
    const rows = list.reduce((a, t) => a + t.shape[0]!, 0);
    const data = new Float32Array(list.reduce((a, t) => a + t.data.length, 0));
    let at = 0;
    for (const t of list) {
      data.set(t.data, at);
      at += t.data.length;
    }
    tensors.set(base, { dtype: list[0]!.dtype, shape: [rows, ...list[0]!.shape.slice(1)], data });
  }
  return { tensors, metadata: shards[0]?.metadata ?? {} };
}
