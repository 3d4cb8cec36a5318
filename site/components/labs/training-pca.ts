// A small PCA for the lab's feature view: centre the rows, build the covariance, take its two leading
// eigenvectors by power iteration with deflation, and project. Plain arrays, no TF.js (it runs in the page).

export interface Projection {
  /** [n, 2] row-major coordinates. */
  points: Float64Array;
  /** Fraction of the variance each of the two axes explains. */
  explained: [number, number];
}

const ITERATIONS = 200;

/** Leading eigenvector of a symmetric d × d matrix (row-major), with its sign fixed (largest entry > 0). */
function leading(cov: Float64Array, d: number): { vector: Float64Array; value: number } {
  let v = new Float64Array(d).map((_, i) => 1 / Math.sqrt(d) + i * 1e-3);
  let value = 0;
  for (let it = 0; it < ITERATIONS; it++) {
    const next = new Float64Array(d);
    for (let r = 0; r < d; r++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += cov[r * d + c]! * v[c]!;
      next[r] = s;
    }
    const norm = Math.hypot(...next);
    if (norm < 1e-12) {
      // A zero matrix (no variance left after deflation) has no axis: keeping the start vector would
      // repeat the first axis as the second and spread rank-1 data along a diagonal.
      if (it === 0) v = new Float64Array(d);
      break;
    }
    value = norm;
    v = next.map((x) => x / norm);
  }
  let big = 0;
  for (let i = 1; i < d; i++) if (Math.abs(v[i]!) > Math.abs(v[big]!)) big = i;
  if (v[big]! < 0) v = v.map((x) => -x);
  return { vector: v, value };
}

/** Rows [n, d] → their coordinates on the first two principal axes. */
export function pca2(data: ArrayLike<number>, n: number, d: number): Projection {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += data[i * d + j]! / n;
  const centred = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) centred[i * d + j] = data[i * d + j]! - mean[j]!;
  const cov = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) {
      const xa = centred[i * d + a]!;
      for (let b = 0; b < d; b++) cov[a * d + b]! += (xa * centred[i * d + b]!) / Math.max(1, n - 1);
    }
  }
  let total = 0;
  for (let a = 0; a < d; a++) total += cov[a * d + a]!;
  const first = leading(cov, d);
  for (let a = 0; a < d; a++)
    for (let b = 0; b < d; b++) cov[a * d + b]! -= first.value * first.vector[a]! * first.vector[b]!;
  const second = leading(cov, d);
  const points = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    let p = 0;
    let q = 0;
    for (let j = 0; j < d; j++) {
      p += centred[i * d + j]! * first.vector[j]!;
      q += centred[i * d + j]! * second.vector[j]!;
    }
    points[i * 2] = p;
    points[i * 2 + 1] = q;
  }
  const share = (v: number): number => (total > 0 ? v / total : 0);
  return { points, explained: [share(first.value), share(second.value)] };
}
