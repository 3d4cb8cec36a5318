// AssemblyScript, compiled to WebAssembly SIMD by scripts/kernels.ts (not part of the TypeScript build).
// LayerNorm over the last axis in one pass per row, as src/clip/layers.ts computes it op by op:
// (x - mean) / sqrt(variance + eps) * gamma + beta, with the biased variance. Pointers are byte offsets
// into this module's memory, which the caller lays out and grows.

/** Sum of row[0, d). */
function rowSum(row: usize, d: i32): f32 {
  let acc = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= d; j += 4) acc = f32x4.add(acc, v128.load(row + ((<usize>j) << 2)));
  let sum =
    f32x4.extract_lane(acc, 0) +
    f32x4.extract_lane(acc, 1) +
    (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
  for (; j < d; j++) sum += load<f32>(row + ((<usize>j) << 2));
  return sum;
}

/** Sum of (row[j] - mean)^2 over [0, d). */
function rowSquares(row: usize, d: i32, mean: f32): f32 {
  const m = f32x4.splat(mean);
  let acc = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= d; j += 4) {
    const c = f32x4.sub(v128.load(row + ((<usize>j) << 2)), m);
    acc = f32x4.add(acc, f32x4.mul(c, c));
  }
  let sum =
    f32x4.extract_lane(acc, 0) +
    f32x4.extract_lane(acc, 1) +
    (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
  for (; j < d; j++) {
    const c = load<f32>(row + ((<usize>j) << 2)) - mean;
    sum += c * c;
  }
  return sum;
}

/** x and out [rows, d]; gamma and beta [d]. */
export function layerNorm(
  x: usize,
  gamma: usize,
  beta: usize,
  out: usize,
  rows: i32,
  d: i32,
  eps: f32,
): void {
  for (let r = 0; r < rows; r++) {
    const at = (<usize>(r * d)) << 2;
    const row = x + at;
    const dst = out + at;
    const mean = rowSum(row, d) / <f32>d;
    const root = Mathf.sqrt(rowSquares(row, d, mean) / <f32>d + eps);
    const m = f32x4.splat(mean);
    const s = f32x4.splat(root);
    let j = 0;
    for (; j + 4 <= d; j += 4) {
      const o = (<usize>j) << 2;
      const normed = f32x4.div(f32x4.sub(v128.load(row + o), m), s);
      v128.store(dst + o, f32x4.add(f32x4.mul(normed, v128.load(gamma + o)), v128.load(beta + o)));
    }
    for (; j < d; j++) {
      const o = (<usize>j) << 2;
      store<f32>(dst + o, ((load<f32>(row + o) - mean) / root) * load<f32>(gamma + o) + load<f32>(beta + o));
    }
  }
}
