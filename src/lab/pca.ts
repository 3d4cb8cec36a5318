// Principal component analysis for the feature-space lab: centre the points, find the top eigenvectors of
// their covariance with cyclic Jacobi rotations (on the smaller of the d × d covariance and the n × n Gram
// matrix, so 20 points of 768 dims stay cheap), project. Deterministic: each component's largest
// coordinate is made positive. Pure Float64 TypeScript, no DOM, no TF.js.

export interface Pca {
  mean: Float64Array;
  /** Unit principal directions, largest variance first. */
  components: Float64Array[];
  /** Variance along each component (eigenvalues of the covariance, divided by n). */
  variances: number[];
  /** variances / total variance. */
  explained: number[];
  totalVariance: number;
  /** The fitted points in component coordinates, [n][k]. */
  projections: number[][];
}

/** Eigenvalues and eigenvectors (columns of `vectors`, row-major n × n) of a symmetric matrix. */
export function jacobiEigen(
  a: Float64Array,
  n: number,
  sweeps = 100,
): { values: number[]; vectors: Float64Array } {
  const m = Float64Array.from(a);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < sweeps; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p * n + q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (m[q * n + q]! - m[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k * n + p]!;
          const mkq = m[k * n + q]!;
          m[k * n + p] = c * mkp - s * mkq;
          m[k * n + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p * n + k]!;
          const mqk = m[q * n + k]!;
          m[p * n + k] = c * mpk - s * mqk;
          m[q * n + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Array.from({ length: n }, (_, i) => m[i * n + i]!), vectors: v };
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k]! * b[k]!;
  return s;
};

/** Unit length, largest-magnitude coordinate positive (the sign convention). */
function normalised(u: Float64Array): Float64Array {
  const len = Math.sqrt(dot(u, u)) || 1;
  let big = 0;
  for (let k = 0; k < u.length; k++) if (Math.abs(u[k]!) > Math.abs(u[big]!)) big = k;
  const sign = u[big]! < 0 ? -1 : 1;
  return u.map((x) => (sign * x) / len);
}

/** The top `k` principal components of `points` (n points of dimension d). */
export function pca(points: readonly ArrayLike<number>[], k = 2): Pca {
  const n = points.length;
  if (n < 2) throw new Error(`PCA needs at least 2 points, got ${n}`);
  const d = points[0]!.length;
  if (points.some((p) => p.length !== d)) throw new Error('every point must have the same dimension');
  const mean = new Float64Array(d);
  for (const p of points) for (let j = 0; j < d; j++) mean[j]! += p[j]! / n;
  const centred = points.map((p) => Float64Array.from({ length: d }, (_, j) => p[j]! - mean[j]!)); // [n, d]
  let pairs: { value: number; vector: Float64Array }[];
  if (d <= n) {
    const cov = new Float64Array(d * d); // [d, d]
    for (const x of centred)
      for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) cov[a * d + b]! += (x[a]! * x[b]!) / n;
    const eig = jacobiEigen(cov, d);
    pairs = eig.values.map((value, i) => ({
      value,
      vector: Float64Array.from({ length: d }, (_, r) => eig.vectors[r * d + i]!),
    }));
  } else {
    // Gram route: X Xᵀ / n shares the non-zero eigenvalues; directions are Xᵀ u.
    const gram = new Float64Array(n * n); // [n, n]
    for (let a = 0; a < n; a++)
      for (let b = 0; b < n; b++) gram[a * n + b] = dot(centred[a]!, centred[b]!) / n;
    const eig = jacobiEigen(gram, n);
    pairs = eig.values.map((value, i) => {
      const vector = new Float64Array(d); // [d]
      for (let r = 0; r < n; r++)
        for (let j = 0; j < d; j++) vector[j]! += eig.vectors[r * n + i]! * centred[r]![j]!;
      return { value, vector };
    });
  }
  pairs.sort((a, b) => b.value - a.value);
  const top = pairs.slice(0, Math.min(k, pairs.length));
  const components = top.map((p) => normalised(p.vector));
  const variances = top.map((p) => Math.max(0, p.value));
  const totalVariance = pairs.reduce((s, p) => s + Math.max(0, p.value), 0);
  const fit: Pca = {
    mean,
    components,
    variances,
    explained: variances.map((v) => (totalVariance > 0 ? v / totalVariance : 0)),
    totalVariance,
    projections: [],
  };
  fit.projections = points.map((p) => project(fit, p));
  return fit;
}

/** A point (fitted or new) in the components' coordinates. */
export function project(fit: Pick<Pca, 'mean' | 'components'>, point: ArrayLike<number>): number[] {
  const x = Float64Array.from({ length: fit.mean.length }, (_, j) => point[j]! - fit.mean[j]!);
  return fit.components.map((c) => dot(c, x));
}

/** Mean of unit vectors, renormalised to unit length (CLIP's prompt ensemble). */
export function ensembleMean(vectors: readonly ArrayLike<number>[]): Float64Array {
  if (vectors.length === 0) throw new Error('the ensemble needs at least one vector');
  const d = vectors[0]!.length;
  const sum = new Float64Array(d);
  for (const v of vectors) {
    const len = Math.sqrt(dot(v, v)) || 1;
    for (let j = 0; j < d; j++) sum[j]! += v[j]! / len;
  }
  const len = Math.sqrt(dot(sum, sum)) || 1;
  return sum.map((x) => x / len);
}
