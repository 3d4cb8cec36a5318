// The logits lab's pure math (src/lab/logits.ts): the loss's properties, its per-cell gradient against
// tf.grad of src/clip/loss.ts, and the loss and logit-scale gradient of the tiny-clip-a reference batch.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { contrastiveLoss } from '../../src/clip/loss';
import {
  type Grid,
  contrastiveBreakdown,
  falseNegatives,
  featureRows,
  logitScaleGradient,
  logitsLab,
  temperatureForms,
  transposeGrid,
} from '../../src/lab/logits';
import { useBackend } from '../../src/node/backend';
import { loadFixtures, maxAbsDiff } from '../helpers/reference';
import { createRng } from '../../src/world/random';

const grid = (n: number, f: (i: number, j: number) => number): Grid => ({
  rows: n,
  cols: n,
  values: Float64Array.from({ length: n * n }, (_, k) => f(Math.floor(k / n), k % n)),
});

/** A seeded random square matrix (mulberry32), values in [-spread, spread]. */
function randomGrid(n: number, seed: number, spread = 6): Grid {
  const next = createRng(seed).float;
  return grid(n, () => (next() * 2 - 1) * spread);
}

const sum = (xs: ArrayLike<number>): number => Array.from(xs).reduce((a, b) => a + b, 0);

describe('the contrastive loss in plain TypeScript', () => {
  it('equals ln N for uniform logits, with every gradient (1/N − δ)/N', () => {
    for (const n of [1, 2, 5, 8]) {
      const p = contrastiveBreakdown(grid(n, () => 3.7));
      expect(p.loss).toBeCloseTo(Math.log(n), 12);
      expect(p.lossImage).toBeCloseTo(p.lossText, 12);
      expect(p.gradient.values[0]).toBeCloseTo((1 / n - 1) / n, 12);
      if (n > 1) expect(p.gradient.values[1]).toBeCloseTo(1 / n / n, 12);
    }
  });

  it('is symmetric when the modalities swap and the matrix is transposed', () => {
    const m = randomGrid(6, 11);
    const a = contrastiveBreakdown(m);
    const b = contrastiveBreakdown(transposeGrid(m));
    expect(b.lossImage).toBeCloseTo(a.lossText, 12);
    expect(b.lossText).toBeCloseTo(a.lossImage, 12);
    expect(b.loss).toBeCloseTo(a.loss, 12);
    expect(maxAbsDiff(transposeGrid(b.gradient).values, a.gradient.values)).toBeLessThan(1e-14);
    expect(maxAbsDiff(transposeGrid(b.rowSoftmax).values, a.colSoftmax.values)).toBeLessThan(1e-14);
  });

  it('tends to 0 as the diagonal dominates', () => {
    const losses = [1, 5, 20, 60].map((s) => contrastiveBreakdown(grid(4, (i, j) => (i === j ? s : 0))).loss);
    for (let k = 1; k < losses.length; k++) expect(losses[k]).toBeLessThan(losses[k - 1]!);
    expect(losses[3]).toBeLessThan(1e-24);
    expect(losses[3]).toBeGreaterThanOrEqual(0);
  });

  it('splits the loss over the cells: the contributions sum to the loss, diagonal cells give none', () => {
    const p = contrastiveBreakdown(randomGrid(5, 3));
    expect(sum(p.contribution.values)).toBeCloseTo(p.loss, 12);
    for (let i = 0; i < 5; i++) expect(p.contribution.values[i * 5 + i]).toBe(0);
    expect(Math.min(...p.contribution.values)).toBeGreaterThanOrEqual(0);
  });

  it('has softmax rows and columns that sum to 1 and a gradient whose cells sum to 0', () => {
    const n = 7;
    const p = contrastiveBreakdown(randomGrid(n, 5));
    for (let i = 0; i < n; i++) {
      expect(sum(p.rowSoftmax.values.subarray(i * n, (i + 1) * n))).toBeCloseTo(1, 12);
      expect(sum(transposeGrid(p.colSoftmax).values.subarray(i * n, (i + 1) * n))).toBeCloseTo(1, 12);
    }
    // Each row of (P_row − I) sums to 0, so the total gradient sums to 0 over all cells.
    expect(sum(p.gradient.values)).toBeCloseTo(0, 12);
  });

  it('finds the false negatives: pairs whose captions are the same text', () => {
    expect(falseNegatives(['a dog', 'a cat', 'A dog ', 'a bird'])).toEqual([
      [0, 2],
      [2, 0],
    ]);
    expect(falseNegatives(['a', 'b'])).toEqual([]);
  });

  it('refuses a non-square matrix and a non-positive temperature with clear messages', () => {
    expect(() => contrastiveBreakdown({ rows: 2, cols: 3, values: new Float64Array(6) })).toThrow(
      /square logits matrix, got \[2, 3\]/,
    );
    expect(() => temperatureForms(0)).toThrow(/positive/);
  });

  it('shows the temperature three ways: τ, ln(1/τ) and exp(ln(1/τ))', () => {
    const f = temperatureForms(0.07);
    expect(f.logitScale).toBeCloseTo(2.659260036932778, 12);
    expect(Math.exp(f.logitScale)).toBeCloseTo(f.scale, 12);
    expect(f.scale).toBeCloseTo(1 / 0.07, 12);
  });
});

describe('against TF.js (src/clip/loss.ts)', () => {
  beforeAll(() => useBackend('cpu'));

  it('gives the same loss terms and per-cell gradients as tf.grad of contrastiveLoss', () => {
    const before = tf.memory().numTensors;
    for (const [n, seed] of [
      [2, 1],
      [3, 2],
      [5, 3],
      [8, 4],
    ] as const) {
      const m = randomGrid(n, seed);
      const ours = contrastiveBreakdown(m);
      const theirs = tf.tidy(() => {
        const x = tf.tensor2d(Float32Array.from(m.values), [n, n]); // [N, N]
        const terms = contrastiveLoss(x);
        const g = tf.grad((s: tf.Tensor) => contrastiveLoss(s).loss as tf.Scalar)(x); // [N, N]
        const gImage = tf.grad((s: tf.Tensor) => tf.div(contrastiveLoss(s).lossImage, 2) as tf.Scalar)(x);
        return {
          terms: [terms.lossImage, terms.lossText, terms.loss].map((t) => t.dataSync()[0]!),
          grad: g.dataSync().slice(),
          gradImage: gImage.dataSync().slice(),
        };
      });
      expect(maxAbsDiff(theirs.terms, [ours.lossImage, ours.lossText, ours.loss])).toBeLessThan(1e-5);
      expect(maxAbsDiff(theirs.grad, ours.gradient.values)).toBeLessThan(1e-6);
      // The image → text half alone, and the text → image half as the rest.
      expect(maxAbsDiff(theirs.gradImage, ours.gradImage.values)).toBeLessThan(1e-6);
      const rest = theirs.grad.map((v, k) => v - theirs.gradImage[k]!);
      expect(maxAbsDiff(rest, ours.gradText.values)).toBeLessThan(1e-6);
      // Not a trivially small gradient: the check has something to compare.
      expect(Math.max(...ours.gradient.values.map(Math.abs))).toBeGreaterThan(0.01);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('against the tiny-clip-a reference (OpenAI code)', () => {
  const fx = loadFixtures();
  const scalar = (name: string): number => fx.get(name).data[0]!;
  const logits = (): Grid => {
    const e = fx.get('square.logits_per_image');
    return { rows: e.shape[0]!, cols: e.shape[1]!, values: Float64Array.from(e.data) };
  };

  it('gives the reference loss terms from its square logits', () => {
    const p = contrastiveBreakdown(logits());
    expect(Math.abs(p.lossImage - scalar('square.loss_image'))).toBeLessThan(1e-5);
    expect(Math.abs(p.lossText - scalar('square.loss_text'))).toBeLessThan(1e-5);
    expect(Math.abs(p.loss - scalar('square.loss'))).toBeLessThan(1e-5);
  });

  it('gives the reference dL/d(logit_scale) through its logits gradient (Σ dL/dS · S)', () => {
    const S = logits();
    const p = contrastiveBreakdown(S);
    const want = scalar('square.grad.logit_scale');
    expect(Math.abs(want)).toBeGreaterThan(1e-4);
    expect(Math.abs(logitScaleGradient(S, p.gradient) - want)).toBeLessThan(1e-5);
  });

  it('rebuilds the reference logits from its normalised features and learned temperature', () => {
    const img = featureRows(fx.get('image.features_normalized').data, 3);
    const txt = featureRows(fx.get('text.features_normalized').data, 4).slice(0, 3);
    const tau = 1 / scalar('logit_scale.exp');
    const lab = logitsLab(img, txt, tau);
    expect(maxAbsDiff(lab.logits.values, fx.get('square.logits_per_image').data)).toBeLessThan(1e-5);
    expect(Math.abs(lab.parts.loss - scalar('square.loss'))).toBeLessThan(1e-5);
  });
});
