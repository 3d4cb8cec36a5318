// What the image tower learned, read from two weight tensors (seed sections 4.1 and 4.3): conv1's filters
// as RGB tiles (each filter min–max scaled to [0, 1] on its own, the usual way to look at first-layer
// filters), and the cosine similarity between the positional embeddings of the patch positions (the ViT
// paper's figure 7, Dosovitskiy et al. 2021). Plain TypeScript: no TF.js, no DOM.

/** conv1's filters ready to draw: one P × P RGB tile per output channel. */
export interface FilterTiles {
  /** Filters (output channels, the vision width). */
  count: number;
  /** Patch size P. */
  patch: number;
  /** count tiles of P × P × 3 bytes (HWC), each filter scaled on its own from [min, max] to [0, 255]. */
  rgb: Uint8Array;
  /** Each filter's smallest and largest weight (what 0 and 255 stand for). */
  min: Float32Array;
  max: Float32Array;
}

/** The cosine similarity of every patch position's embedding with every other's, class token left out. */
export interface PositionSimilarity {
  /** g: the patch grid is g × g. */
  grid: number;
  /** [g², g²] row-major: entry (p, q) = cos(pos[1 + p], pos[1 + q]), patches numbered row * g + col. */
  values: Float32Array;
}

function checkFilterShape(shape: readonly number[], length: number): { n: number; p: number } {
  const [n, c, p, q] = shape;
  if (shape.length !== 4 || c !== 3 || !n || !p || p !== q) {
    throw new RangeError(`conv1 weights must be [width, 3, P, P], got [${shape.join(', ')}]`);
  }
  if (length !== n * 3 * p * p)
    throw new RangeError(`expected ${n * 3 * p * p} conv1 weights, got ${length}`);
  return { n, p };
}

/**
 * One filter of `weight` ([n, 3, P, P], CHW per filter) as P × P × 3 values in [0, 1] (HWC): (w − min) /
 * (max − min) over the filter's 3·P·P weights; a constant filter is drawn mid-grey (0.5).
 */
export function scaleFilter(
  weight: ArrayLike<number>,
  shape: readonly number[],
  filter: number,
): Float32Array {
  const { n, p } = checkFilterShape(shape, weight.length);
  if (!Number.isInteger(filter) || filter < 0 || filter >= n)
    throw new RangeError(`filter ${filter} is outside [0, ${n})`);
  const size = 3 * p * p;
  const base = filter * size;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < size; i++) {
    const v = weight[base + i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const span = hi - lo;
  const out = new Float32Array(size);
  for (let ch = 0; ch < 3; ch++) {
    for (let k = 0; k < p * p; k++) {
      const v = weight[base + ch * p * p + k]!;
      out[k * 3 + ch] = span > 0 ? (v - lo) / span : 0.5;
    }
  }
  return out;
}

/** Every filter of conv1 as a tile (see scaleFilter), with its range. */
export function filterTiles(weight: ArrayLike<number>, shape: readonly number[]): FilterTiles {
  const { n, p } = checkFilterShape(shape, weight.length);
  const size = 3 * p * p;
  const rgb = new Uint8Array(n * size);
  const min = new Float32Array(n);
  const max = new Float32Array(n);
  for (let f = 0; f < n; f++) {
    const tile = scaleFilter(weight, shape, f);
    for (let i = 0; i < size; i++) rgb[f * size + i] = Math.round(tile[i]! * 255);
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = f * size; i < (f + 1) * size; i++) {
      const v = weight[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    min[f] = lo;
    max[f] = hi;
  }
  return { count: n, patch: p, rgb, min, max };
}

/**
 * Cosine similarity between the positional embeddings of the g² patch positions (`pos` is
 * visual.positional_embedding, [1 + g², width]; row 0, the class token's, is left out). A zero row has
 * similarity 0 with everything.
 */
export function positionSimilarity(pos: ArrayLike<number>, shape: readonly number[]): PositionSimilarity {
  const [tokens, width] = shape;
  const g = Math.round(Math.sqrt((tokens ?? 0) - 1));
  if (shape.length !== 2 || !tokens || !width || g < 1 || g * g + 1 !== tokens) {
    throw new RangeError(`the positional embedding must be [1 + g², width], got [${shape.join(', ')}]`);
  }
  if (pos.length !== tokens * width)
    throw new RangeError(`expected ${tokens * width} values, got ${pos.length}`);
  const n = g * g;
  const norms = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    let s = 0;
    for (let d = 0, o = (p + 1) * width; d < width; d++) s += pos[o + d]! * pos[o + d]!;
    norms[p] = Math.sqrt(s);
  }
  const values = new Float32Array(n * n);
  for (let p = 0; p < n; p++) {
    for (let q = p; q < n; q++) {
      let dot = 0;
      const a = (p + 1) * width;
      const b = (q + 1) * width;
      for (let d = 0; d < width; d++) dot += pos[a + d]! * pos[b + d]!;
      const den = norms[p]! * norms[q]!;
      const cos = den > 0 ? Math.max(-1, Math.min(1, dot / den)) : 0;
      values[p * n + q] = cos;
      values[q * n + p] = cos;
    }
  }
  return { grid: g, values };
}

/** The g × g map of patch `p`'s similarity with every position (row-major, patch `p` itself included). */
export function similarityMap(sim: PositionSimilarity, p: number): Float32Array {
  const n = sim.grid * sim.grid;
  if (!Number.isInteger(p) || p < 0 || p >= n) throw new RangeError(`patch ${p} is outside [0, ${n})`);
  return sim.values.slice(p * n, (p + 1) * n);
}

/** The other position most like `p`, and the least alike (both as patch numbers, with their cosines). */
export function extremes(
  sim: PositionSimilarity,
  p: number,
): { nearest: number; nearestCos: number; farthest: number; farthestCos: number } {
  const row = similarityMap(sim, p);
  let nearest = -1;
  let farthest = -1;
  for (let q = 0; q < row.length; q++) {
    if (q === p) continue;
    if (nearest < 0 || row[q]! > row[nearest]!) nearest = q;
    if (farthest < 0 || row[q]! < row[farthest]!) farthest = q;
  }
  if (nearest < 0) return { nearest: p, nearestCos: row[p]!, farthest: p, farthestCos: row[p]! };
  return { nearest, nearestCos: row[nearest]!, farthest, farthestCos: row[farthest]! };
}

/**
 * How many patch positions have, as their most similar other position, one that touches them on the grid
 * (sharing a side or a corner): what a learned 2-D layout shows (ViT, figure 7), and random vectors rarely do.
 */
export function neighbourCount(sim: PositionSimilarity): number {
  const g = sim.grid;
  let k = 0;
  for (let p = 0; p < g * g; p++) {
    const q = extremes(sim, p).nearest;
    const d = Math.max(Math.abs(Math.floor(p / g) - Math.floor(q / g)), Math.abs((p % g) - (q % g)));
    if (d === 1) k++;
  }
  return k;
}

/** Pages of `perPage` filters (0 = all): the page's [start, end) and how many pages there are. */
export function filterPage(
  count: number,
  perPage: number,
  page: number,
): { start: number; end: number; page: number; pages: number } {
  const size = perPage > 0 ? Math.min(perPage, count) : count;
  const pages = Math.max(1, Math.ceil(count / Math.max(1, size)));
  const at = Math.max(0, Math.min(pages - 1, Math.trunc(page) || 0));
  return { start: at * size, end: Math.min(count, (at + 1) * size), page: at, pages };
}
