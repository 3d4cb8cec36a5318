// The exact GELU and the erf behind it (activations.ts), built from elementary ops for wasm, against a float64
// erf computed here two independent ways (a power series and a continued fraction).
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { erf, gelu, quickGelu } from '../../src/clip/activations';
import { type NodeBackend, useBackend } from '../../src/node/backend';

// erf(x) = 2/sqrt(pi) exp(-x^2) sum_n (2x^2)^n x / (1·3···(2n+1)): positive terms, no cancellation.
function erfSeries(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 400 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
    term *= (2 * x * x) / (2 * n + 1);
    sum += term;
  }
  return (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
}

// erfc(x) for x > 0 from its continued fraction x + (1/2)/(x + 1/(x + (3/2)/(x + ...))), evaluated bottom-up.
function erfcFraction(x: number): number {
  let k = x;
  for (let n = 300; n >= 1; n--) k = x + n / 2 / k;
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * k);
}

const erf64 = (x: number): number =>
  Math.abs(x) < 3 ? erfSeries(x) : Math.sign(x) * (1 - erfcFraction(Math.abs(x)));
/** 0.5 x erfc(-x / sqrt 2), exact in the negative tail too. */
const gelu64 = (x: number): number => {
  const z = -x / Math.SQRT2;
  const erfc = z > 3 ? erfcFraction(z) : 1 - erf64(z);
  return 0.5 * x * erfc;
};

const grid = (from: number, to: number, step: number): Float32Array =>
  Float32Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => from + i * step);

function run(op: (t: tf.Tensor) => tf.Tensor, xs: Float32Array): Float32Array {
  return tf.tidy(() => op(tf.tensor1d(xs)).dataSync() as Float32Array);
}

describe('the float64 references', () => {
  it('agree with each other where both converge, and with known values', () => {
    for (const x of [2, 2.5, 3, 3.5, 4]) {
      expect(Math.abs(1 - erfSeries(x) - erfcFraction(x))).toBeLessThan(1e-15);
    }
    expect(erf64(0.5)).toBeCloseTo(0.5204998778130465, 15);
    expect(erf64(1)).toBeCloseTo(0.8427007929497149, 15);
    expect(erfcFraction(5)).toBeCloseTo(1.5374597944280349e-12, 24);
  });
});

describe.each<NodeBackend>(['cpu', 'wasm'])('on the %s backend', (backend) => {
  it('erf is within 2e-7 of the float64 erf on a dense grid and in the tails', async () => {
    await useBackend(backend);
    const xs = grid(-8, 8, 1 / 1024);
    const got = run(erf, xs);
    let worst = 0;
    xs.forEach((x, i) => (worst = Math.max(worst, Math.abs(got[i]! - erf64(x)))));
    expect(worst).toBeLessThan(2e-7);
    expect(Array.from(run(erf, Float32Array.from([0, 30, -30, Infinity, -Infinity])))).toEqual([
      0, 1, -1, 1, -1,
    ]);
  });

  it('gelu is 0.5 x (1 + erf(x / sqrt 2)) within 1e-6 relative, negative tail included', async () => {
    await useBackend(backend);
    const xs = grid(-12, 12, 1 / 256);
    const got = run(gelu, xs);
    let worst = 0;
    xs.forEach((x, i) => {
      const want = gelu64(x);
      // Relative where GELU is small (the tail), absolute near 0, where it crosses zero.
      worst = Math.max(worst, Math.abs(got[i]! - want) / Math.max(Math.abs(want), 1e-3));
    });
    expect(worst).toBeLessThan(2e-6);
  });

  it('differs from QuickGELU (so a test that swaps them can fail) and leaks nothing', async () => {
    await useBackend(backend);
    const before = tf.memory().numTensors;
    const xs = Float32Array.from([-2, -1, 1, 2]);
    const exact = run(gelu, xs);
    const quick = run(quickGelu, xs);
    expect(Math.max(...exact.map((v, i) => Math.abs(v - quick[i]!)))).toBeGreaterThan(0.01);
    expect(exact[2]).toBeCloseTo(0.8413447460685429, 6);
    expect(tf.memory().numTensors).toBe(before);
  });
});
