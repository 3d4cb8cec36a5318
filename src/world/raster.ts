// Anti-aliased rasterisation of one outline: 4×4 supersampling per pixel, counted as an integer
// coverage 0..16, then blended into the image with integer arithmetic. Only +, −, ×, ÷ and
// Math.ceil/floor touch coordinates, so every JS engine produces the same bytes.

import type { Outline } from './geometry';

/** Samples per pixel along each axis, and the coverage of a fully covered pixel (`j >> 2` and `>> 4` below rely on 4 and 16). */
export const SUBSAMPLES = 4;
export const FULL_COVERAGE = SUBSAMPLES * SUBSAMPLES;

/** A pixel rectangle [x0, x1) × [y0, y1). */
export interface PixelBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Where an outline lands: centre (cx, cy) and radius in pixels. */
export interface Placement {
  cx: number;
  cy: number;
  radius: number;
}

const clampInt = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

function boxAround(p: Placement, size: number): PixelBox {
  return {
    x0: clampInt(Math.floor(p.cx - p.radius), 0, size),
    y0: clampInt(Math.floor(p.cy - p.radius), 0, size),
    x1: clampInt(Math.ceil(p.cx + p.radius), 0, size),
    y1: clampInt(Math.ceil(p.cy + p.radius), 0, size),
  };
}

/** The y of sub-row k of pixel row py (sample centres at 1/8, 3/8, 5/8, 7/8). */
const subRowY = (py: number, k: number): number => py + (k + 0.5) / SUBSAMPLES;

function rasterizeDisc(
  radius: number,
  p: Placement,
  box: PixelBox,
  size: number,
  coverage: Uint8Array,
): void {
  const r = radius * p.radius;
  const rr = r * r;
  const j0 = box.x0 * SUBSAMPLES;
  const j1 = box.x1 * SUBSAMPLES;
  for (let py = box.y0; py < box.y1; py++) {
    const row = py * size;
    for (let k = 0; k < SUBSAMPLES; k++) {
      const dy = subRowY(py, k) - p.cy;
      const room = rr - dy * dy;
      if (room < 0) continue;
      for (let j = j0; j < j1; j++) {
        const dx = (j + 0.5) / SUBSAMPLES - p.cx;
        if (dx * dx <= room) coverage[row + (j >> 2)]!++;
      }
    }
  }
}

function rasterizePolygon(
  points: readonly number[],
  p: Placement,
  box: PixelBox,
  size: number,
  coverage: Uint8Array,
): void {
  const n = points.length / 2;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = p.cx + p.radius * points[2 * i]!;
    ys[i] = p.cy + p.radius * points[2 * i + 1]!;
  }
  const crossings = new Float64Array(n);
  const jMax = size * SUBSAMPLES;
  for (let py = box.y0; py < box.y1; py++) {
    const row = py * size;
    for (let k = 0; k < SUBSAMPLES; k++) {
      const y = subRowY(py, k);
      let count = 0;
      for (let a = 0, b = n - 1; a < n; b = a++) {
        const ya = ys[a]!;
        const yb = ys[b]!;
        if (ya <= y === yb <= y) continue;
        const x = xs[a]! + ((y - ya) * (xs[b]! - xs[a]!)) / (yb - ya);
        let at = count++;
        while (at > 0 && crossings[at - 1]! > x) {
          crossings[at] = crossings[at - 1]!;
          at--;
        }
        crossings[at] = x;
      }
      for (let c = 0; c + 1 < count; c += 2) {
        const jStart = clampInt(Math.ceil(crossings[c]! * SUBSAMPLES - 0.5), 0, jMax);
        const jEnd = clampInt(Math.ceil(crossings[c + 1]! * SUBSAMPLES - 0.5), 0, jMax);
        for (let j = jStart; j < jEnd; j++) coverage[row + (j >> 2)]!++;
      }
    }
  }
}

/**
 * Adds the outline's coverage (samples inside, 0..16 per pixel) into `coverage` (size × size,
 * expected zero) and returns the box it touched.
 */
export function rasterizeOutline(
  outline: Outline,
  p: Placement,
  size: number,
  coverage: Uint8Array,
): PixelBox {
  const box = boxAround(p, size);
  if (outline.kind === 'disc') rasterizeDisc(outline.radius, p, box, size, coverage);
  else rasterizePolygon(outline.points, p, box, size, coverage);
  return box;
}

/** Blends `rgb` over the RGB HWC image by coverage/16 inside the box, then zeroes that coverage. */
export function blendCoverage(
  image: Uint8Array,
  coverage: Uint8Array,
  box: PixelBox,
  size: number,
  rgb: readonly [number, number, number],
): void {
  const [r, g, b] = rgb;
  const half = FULL_COVERAGE / 2;
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      const i = y * size + x;
      const c = coverage[i]!;
      if (c === 0) continue;
      coverage[i] = 0;
      const o = 3 * i;
      const keep = FULL_COVERAGE - c;
      image[o] = (image[o]! * keep + r * c + half) >> 4;
      image[o + 1] = (image[o + 1]! * keep + g * c + half) >> 4;
      image[o + 2] = (image[o + 2]! * keep + b * c + half) >> 4;
    }
  }
}
