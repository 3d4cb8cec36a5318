// UMAP for the feature-space lab, the non-linear alternative to PCA (src/lab/pca.ts): umap-js fitted with a
// seeded random source, so the same points and seed always give the same map. Returns the points' 2-D
// coordinates in the same `projections` shape as pca(), centred on the origin (UMAP's own offset is
// arbitrary). Inputs umap-js cannot handle (fewer than 3 points, all points equal) get a fixed answer.
import { UMAP } from 'umap-js';
import { createRng } from '../world/random';

export interface UmapOptions {
  /** Seed of the random source (initial layout, negative sampling). */
  seed?: number;
  /** Neighbourhood size; clamped to [2, n − 1]. */
  nNeighbors?: number;
  minDist?: number;
  /** Optimisation epochs; umap-js picks 500 for small inputs when left out. */
  nEpochs?: number;
}

export interface Umap {
  /** The points in UMAP coordinates, [n][2], centred on the origin. */
  projections: number[][];
  /** The neighbourhood size actually used (0 when umap-js was not run). */
  nNeighbors: number;
  seed: number;
}

export const UMAP_SEED = 42;

/** The neighbourhood rule: round(FACTOR · √n) neighbours, kept within [MIN, MAX] and below n. */
export const UMAP_NEIGHBOURS = { factor: 1.5, min: 2, max: 15 } as const;

/** A neighbourhood size for n points: about 1.5 √n, never under 2 nor over 15, and below n. */
export function umapNeighbors(n: number, asked?: number): number {
  const { factor, min, max } = UMAP_NEIGHBOURS;
  const k = asked ?? Math.round(factor * Math.sqrt(n));
  return Math.max(min, Math.min(max, n - 1, Math.round(k)));
}

const sameAs = (a: ArrayLike<number>, b: ArrayLike<number>): boolean => {
  for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) return false;
  return true;
};

/** Subtracts the mean so the map sits around the origin, as PCA's does. */
function centred(xy: number[][]): number[][] {
  const n = xy.length;
  const mx = xy.reduce((s, p) => s + p[0]!, 0) / n;
  const my = xy.reduce((s, p) => s + p[1]!, 0) / n;
  return xy.map((p) => [p[0]! - mx, p[1]! - my]);
}

/** A 2-D UMAP layout of `points` (n points of dimension d); deterministic for a seed. */
export function umap(points: readonly ArrayLike<number>[], opts: UmapOptions = {}): Umap {
  const seed = opts.seed ?? UMAP_SEED;
  const n = points.length;
  if (n === 0) throw new Error('UMAP needs at least 1 point, got 0');
  const d = points[0]!.length;
  if (points.some((p) => p.length !== d)) throw new Error('every point must have the same dimension');
  for (const p of points) {
    for (let j = 0; j < d; j++) if (!Number.isFinite(p[j]!)) throw new Error('UMAP needs finite coordinates');
  }
  const fixed = (projections: number[][]): Umap => ({ projections, nNeighbors: 0, seed });
  // Nothing to lay out: one point, or points with no differences between them, sit at the origin.
  if (n === 1 || points.every((p) => sameAs(p, points[0]!))) return fixed(points.map(() => [0, 0]));
  // Two distinct points have one neighbour each, below umap-js's minimum of two: a unit apart on x.
  if (n === 2)
    return fixed([
      [-0.5, 0],
      [0.5, 0],
    ]);
  const nNeighbors = umapNeighbors(n, opts.nNeighbors);
  const model = new UMAP({
    nComponents: 2,
    nNeighbors,
    minDist: opts.minDist ?? 0.1,
    nEpochs: opts.nEpochs,
    random: createRng(seed).float,
  });
  const xy = model.fit(points.map((p) => Array.from(p)));
  if (xy.length !== n || xy.some((p) => p.length !== 2 || !p.every(Number.isFinite))) {
    throw new Error('UMAP gave non-finite coordinates');
  }
  return { projections: centred(xy), nNeighbors, seed };
}
