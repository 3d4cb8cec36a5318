// Seeded randomness for the synthetic world: mulberry32 over uint32 arithmetic (Math.imul, shifts),
// so Node and every browser draw the same numbers from the same seed. The project's one seeded generator:
// fresh weights (src/clip/init.ts) and the labs (src/lab) draw from it too. Pure TypeScript, no TF.js.

/** A seeded stream of random numbers. Every method advances the same mulberry32 state. */
export interface Rng {
  /** A uniform uint32. */
  uint32(): number;
  /** A uniform float in [0, 1), a multiple of 2^-32. */
  float(): number;
  /** A uniform integer in [0, n). */
  int(n: number): number;
  /** A uniform element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
}

/** One mulberry32 output from the state after its Weyl step. */
function mulberry32Output(state: number): number {
  let t = Math.imul(state ^ (state >>> 15), state | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

const WEYL = 0x6d2b79f5;

/** mulberry32: one 32-bit state, a Weyl step, and an avalanche mix. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const uint32 = (): number => {
    state = (state + WEYL) >>> 0;
    return mulberry32Output(state);
  };
  const float = (): number => uint32() / 4294967296;
  const int = (n: number): number => {
    if (!Number.isInteger(n) || n < 1) throw new Error(`int(n) needs a positive integer, got ${n}`);
    return Math.floor(float() * n);
  };
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[int(items.length)]!;
  };
  const chance = (p: number): boolean => float() < p;
  return { uint32, float, int, pick, chance };
}

/** Fills `out` with the first out.length values of createRng(seed).uint32(), without the closure calls. */
export function fillUint32(seed: number, out: Uint32Array): Uint32Array {
  let state = seed >>> 0;
  for (let i = 0; i < out.length; i++) {
    state = (state + WEYL) >>> 0;
    out[i] = mulberry32Output(state);
  }
  return out;
}

/** murmur3's 32-bit finaliser: spreads every input bit over the whole word. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A child seed from a parent seed and integer keys (e.g. batch seed and item index). */
export function deriveSeed(seed: number, ...keys: number[]): number {
  let h = mix32((seed >>> 0) ^ 0x9e3779b9);
  for (const key of keys) h = mix32((h ^ Math.imul(key >>> 0, 0x27d4eb2d)) + 0x165667b1);
  return h;
}
