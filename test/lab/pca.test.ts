// PCA for the feature-space lab (src/lab/pca.ts): known directions on hand-made points, variance explained,
// orthogonal components, the sign convention, the Gram route for few points in many dimensions.
import { describe, expect, it } from 'vitest';
import { ensembleMean, jacobiEigen, pca, project } from '../../src/lab/pca';

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number =>
  Array.from(a).reduce((s, x, k) => s + x * b[k]!, 0);

describe('jacobiEigen', () => {
  it('finds the eigenvalues of a known symmetric matrix', () => {
    // [[2, 1], [1, 2]] has eigenvalues 1 and 3.
    const { values } = jacobiEigen(Float64Array.of(2, 1, 1, 2), 2);
    expect(values.sort()).toEqual([expect.closeTo(1, 12), expect.closeTo(3, 12)]);
  });
});

describe('pca', () => {
  it('finds the direction of a line of points, with all the variance on it', () => {
    // Points on the line t·(3, 4)/5 + (1, 1): the first component is ±(0.6, 0.8).
    const ts = [-2, -1, 0, 0.5, 1, 3];
    const points = ts.map((t) => [1 + 0.6 * t, 1 + 0.8 * t]);
    const fit = pca(points);
    expect(Math.abs(fit.components[0]![0]!)).toBeCloseTo(0.6, 10);
    expect(Math.abs(fit.components[0]![1]!)).toBeCloseTo(0.8, 10);
    expect(fit.explained[0]).toBeCloseTo(1, 10);
    const m = ts.reduce((a, b) => a + b, 0) / ts.length;
    const variance = ts.reduce((a, t) => a + (t - m) ** 2, 0) / ts.length;
    expect(fit.variances[0]).toBeCloseTo(variance, 10);
  });

  it('orders components by variance and explains the right share of it', () => {
    // An axis-aligned cross in 3-D: variance 4 along z, 1 along x, 0 along y.
    const points = [
      [0, 0, 2],
      [0, 0, -2],
      [1, 0, 0],
      [-1, 0, 0],
    ];
    const fit = pca(points);
    expect(fit.variances[0]).toBeCloseTo(2, 10); // (4 + 4) / 4
    expect(fit.variances[1]).toBeCloseTo(0.5, 10); // (1 + 1) / 4
    expect(fit.explained[0]).toBeCloseTo(0.8, 10);
    expect(fit.explained[1]).toBeCloseTo(0.2, 10);
    expect(fit.components[0]).toEqual(Float64Array.of(0, 0, 1));
    expect(Math.abs(fit.components[1]![0]!)).toBeCloseTo(1, 10);
  });

  it('gives orthonormal components and uncorrelated projections', () => {
    const points = Array.from({ length: 12 }, (_, i) => [
      Math.sin(i),
      Math.cos(2 * i) * 2,
      i / 4,
      Math.sin(3 * i),
    ]);
    const fit = pca(points, 3);
    for (let a = 0; a < 3; a++) {
      expect(dot(fit.components[a]!, fit.components[a]!)).toBeCloseTo(1, 10);
      for (let b = a + 1; b < 3; b++) {
        expect(dot(fit.components[a]!, fit.components[b]!)).toBeCloseTo(0, 10);
        const pa = fit.projections.map((p) => p[a]!);
        const pb = fit.projections.map((p) => p[b]!);
        expect(dot(pa, pb)).toBeCloseTo(0, 9); // projections are centred, so this is their covariance
      }
    }
    expect(fit.variances[0]).toBeGreaterThanOrEqual(fit.variances[1]!);
    expect(fit.variances[1]).toBeGreaterThanOrEqual(fit.variances[2]!);
  });

  it('keeps the sign convention: each component’s largest coordinate is positive', () => {
    const points = Array.from({ length: 10 }, (_, i) => [-(i * 3), i * 0.5 + (i % 2), -(i % 3)]);
    const fit = pca(points);
    for (const c of fit.components) {
      const big = Array.from(c).reduce((b, x, k) => (Math.abs(x) > Math.abs(c[b]!) ? k : b), 0);
      expect(c[big]).toBeGreaterThan(0);
    }
    // Negating every point flips no component.
    const flipped = pca(points.map((p) => p.map((x) => -x)));
    expect(Array.from(flipped.components[0]!)).toEqual(
      Array.from(fit.components[0]!).map((x) => expect.closeTo(x, 10)),
    );
  });

  it('agrees between the covariance route (d ≤ n) and the Gram route (d > n)', () => {
    // Four points in 4-D (covariance route), and the same points padded to 9-D (Gram route).
    const small = Array.from({ length: 9 }, (_, i) => [Math.cos(i), Math.sin(2 * i), i % 3, (i * i) % 5]);
    const covFit = pca(small);
    const wide = small.slice(0, 4).map((p) => [...p, 0, 0, 0, 0, 0]);
    const gramFit = pca(wide);
    const covOfWide = pca(small.slice(0, 4));
    expect(gramFit.variances[0]).toBeCloseTo(covOfWide.variances[0]!, 10);
    expect(gramFit.variances[1]).toBeCloseTo(covOfWide.variances[1]!, 10);
    expect(Array.from(gramFit.components[0]!.slice(0, 4))).toEqual(
      Array.from(covOfWide.components[0]!).map((x) => expect.closeTo(x, 8)),
    );
    expect(covFit.totalVariance).toBeGreaterThan(0);
  });

  it('projects a new point onto the fitted axes', () => {
    const fit = pca([
      [0, 0],
      [2, 0],
      [4, 0],
    ]);
    expect(project(fit, [5, 0])[0]).toBeCloseTo(3, 12); // mean x is 2
  });

  it('refuses fewer than two points', () => {
    expect(() => pca([[1, 2]])).toThrow(/at least 2 points/);
  });
});

describe('ensembleMean', () => {
  it('averages unit vectors and renormalises', () => {
    const m = ensembleMean([
      [1, 0],
      [0, 2],
    ]);
    expect(m[0]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(m[1]).toBeCloseTo(Math.SQRT1_2, 12);
  });
});
