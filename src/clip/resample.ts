// Pillow 9.4-exact resampling of 8-bit interleaved images (seed section: image preprocessing).
//
// BICUBIC follows libImaging/Resample.c: separable passes (horizontal first, then vertical, with a
// uint8 image in between), Keys cubic kernel (a = -0.5), per-output weights normalised to sum 1 and
// stored as 22-bit fixed point. NEAREST follows libImaging/Geometry.c ImagingScaleAffine, including
// its accumulated source coordinate (`xo += scale`). Premultiplication follows libImaging/Convert.c
// (RGBA -> RGBa and back). Every function can compute a window of the output grid only: each output
// pixel depends on its own weights alone, so a window is bit-identical to cropping the full result.

/** An interleaved uint8 image: `data.length === width * height * channels`. */
export interface Raster {
  width: number;
  height: number;
  channels: number;
  data: Uint8Array;
}

/** A rectangle of the output grid: columns [left, left + width), rows [top, top + height). */
export interface Window {
  left: number;
  top: number;
  width: number;
  height: number;
}

const PRECISION_BITS = 22; // 32 - 8 - 2, as in Resample.c
const HALF = 1 << (PRECISION_BITS - 1);
const MAX_SUM = 1 << (PRECISION_BITS + 8);

function bicubicKernel(x: number): number {
  const a = -0.5;
  if (x < 0) x = -x;
  if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
  if (x < 2) return (((x - 5) * x + 8) * x - 4) * a;
  return 0;
}

/** Fixed-point bicubic taps for output indices [first, first + count) of one axis. */
interface AxisTaps {
  ksize: number;
  lo: Int32Array; // first input index used by each output
  n: Int32Array; // number of taps of each output
  weights: Int32Array; // count * ksize, 22-bit fixed point
}

/** Pillow's precompute_coeffs + normalize_coeffs_8bpc, for a window of outputs. */
function bicubicTaps(inSize: number, outSize: number, first: number, count: number): AxisTaps {
  const scale = inSize / outSize;
  const filterscale = Math.max(scale, 1);
  const support = 2 * filterscale; // bicubic support is 2
  const ss = 1 / filterscale;
  const ksize = Math.ceil(support) * 2 + 1;
  const lo = new Int32Array(count);
  const n = new Int32Array(count);
  const weights = new Int32Array(count * ksize);
  const k = new Float64Array(ksize);
  for (let i = 0; i < count; i++) {
    const center = (first + i + 0.5) * scale;
    const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
    const xmax = Math.min(Math.trunc(center + support + 0.5), inSize) - xmin;
    let ww = 0;
    for (let x = 0; x < xmax; x++) {
      const w = bicubicKernel((x + xmin - center + 0.5) * ss);
      k[x] = w;
      ww += w;
    }
    for (let x = 0; x < xmax; x++) {
      const w = ww !== 0 ? k[x]! / ww : k[x]!;
      // (int)(±0.5 + w * 2^22): round half away from zero, then truncate toward zero.
      weights[i * ksize + x] = Math.trunc(
        w < 0 ? -0.5 + w * (1 << PRECISION_BITS) : 0.5 + w * (1 << PRECISION_BITS),
      );
    }
    lo[i] = xmin;
    n[i] = xmax;
  }
  return { ksize, lo, n, weights };
}

function clip8(ss: number): number {
  if (ss >= MAX_SUM) return 255;
  if (ss <= 0) return 0;
  return ss >> PRECISION_BITS;
}

/** Horizontal pass over source rows [row0, row0 + rows), producing `taps.lo.length` columns. */
function horizontalPass(src: Raster, taps: AxisTaps, row0: number, rows: number): Raster {
  const { channels: c, width: w } = src;
  const outW = taps.lo.length;
  const out = new Uint8Array(outW * rows * c);
  const { ksize, lo, n, weights } = taps;
  const s = src.data;
  let o = 0;
  for (let y = 0; y < rows; y++) {
    const rowStart = (row0 + y) * w * c;
    for (let i = 0; i < outW; i++) {
      const kOff = i * ksize;
      const cnt = n[i]!;
      const base = rowStart + lo[i]! * c;
      for (let ch = 0; ch < c; ch++) {
        let ss = HALF;
        for (let j = 0, p = base + ch; j < cnt; j++, p += c) ss += s[p]! * weights[kOff + j]!;
        out[o++] = clip8(ss);
      }
    }
  }
  return { width: outW, height: rows, channels: c, data: out };
}

/** Vertical pass; `row0` is the source row stored at row 0 of `src`. */
function verticalPass(src: Raster, taps: AxisTaps, row0: number): Raster {
  const { channels: c, width: w } = src;
  const outH = taps.lo.length;
  const stride = w * c;
  const out = new Uint8Array(outH * stride);
  const { ksize, lo, n, weights } = taps;
  const s = src.data;
  let o = 0;
  for (let i = 0; i < outH; i++) {
    const kOff = i * ksize;
    const cnt = n[i]!;
    const base = (lo[i]! - row0) * stride;
    for (let x = 0; x < stride; x++) {
      let ss = HALF;
      for (let j = 0, p = base + x; j < cnt; j++, p += stride) ss += s[p]! * weights[kOff + j]!;
      out[o++] = clip8(ss);
    }
  }
  return { width: w, height: outH, channels: c, data: out };
}

function copyWindow(src: Raster, win: Window): Raster {
  const c = src.channels;
  const out = new Uint8Array(win.width * win.height * c);
  for (let y = 0; y < win.height; y++) {
    const start = ((win.top + y) * src.width + win.left) * c;
    out.set(src.data.subarray(start, start + win.width * c), y * win.width * c);
  }
  return { width: win.width, height: win.height, channels: c, data: out };
}

const fullWindow = (w: number, h: number): Window => ({ left: 0, top: 0, width: w, height: h });

/**
 * Pillow BICUBIC resize of `src` to `outW x outH`, returning only `win` of the output grid.
 * An axis whose size does not change is not resampled (as in Pillow).
 */
export function resizeBicubic(src: Raster, outW: number, outH: number, win = fullWindow(outW, outH)): Raster {
  const needH = outW !== src.width;
  const needV = outH !== src.height;
  // Source rows the vertical pass reads (or the window rows themselves when there is no vertical pass).
  let vTaps: AxisTaps | undefined;
  let row0 = win.top;
  let rows = win.height;
  if (needV) {
    vTaps = bicubicTaps(src.height, outH, win.top, win.height);
    row0 = vTaps.lo[0]!;
    rows = vTaps.lo[win.height - 1]! + vTaps.n[win.height - 1]! - row0;
  }
  let img: Raster;
  if (needH) {
    img = horizontalPass(src, bicubicTaps(src.width, outW, win.left, win.width), row0, rows);
  } else {
    img = copyWindow(src, { left: win.left, top: row0, width: win.width, height: rows });
  }
  return vTaps ? verticalPass(img, vTaps, row0) : img;
}

/** Source indices of Pillow's NEAREST for outputs [first, first + count): accumulated `xo += scale`. */
function nearestIndices(inSize: number, outSize: number, first: number, count: number): Int32Array {
  const scale = inSize / outSize;
  const idx = new Int32Array(count);
  let xo = scale * 0.5;
  for (let i = 0; i < first + count; i++) {
    const xin = xo < 0 ? -1 : Math.trunc(xo); // COORD()
    if (i >= first) idx[i - first] = xin < inSize ? xin : -1; // -1: outside, Pillow fills 0
    xo += scale;
  }
  return idx;
}

/** Pillow NEAREST resize (used for mode P and 1), returning only `win` of the output grid. */
export function resizeNearest(src: Raster, outW: number, outH: number, win = fullWindow(outW, outH)): Raster {
  if (outW === src.width && outH === src.height) return copyWindow(src, win);
  const c = src.channels;
  const xs = nearestIndices(src.width, outW, win.left, win.width);
  const ys = nearestIndices(src.height, outH, win.top, win.height);
  const out = new Uint8Array(win.width * win.height * c);
  let o = 0;
  for (let y = 0; y < win.height; y++) {
    const sy = ys[y]!;
    for (let x = 0; x < win.width; x++) {
      const sx = xs[x]!;
      if (sy < 0 || sx < 0) {
        o += c; // left at 0, like Pillow's fill
        continue;
      }
      const p = (sy * src.width + sx) * c;
      for (let ch = 0; ch < c; ch++) out[o++] = src.data[p + ch]!;
    }
  }
  return { width: win.width, height: win.height, channels: c, data: out };
}

/** RGBA -> RGBa (or LA -> La): colour * alpha / 255 with Pillow's MULDIV255 rounding. Alpha is last. */
export function premultiply(src: Raster): Raster {
  const c = src.channels;
  const out = new Uint8Array(src.data);
  for (let p = 0; p < out.length; p += c) {
    const alpha = out[p + c - 1]!;
    for (let ch = 0; ch < c - 1; ch++) {
      const t = out[p + ch]! * alpha + 128;
      out[p + ch] = ((t >> 8) + t) >> 8;
    }
  }
  return { ...src, data: out };
}

/** RGBa -> RGBA (or La -> LA): truncating 255 * colour / alpha, clipped; alpha 0 or 255 kept as is. */
export function unpremultiply(src: Raster): Raster {
  const c = src.channels;
  const out = new Uint8Array(src.data);
  for (let p = 0; p < out.length; p += c) {
    const alpha = out[p + c - 1]!;
    if (alpha === 0 || alpha === 255) continue;
    for (let ch = 0; ch < c - 1; ch++) out[p + ch] = Math.min(Math.trunc((255 * out[p + ch]!) / alpha), 255);
  }
  return { ...src, data: out };
}
