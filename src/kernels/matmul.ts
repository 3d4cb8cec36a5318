// AssemblyScript, compiled to WebAssembly SIMD by scripts/kernels.ts (not part of the TypeScript build).
// c = a @ b + bias for a [m, k] row-major and b [k, n] packed once by packB, the product src/clip/layers.ts
// computes with tf.fused.matMul. Compiled twice: with relaxed SIMD enabled it uses its fused multiply-add,
// without it a multiply then an add, for engines that lack relaxed SIMD. Pointers are byte offsets into this module's
// memory, which the caller lays out and grows. `act` applies an activation as c is written (activation.ts).
import { activate } from './activation';

/** Columns per packed panel: four vectors. */
const NR = 16;
/**
 * Rows of a per micro-kernel step. Eight accumulators, four vectors of b and a splat fit V8's fifteen
 * vector registers on x64; six or more rows of eight columns spilled and ran at half the speed (measured).
 */
const MR = 2;

@inline
function madd(x: v128, y: v128, acc: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(x, y, acc);
  return f32x4.add(acc, f32x4.mul(x, y));
}

/** Floats packB writes for b [k, n]: k rows of each panel of sixteen columns, the last one zero-padded. */
export function packedFloats(k: i32, n: i32): i32 {
  return k * (((n + NR - 1) / NR) * NR);
}

/** b [k, n] row-major into panels: panel p holds columns [16p, 16p + 16) as k rows of sixteen floats. */
export function packB(b: usize, k: i32, n: i32, dst: usize): void {
  const panels = (n + NR - 1) / NR;
  for (let p = 0; p < panels; p++) {
    const col = p * NR;
    const width = min(NR, n - col);
    const panel = dst + ((<usize>(p * k * NR)) << 2);
    for (let r = 0; r < k; r++) {
      const src = b + ((<usize>(r * n + col)) << 2);
      const row = panel + ((<usize>(r * NR)) << 2);
      if (width == NR) {
        v128.store(row, v128.load(src));
        v128.store(row, v128.load(src, 16), 16);
        v128.store(row, v128.load(src, 32), 32);
        v128.store(row, v128.load(src, 48), 48);
      } else {
        for (let j = 0; j < NR; j++)
          store<f32>(row + ((<usize>j) << 2), j < width ? load<f32>(src + ((<usize>j) << 2)) : 0);
      }
    }
  }
}

/** Sixteen columns of one or two rows: with one, the second repeats it and is not written. */
@inline
function block(
  a: usize,
  rows: i32,
  k: i32,
  panel: usize,
  bias: usize,
  col: i32,
  c: usize,
  n: i32,
  act: i32,
): void {
  const rowBytes = (<usize>k) << 2;
  const a0 = a;
  const a1 = a + rowBytes * <usize>(rows - 1);
  const bias0 = biasAt(bias, col, n);
  const bias1 = biasAt(bias, col + 4, n);
  const bias2 = biasAt(bias, col + 8, n);
  const bias3 = biasAt(bias, col + 12, n);
  let c00 = bias0;
  let c01 = bias1;
  let c02 = bias2;
  let c03 = bias3;
  let c10 = bias0;
  let c11 = bias1;
  let c12 = bias2;
  let c13 = bias3;
  let bp = panel;
  for (let at: usize = 0; at < rowBytes; at += 4) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    const b2 = v128.load(bp, 32);
    const b3 = v128.load(bp, 48);
    bp += NR << 2;
    let x = v128.load32_splat(a0 + at);
    c00 = madd(x, b0, c00);
    c01 = madd(x, b1, c01);
    c02 = madd(x, b2, c02);
    c03 = madd(x, b3, c03);
    x = v128.load32_splat(a1 + at);
    c10 = madd(x, b0, c10);
    c11 = madd(x, b1, c11);
    c12 = madd(x, b2, c12);
    c13 = madd(x, b3, c13);
  }
  if (act) {
    c00 = activate(c00, act);
    c01 = activate(c01, act);
    c02 = activate(c02, act);
    c03 = activate(c03, act);
    c10 = activate(c10, act);
    c11 = activate(c11, act);
    c12 = activate(c12, act);
    c13 = activate(c13, act);
  }
  const width = min(NR, n - col);
  storeRow(c, width, c00, c01, c02, c03);
  if (rows > 1) storeRow(c + ((<usize>n) << 2), width, c10, c11, c12, c13);
}

/** The first `width` of sixteen floats. */
@inline
function storeRow(c: usize, width: i32, v0: v128, v1: v128, v2: v128, v3: v128): void {
  if (width == NR) {
    v128.store(c, v0);
    v128.store(c, v1, 16);
    v128.store(c, v2, 32);
    v128.store(c, v3, 48);
    return;
  }
  for (let j = 0; j < width; j += 4) {
    const v = j < 4 ? v0 : j < 8 ? v1 : j < 12 ? v2 : v3;
    const at = c + ((<usize>j) << 2);
    if (j + 4 <= width) {
      v128.store(at, v);
      continue;
    }
    store<f32>(at, f32x4.extract_lane(v, 0));
    if (j + 1 < width) store<f32>(at, f32x4.extract_lane(v, 1), 4);
    if (j + 2 < width) store<f32>(at, f32x4.extract_lane(v, 2), 8);
  }
}

/** Four bias values from column `from`, zero past n or with no bias (bias = 0). */
@inline
function biasAt(bias: usize, from: i32, n: i32): v128 {
  if (bias == 0 || from >= n) return f32x4.splat(0);
  const at = bias + ((<usize>from) << 2);
  if (from + 4 <= n) return v128.load(at);
  let v = f32x4.splat(0);
  v = f32x4.replace_lane(v, 0, load<f32>(at));
  if (from + 1 < n) v = f32x4.replace_lane(v, 1, load<f32>(at, 4));
  if (from + 2 < n) v = f32x4.replace_lane(v, 2, load<f32>(at, 8));
  return v;
}

/**
 * c [m, n] = act(a [m, k] @ b + bias [n]) for panels [p0, p1) of b packed by packB; bias = 0 for none.
 * Panels outermost: each one stays in cache while every row block passes over it.
 */
export function matmul(
  a: usize,
  m: i32,
  k: i32,
  b: usize,
  bias: usize,
  n: i32,
  c: usize,
  p0: i32,
  p1: i32,
  act: i32,
): void {
  const aBlock = (<usize>(MR * k)) << 2;
  const cBlock = (<usize>(MR * n)) << 2;
  for (let p = p0; p < p1; p++) {
    const col = p * NR;
    const panel = b + ((<usize>(p * k * NR)) << 2);
    let ar = a;
    let cr = c + ((<usize>col) << 2);
    for (let r = 0; r < m; r += MR) {
      block(ar, min(MR, m - r), k, panel, bias, col, cr, n, act);
      ar += aBlock;
      cr += cBlock;
    }
  }
}
