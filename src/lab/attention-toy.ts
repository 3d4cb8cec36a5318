// The attention toy's arithmetic (seed section 3.4, one head of scaled dot-product attention): a few tokens,
// each with a query (what it looks for), a key (what it offers) and a value (what it passes on), all
// two-dimensional; the scores q·k, the scaling by 1/√d, the causal mask, the softmax row by row and each
// output as the weighted sum of the values. Plus the reason for the scaling: the dot product of two random
// vectors with unit-variance coordinates has variance d, so without 1/√d the softmax saturates as d grows.
// Pure float64 TypeScript: no DOM, no TF.js.
import { createRng } from '../world/random';

export type Vec = readonly number[];

export interface ToyToken {
  q: Vec;
  k: Vec;
  v: Vec;
}

export interface ToyOptions {
  /** Divide the scores by √d (d = the length of q and k). Default true. */
  scaled?: boolean;
  /** Hide later tokens from each query (−∞ above the diagonal). Default false. */
  causal?: boolean;
  /** Multiplies every q and every k (so the scores grow by its square). Default 1. */
  gain?: number;
}

export interface ToyResult {
  n: number;
  /** The width d of q and k; the scaling is 1/√d. */
  d: number;
  /** The factor applied to q·k: gain² / √d when scaled, gain² otherwise. */
  factor: number;
  /** [n, n], row i = query i: (gain q_i)·(gain k_j). */
  scores: number[][];
  /** [n, n]: scores × 1/√d (or unscaled), −∞ where masked. */
  logits: number[][];
  /** [n, n]: the softmax of each row of logits. */
  probs: number[][];
  /** [n, dv]: o_i = Σ_j probs[i][j] v_j. */
  outputs: number[][];
  /** Per row: the largest probability and the entropy in nats. */
  maxProb: number[];
  entropy: number[];
  /** Per row: the entropy of the uniform distribution over the keys row i may see, ln(visible). */
  maxEntropy: number[];
}

export const dot = (a: Vec, b: Vec): number => a.reduce((s, x, i) => s + x * b[i]!, 0);

/** Softmax of one row, max-shifted; −∞ entries get exactly 0. */
export function softmax(row: readonly number[]): number[] {
  const max = Math.max(...row);
  if (max === -Infinity) throw new Error('a softmax row needs at least one finite logit');
  const e = row.map((x) => (x === -Infinity ? 0 : Math.exp(x - max)));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / sum);
}

/** −Σ p ln p in nats (0 ln 0 = 0). */
export function entropy(p: readonly number[]): number {
  return p.reduce((s, x) => (x > 0 ? s - x * Math.log(x) : s), 0);
}

export function attentionToy(tokens: readonly ToyToken[], opts: ToyOptions = {}): ToyResult {
  const n = tokens.length;
  if (n < 1) throw new Error('the toy needs at least one token');
  const d = tokens[0]!.q.length;
  for (const t of tokens)
    if (t.q.length !== d || t.k.length !== d) throw new Error('every query and key needs the same width');
  const gain = opts.gain ?? 1;
  const factor = (gain * gain) / ((opts.scaled ?? true) ? Math.sqrt(d) : 1);
  const raw = tokens.map((a) => tokens.map((b) => dot(a.q, b.k))); // [n, n]
  const scores = raw.map((row) => row.map((s) => gain * gain * s)); // [n, n]
  const logits = raw.map((row, i) => row.map((s, j) => (opts.causal && j > i ? -Infinity : s * factor))); // [n, n]
  const probs = logits.map(softmax); // [n, n]
  const dv = tokens[0]!.v.length;
  const outputs = probs.map((p) =>
    Array.from({ length: dv }, (_, c) => p.reduce((s, w, j) => s + w * tokens[j]!.v[c]!, 0)),
  ); // [n, dv]
  return {
    n,
    d,
    factor,
    scores,
    logits,
    probs,
    outputs,
    maxProb: probs.map((p) => Math.max(...p)),
    entropy: probs.map(entropy),
    maxEntropy: logits.map((row) => Math.log(row.filter((x) => x !== -Infinity).length)),
  };
}

/** mulberry32 uniforms and Box–Muller normals: the same samples on every machine for a seed. */
export function seededNormals(seed: number): () => number {
  const uniform = createRng(seed).float;
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

export interface RandomDots {
  dh: number;
  samples: number;
  /** Sample variance of q·k over `samples` pairs of random vectors (coordinates N(0, 1)). */
  variance: number;
  /** The same for q·k / √dh. */
  scaledVariance: number;
}

const variance = (xs: readonly number[]): number => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length;
};

/** Measures var(q·k) for random q, k ∈ ℝ^dh with unit-variance coordinates: it is dh (and 1 after 1/√dh). */
export function randomDots(dh: number, samples: number, seed = 1): RandomDots {
  const g = seededNormals(seed);
  const dots = Array.from({ length: samples }, () => {
    let s = 0;
    for (let c = 0; c < dh; c++) s += g() * g();
    return s;
  });
  return {
    dh,
    samples,
    variance: variance(dots),
    scaledVariance: variance(dots.map((x) => x / Math.sqrt(dh))),
  };
}

export interface RandomRow {
  dh: number;
  /** One query against `keys` random keys, as logits and probabilities, with and without 1/√dh. */
  scaled: { logits: number[]; probs: number[]; maxProb: number; entropy: number };
  unscaled: { logits: number[]; probs: number[]; maxProb: number; entropy: number };
  /** ln(keys): the entropy of a uniform row. */
  uniformEntropy: number;
}

/** One attention row over random vectors of width dh: what the softmax sees with and without the scaling. */
export function randomRow(dh: number, keys: number, seed = 2): RandomRow {
  const g = seededNormals(seed);
  const draw = (): number[] => Array.from({ length: dh }, g);
  const q = draw();
  const raw = Array.from({ length: keys }, () => dot(q, draw()));
  const side = (logits: number[]) => {
    const probs = softmax(logits);
    return { logits, probs, maxProb: Math.max(...probs), entropy: entropy(probs) };
  };
  return {
    dh,
    scaled: side(raw.map((x) => x / Math.sqrt(dh))),
    unscaled: side(raw),
    uniformEntropy: Math.log(keys),
  };
}
