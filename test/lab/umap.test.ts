// UMAP for the feature-space lab: the same seed gives the same map, the output is finite and [n][2], well
// separated clusters stay apart, and the inputs umap-js cannot handle get a fixed answer or a clear error.
import { describe, expect, it } from 'vitest';
import { seededNormal } from '../../src/clip/init';
import { UMAP_SEED, umap, umapNeighbors } from '../../src/lab/umap';

/** `n` unit vectors per cluster around orthogonal axes of R^d (like image and text clouds). */
function clusters(n: number, k: number, d = 32, noise = 0.05, seed = 7): number[][] {
  const g = seededNormal(seed);
  const out: number[][] = [];
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < n; i++) {
      const v = Array.from({ length: d }, (_, j) => (j === c ? 1 : 0) + noise * g());
      const len = Math.hypot(...v);
      out.push(v.map((x) => x / len));
    }
  }
  return out;
}

const finite2d = (xy: number[][], n: number): void => {
  expect(xy).toHaveLength(n);
  for (const p of xy) {
    expect(p).toHaveLength(2);
    expect(p.every(Number.isFinite)).toBe(true);
  }
};

const centroid = (xy: number[][]): number[] =>
  [0, 1].map((k) => xy.reduce((s, p) => s + p[k]!, 0) / xy.length);

describe('umap', () => {
  it('is deterministic for a seed and changes with the seed', () => {
    const x = clusters(6, 2);
    const a = umap(x, { seed: 3 });
    const b = umap(x, { seed: 3 });
    expect(b.projections).toEqual(a.projections);
    expect(a.seed).toBe(3);
    const c = umap(x, { seed: 4 });
    expect(c.projections).not.toEqual(a.projections);
    expect(umap(x).seed).toBe(UMAP_SEED);
  });

  it('gives finite [n][2] coordinates centred on the origin for the lab’s 20 points', () => {
    const fit = umap(clusters(10, 2, 64));
    finite2d(fit.projections, 20);
    const [mx, my] = centroid(fit.projections);
    expect(Math.abs(mx!)).toBeLessThan(1e-9);
    expect(Math.abs(my!)).toBeLessThan(1e-9);
    expect(fit.nNeighbors).toBe(umapNeighbors(20));
  });

  it('keeps well-separated clusters apart: every point is nearer its own centre than the other', () => {
    const n = 8;
    const xy = umap(clusters(n, 2)).projections;
    const a = xy.slice(0, n);
    const b = xy.slice(n);
    const [ca, cb] = [centroid(a), centroid(b)];
    const dist = (p: number[], q: number[]) => Math.hypot(p[0]! - q[0]!, p[1]! - q[1]!);
    for (const p of a) expect(dist(p, ca)).toBeLessThan(dist(p, cb));
    for (const p of b) expect(dist(p, cb)).toBeLessThan(dist(p, ca));
    // The gap between the clusters is wider than either cluster's spread.
    const spread = Math.max(...a.map((p) => dist(p, ca)), ...b.map((p) => dist(p, cb)));
    expect(dist(ca, cb)).toBeGreaterThan(spread);
  });

  it('clamps the neighbourhood to [2, n − 1] and at most 15', () => {
    expect(umapNeighbors(3)).toBe(2);
    expect(umapNeighbors(4)).toBe(3);
    expect(umapNeighbors(20)).toBe(7);
    expect(umapNeighbors(1000)).toBe(15);
    expect(umapNeighbors(5, 50)).toBe(4);
    expect(umapNeighbors(50, 1)).toBe(2);
    expect(umap(clusters(3, 1), { nNeighbors: 10 }).nNeighbors).toBe(2);
  });

  it('places 1 point at the origin and 2 distinct points a unit apart, without running umap-js', () => {
    expect(umap([[0.6, 0.8]]).projections).toEqual([[0, 0]]);
    const two = umap([
      [1, 0],
      [0, 1],
    ]);
    expect(two.projections).toEqual([
      [-0.5, 0],
      [0.5, 0],
    ]);
    expect(two.nNeighbors).toBe(0);
  });

  it('lays out 3 points with finite coordinates', () => {
    const fit = umap([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    finite2d(fit.projections, 3);
    expect(fit.nNeighbors).toBe(2);
  });

  it('puts identical points together at the origin, never NaN', () => {
    for (const n of [2, 3, 20]) {
      const same = Array.from({ length: n }, () => [0.6, 0.8, 0]);
      expect(umap(same).projections).toEqual(same.map(() => [0, 0]));
    }
  });

  it('handles duplicated points among distinct ones with finite output', () => {
    const x = clusters(5, 2);
    finite2d(umap([...x, x[0]!, x[0]!]).projections, 12);
  });

  it('rejects empty, ragged and non-finite input with a clear error', () => {
    expect(() => umap([])).toThrow(/at least 1 point/);
    expect(() => umap([[1, 0], [1]])).toThrow(/same dimension/);
    expect(() =>
      umap([
        [1, 0],
        [NaN, 1],
        [0, 1],
      ]),
    ).toThrow(/finite/);
  });
});
