// Reads the golden fixtures of ../shared/reference (never copied into the repository).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TraceEntry } from '../../src/clip/trace';

export const SHARED = resolve(process.cwd(), '../shared');
export const REFERENCE = resolve(SHARED, 'reference');
export const TINY_A = resolve(REFERENCE, 'tiny-clip-a');

interface FixtureIndex {
  tensors: Record<string, { dtype: 'float32' | 'int32'; shape: number[]; offset: number; length: number }>;
  inputs: { texts: string[]; token_ids_unpadded: number[][]; images: { file: string }[] };
  config: Record<string, number>;
}

export function loadFixtures(dir = TINY_A): { index: FixtureIndex; get(name: string): TraceEntry } {
  const index = JSON.parse(readFileSync(resolve(dir, 'fixtures.json'), 'utf8')) as FixtureIndex;
  const bin = readFileSync(resolve(dir, 'fixtures.bin'));
  const buffer = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  return {
    index,
    get(name) {
      const t = index.tensors[name];
      if (!t) throw new Error(`no fixture tensor ${name}`);
      const data =
        t.dtype === 'int32'
          ? new Int32Array(buffer, t.offset, t.length)
          : new Float32Array(buffer, t.offset, t.length);
      return { shape: t.shape, data };
    },
  };
}

/** Largest |a - b| over two arrays of the same length. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Rows of a [N, ...] entry as separate typed arrays. */
export function splitRows<T extends Float32Array | Int32Array>(data: T, rows: number): T[] {
  const n = data.length / rows;
  return Array.from({ length: rows }, (_, i) => data.slice(i * n, (i + 1) * n) as T);
}
