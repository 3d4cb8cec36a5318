// AssemblyScript, compiled to WebAssembly SIMD by scripts/kernels.ts (not part of the TypeScript build).
// Multi-head self-attention for every head of a batch in one call, from the packed in_proj output: what
// src/clip/attention.ts computes with split, transposes, two batched matmuls and a softmax, with the same
// operations per element: q / sqrt(hd), dot products with k, exp(s - max) / sum, then the weighted sum of v.
// All pointers are byte offsets into this module's memory, which the caller lays out and grows.
import { exp1, exp4 } from './exp';

/** Rows of queries scored together: four accumulators share each load of k. */
const BLOCK = 4;

/** q / sqrt(hd) for one head, packed [n, hd]. */
function scaleQ(q: usize, stride: i32, n: i32, hd: i32, root: f32, qs: usize): void {
  for (let i = 0; i < n; i++) {
    const row = q + ((<usize>(i * stride)) << 2);
    const dst = qs + ((<usize>(i * hd)) << 2);
    for (let d = 0; d < hd; d++)
      store<f32>(dst + ((<usize>d) << 2), load<f32>(row + ((<usize>d) << 2)) / root);
  }
}

/** k of one head transposed to [hd, np], np = n rounded up to a multiple of 8, zero past n. */
function transposeK(k: usize, stride: i32, n: i32, hd: i32, np: i32, kt: usize): void {
  for (let d = 0; d < hd; d++) {
    const dst = kt + ((<usize>(d * np)) << 2);
    for (let j = 0; j < n; j++)
      store<f32>(dst + ((<usize>j) << 2), load<f32>(k + ((<usize>(j * stride + d)) << 2)));
    for (let j = n; j < np; j++) store<f32>(dst + ((<usize>j) << 2), 0);
  }
}

/** Scores of up to four query rows against keys [0, end), end a multiple of 8: s [BLOCK, np]. */
function scoreBlock(qs: usize, rows: i32, hd: i32, kt: usize, np: i32, end: i32, s: usize): void {
  const rowBytes = (<usize>hd) << 2;
  const q0 = qs;
  const q1 = qs + rowBytes * <usize>min(1, rows - 1);
  const q2 = qs + rowBytes * <usize>min(2, rows - 1);
  const q3 = qs + rowBytes * <usize>min(3, rows - 1);
  const sRow = (<usize>np) << 2;
  for (let j = 0; j < end; j += 8) {
    let a0 = f32x4.splat(0);
    let b0 = a0;
    let a1 = a0;
    let b1 = a0;
    let a2 = a0;
    let b2 = a0;
    let a3 = a0;
    let b3 = a0;
    let kp = kt + ((<usize>j) << 2);
    let qp: usize = 0;
    const qEnd = rowBytes;
    for (; qp < qEnd; qp += 4) {
      const ka = v128.load(kp);
      const kb = v128.load(kp, 16);
      const x0 = v128.load32_splat(q0 + qp);
      const x1 = v128.load32_splat(q1 + qp);
      const x2 = v128.load32_splat(q2 + qp);
      const x3 = v128.load32_splat(q3 + qp);
      a0 = f32x4.add(a0, f32x4.mul(x0, ka));
      b0 = f32x4.add(b0, f32x4.mul(x0, kb));
      a1 = f32x4.add(a1, f32x4.mul(x1, ka));
      b1 = f32x4.add(b1, f32x4.mul(x1, kb));
      a2 = f32x4.add(a2, f32x4.mul(x2, ka));
      b2 = f32x4.add(b2, f32x4.mul(x2, kb));
      a3 = f32x4.add(a3, f32x4.mul(x3, ka));
      b3 = f32x4.add(b3, f32x4.mul(x3, kb));
      kp += sRow;
    }
    const at = s + ((<usize>j) << 2);
    v128.store(at, a0);
    v128.store(at, b0, 16);
    v128.store(at + sRow, a1);
    v128.store(at + sRow, b1, 16);
    v128.store(at + 2 * sRow, a2);
    v128.store(at + 2 * sRow, b2, 16);
    v128.store(at + 3 * sRow, a3);
    v128.store(at + 3 * sRow, b3, 16);
  }
}

/** exp(s - max) / sum over s[0, len), in place. */
function softmaxRow(s: usize, len: i32): void {
  let top = -Infinity as f32;
  for (let j = 0; j < len; j++) top = max(top, load<f32>(s + ((<usize>j) << 2)));
  const m = f32x4.splat(top);
  let acc = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= len; j += 4) {
    const at = s + ((<usize>j) << 2);
    const e = exp4(f32x4.sub(v128.load(at), m));
    v128.store(at, e);
    acc = f32x4.add(acc, e);
  }
  let sum =
    f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
  for (; j < len; j++) {
    const at = s + ((<usize>j) << 2);
    const e = exp1(load<f32>(at) - top);
    store<f32>(at, e);
    sum += e;
  }
  const total = f32x4.splat(sum);
  j = 0;
  for (; j + 4 <= len; j += 4) {
    const at = s + ((<usize>j) << 2);
    v128.store(at, f32x4.div(v128.load(at), total));
  }
  for (; j < len; j++) {
    const at = s + ((<usize>j) << 2);
    store<f32>(at, load<f32>(at) / sum);
  }
}

/**
 * Two rows at once, columns [0, hd - hd % 16): outA and outB = sum over j < len of pA[j] * v[j] and pB[j] * v[j],
 * sharing each load of v. Returns the first column not done.
 */
function weightedSumPair(pA: usize, pB: usize, len: i32, v: usize, stride: i32, hd: i32, outA: usize, outB: usize): i32 {
  const vRow = (<usize>stride) << 2;
  let d = 0;
  for (; d + 16 <= hd; d += 16) {
    let a0 = f32x4.splat(0);
    let a1 = a0;
    let a2 = a0;
    let a3 = a0;
    let b0 = a0;
    let b1 = a0;
    let b2 = a0;
    let b3 = a0;
    let vp = v + ((<usize>d) << 2);
    for (let j = 0; j < len; j++) {
      const at = (<usize>j) << 2;
      const wa = v128.load32_splat(pA + at);
      const wb = v128.load32_splat(pB + at);
      const v0 = v128.load(vp);
      const v1 = v128.load(vp, 16);
      const v2 = v128.load(vp, 32);
      const v3 = v128.load(vp, 48);
      a0 = f32x4.add(a0, f32x4.mul(wa, v0));
      b0 = f32x4.add(b0, f32x4.mul(wb, v0));
      a1 = f32x4.add(a1, f32x4.mul(wa, v1));
      b1 = f32x4.add(b1, f32x4.mul(wb, v1));
      a2 = f32x4.add(a2, f32x4.mul(wa, v2));
      b2 = f32x4.add(b2, f32x4.mul(wb, v2));
      a3 = f32x4.add(a3, f32x4.mul(wa, v3));
      b3 = f32x4.add(b3, f32x4.mul(wb, v3));
      vp += vRow;
    }
    const at = (<usize>d) << 2;
    v128.store(outA + at, a0);
    v128.store(outA + at, a1, 16);
    v128.store(outA + at, a2, 32);
    v128.store(outA + at, a3, 48);
    v128.store(outB + at, b0);
    v128.store(outB + at, b1, 16);
    v128.store(outB + at, b2, 32);
    v128.store(outB + at, b3, 48);
  }
  return d;
}

/** out[from, hd) = sum over j < len of p[j] * v[j], v rows `stride` floats apart. */
function weightedSum(p: usize, len: i32, v: usize, stride: i32, hd: i32, out: usize, from: i32): void {
  const vRow = (<usize>stride) << 2;
  let d = from;
  for (; d + 16 <= hd; d += 16) {
    let a0 = f32x4.splat(0);
    let a1 = a0;
    let a2 = a0;
    let a3 = a0;
    let vp = v + ((<usize>d) << 2);
    for (let j = 0; j < len; j++) {
      const w = v128.load32_splat(p + ((<usize>j) << 2));
      a0 = f32x4.add(a0, f32x4.mul(w, v128.load(vp)));
      a1 = f32x4.add(a1, f32x4.mul(w, v128.load(vp, 16)));
      a2 = f32x4.add(a2, f32x4.mul(w, v128.load(vp, 32)));
      a3 = f32x4.add(a3, f32x4.mul(w, v128.load(vp, 48)));
      vp += vRow;
    }
    const at = out + ((<usize>d) << 2);
    v128.store(at, a0);
    v128.store(at, a1, 16);
    v128.store(at, a2, 32);
    v128.store(at, a3, 48);
  }
  for (; d + 4 <= hd; d += 4) {
    let a = f32x4.splat(0);
    let vp = v + ((<usize>d) << 2);
    for (let j = 0; j < len; j++) {
      a = f32x4.add(a, f32x4.mul(v128.load32_splat(p + ((<usize>j) << 2)), v128.load(vp)));
      vp += vRow;
    }
    v128.store(out + ((<usize>d) << 2), a);
  }
  for (; d < hd; d++) {
    let a: f32 = 0;
    let vp = v + ((<usize>d) << 2);
    for (let j = 0; j < len; j++) {
      a += load<f32>(p + ((<usize>j) << 2)) * load<f32>(vp);
      vp += vRow;
    }
    store<f32>(out + ((<usize>d) << 2), a);
  }
}

/** A softmax row of length len, then zeros up to n: one row of the probabilities [n] at dst. */
function storeProbs(s: usize, len: i32, n: i32, dst: usize): void {
  memory.copy(dst, s, (<usize>len) << 2);
  memory.fill(dst + ((<usize>len) << 2), 0, (<usize>(n - len)) << 2);
}

/** Floats of scratch that attention needs. */
export function scratchFloats(n: i32, hd: i32): i32 {
  const np = (n + 7) & ~7;
  return n * hd + hd * np + BLOCK * np;
}

/**
 * qkv [batch, n, 3 * heads * hd] as in_proj writes it; out [batch, n, heads * hd], heads side by side as
 * the context before out_proj; `causal`: query i sees keys j <= i only. `probs`, unless 0, receives the
 * attention probabilities [batch, heads, n, n], zero where the causal mask hides a key. Computes the
 * (batch, head) pairs [from, to) in the order b * heads + h, so that threads can share the pairs out.
 */
export function attention(
  qkv: usize,
  out: usize,
  scratch: usize,
  n: i32,
  heads: i32,
  hd: i32,
  causal: bool,
  probs: usize,
  from: i32,
  to: i32,
): void {
  const width = heads * hd;
  const stride = 3 * width;
  const np = (n + 7) & ~7;
  const qs = scratch;
  const kt = qs + ((<usize>(n * hd)) << 2);
  const s = kt + ((<usize>(hd * np)) << 2);
  const sRow = (<usize>np) << 2;
  const root = <f32>Math.sqrt(<f64>hd);
  for (let pair = from; pair < to; pair++) {
    const b = pair / heads;
    const h = pair % heads;
    const base = qkv + ((<usize>(b * n * stride)) << 2);
    {
      const col = (<usize>(h * hd)) << 2;
      scaleQ(base + col, stride, n, hd, root, qs);
      transposeK(base + ((<usize>width) << 2) + col, stride, n, hd, np, kt);
      const v = base + ((<usize>(2 * width)) << 2) + col;
      for (let i0 = 0; i0 < n; i0 += BLOCK) {
        const rows = min(BLOCK, n - i0);
        const end = causal ? (i0 + rows + 7) & ~7 : np;
        scoreBlock(qs + ((<usize>(i0 * hd)) << 2), rows, hd, kt, np, end, s);
        for (let r = 0; r < rows; r++) {
          const len = causal ? i0 + r + 1 : n;
          softmaxRow(s + <usize>r * sRow, len);
          if (probs) storeProbs(s + <usize>r * sRow, len, n, probs + ((<usize>(((b * heads + h) * n + i0 + r) * n)) << 2));
        }
        let r = 0;
        for (; r + 1 < rows; r += 2) {
          const i = i0 + r;
          const len = causal ? i + 2 : n;
          const pA = s + <usize>r * sRow;
          // Row i sees one key fewer than row i + 1 under the causal mask: its weight there is zero.
          if (causal) store<f32>(pA + ((<usize>(i + 1)) << 2), 0);
          const outA = out + ((<usize>((b * n + i) * width)) << 2) + col;
          const outB = outA + ((<usize>width) << 2);
          const from = weightedSumPair(pA, pA + sRow, len, v, stride, hd, outA, outB);
          weightedSum(pA, len, v, stride, hd, outA, from);
          weightedSum(pA + sRow, len, v, stride, hd, outB, from);
        }
        if (r < rows) {
          const i = i0 + r;
          const out1 = out + ((<usize>((b * n + i) * width)) << 2) + col;
          weightedSum(s + <usize>r * sRow, causal ? i + 1 : n, v, stride, hd, out1, 0);
        }
      }
    }
  }
}
