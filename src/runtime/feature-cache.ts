// Features of the inputs a tower saw lately, so that a figure whose reader edits one text does not run the
// image tower again on images it has already encoded (and the other way round). An entry is found by its
// exact inputs (the padded ids, or the preprocessed pixels) and model; it holds plain arrays, so no tensor
// outlives a request.
import type { TraceEntry } from '../clip/trace';

export type Tower = 'image' | 'text';
type Input = Int32Array | Float32Array;

interface Entry {
  model: string;
  tower: Tower;
  input: Input;
  features: TraceEntry;
}

function same(a: Input, b: Input): boolean {
  if (a.length !== b.length || a.constructor !== b.constructor) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Rows of one batch as one array, the cache's key. */
export function joined<T extends Input>(rows: readonly T[], make: (n: number) => T): T {
  const out = make(rows.reduce((n, r) => n + r.length, 0));
  let at = 0;
  for (const r of rows) {
    out.set(r, at);
    at += r.length;
  }
  return out;
}

export class FeatureCache {
  private entries: Entry[] = [];

  constructor(private readonly size = 8) {}

  get(model: string, tower: Tower, input: Input): TraceEntry | undefined {
    const k = this.entries.findIndex((e) => e.model === model && e.tower === tower && same(e.input, input));
    if (k < 0) return undefined;
    const [hit] = this.entries.splice(k, 1);
    this.entries.push(hit!); // most recently used last
    return hit!.features;
  }

  set(model: string, tower: Tower, input: Input, features: TraceEntry): void {
    this.entries.push({ model, tower, input, features });
    if (this.entries.length > this.size) this.entries.shift();
  }

  clear(): void {
    this.entries = [];
  }
}
