// Weights split over several safetensors files ("shards") of bounded size, and joined back. A tensor too
// big for one shard is cut along its first axis into parts "<name>#0", "<name>#1", ... (in order), each
// a valid tensor of its own; an int8 part carries its own rows of "<name>#k:scale".
import type { ClipConfig } from './config';
import type { ClipModel } from './model';
import { isQuantised, quantizeRows, scaleKey } from './quantize';
import { type Checkpoint, CheckpointError, type TensorEntry, readSafetensors } from './safetensors';
import { type Layout, createWeights } from './weights';

export type StoreDtype = 'F32' | 'F16' | 'I8';

export interface ShardTensor {
  shape: number[];
  data: Float32Array;
  storeAs: StoreDtype;
}

const BYTES: Record<StoreDtype, number> = { F32: 4, F16: 2, I8: 1 };

// One weight as stored: the tensor, and for int8 its scale [rows].
interface Unit {
  name: string;
  tensor: ShardTensor;
  scale?: Float32Array;
}

// Header bytes one entry may take: its name, shape and offsets of up to 15 digits, quotes and braces.
const entryBytes = (name: string, shape: readonly number[]): number =>
  name.length + JSON.stringify(shape).length + 80;

function unitBytes(u: Unit): number {
  let n = u.tensor.data.length * BYTES[u.tensor.storeAs] + entryBytes(u.name, u.tensor.shape);
  if (u.scale) n += u.scale.length * 4 + entryBytes(scaleKey(u.name), [u.scale.length]);
  return n;
}

function toUnit(name: string, t: { shape: number[]; data: Float32Array }, dtype: StoreDtype): Unit {
  if (dtype !== 'I8' || !isQuantised(t.shape)) {
    // int8 files keep their small tensors in float32: a negligible share of the bytes.
    return { name, tensor: { shape: t.shape, data: t.data, storeAs: dtype === 'I8' ? 'F32' : dtype } };
  }
  const { q, scale } = quantizeRows(t.data, t.shape[0]!);
  return { name, tensor: { shape: t.shape, data: q, storeAs: 'I8' }, scale };
}

/** Rows [from, to) of a unit, renamed. */
function rowsOf(u: Unit, name: string, from: number, to: number): Unit {
  const cols = u.tensor.data.length / u.tensor.shape[0]!;
  const shape = [to - from, ...u.tensor.shape.slice(1)];
  const data = u.tensor.data.subarray(from * cols, to * cols);
  return { name, tensor: { ...u.tensor, shape, data }, scale: u.scale?.subarray(from, to) };
}

/** A unit bigger than `budget` bytes → parts "<name>#k" of whole rows, each within it (one row at least). */
function split(u: Unit, budget: number): Unit[] {
  const rows = u.tensor.shape[0] ?? 1;
  if (unitBytes(u) <= budget || u.tensor.shape.length === 0) return [u];
  const perRow = (unitBytes(u) - entryBytes(u.name, u.tensor.shape)) / rows;
  const step = Math.max(1, Math.floor((budget - 2 * entryBytes(`${u.name}#0000`, u.tensor.shape)) / perRow));
  const parts: Unit[] = [];
  for (let from = 0; from < rows; from += step) {
    parts.push(rowsOf(u, `${u.name}#${parts.length}`, from, Math.min(rows, from + step)));
  }
  return parts;
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
  const budget = maxBytes - 8 - 8 - metadataBytes - 32; // length prefix, padding, {"__metadata__":...}
  const shards: [string, ShardTensor][][] = [];
  let current: [string, ShardTensor][] = [];
  let used = 0;
  const add = (u: Unit): void => {
    const n = unitBytes(u);
    if (current.length > 0 && used + n > budget) {
      shards.push(current);
      current = [];
      used = 0;
    }
    current.push([u.name, u.tensor]);
    if (u.scale) current.push([scaleKey(u.name), { shape: [u.scale.length], data: u.scale, storeAs: 'F32' }]);
    used += n;
  };
  for (const [name, t] of tensors) for (const part of split(toUnit(name, t, dtype), budget)) add(part);
  if (current.length > 0) shards.push(current);
  return shards;
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

/** The bytes of every shard (already checked against the manifest) → a model with the manifest's config. */
export function modelFromShards(
  files: readonly Uint8Array[],
  config: ClipConfig,
  layout?: Layout,
): ClipModel {
  const ckpt = mergeShards(files.map((bytes) => readSafetensors(bytes)));
  return { config, weights: createWeights(ckpt, config, layout) };
}
