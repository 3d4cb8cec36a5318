// Pixels: every shape, colour, size and position lands where the scene says, in its exact colour,
// with anti-aliased edges and areas that match the outlines' geometry.
import { describe, expect, it } from 'vitest';
import { channelsOf } from '../../src/clip/preprocess';
import {
  COLOURS,
  COLOUR_RGB,
  POSITIONS,
  SHAPES,
  SIZES,
  type Colour,
  type Position,
  type Shape,
} from '../../src/world/attributes';
import { OUTLINES } from '../../src/world/geometry';
import { renderScene, toDecodedImage } from '../../src/world/render';
import type { Background, Scene, WorldObject } from '../../src/world/scene';

const GREY: Background = { rgb: [128, 128, 128], noise: 0, seed: 0 };
const CENTRES: Record<Position, readonly [number, number]> = {
  'top left': [32, 32],
  'top right': [96, 32],
  'bottom left': [32, 96],
  'bottom right': [96, 96],
  center: [64, 64],
};

function single(shape: Shape, colour: Colour, over: Partial<WorldObject> = {}): Scene {
  const object: WorldObject = {
    shape,
    colour,
    size: 'big',
    position: 'center',
    x: 0.5,
    y: 0.5,
    radius: 24 / 128,
    ...over,
  };
  return { objects: [object], background: GREY };
}

/** Per-pixel fraction of the way from the grey background to the object colour. */
function coverageOf(image: Uint8Array, colour: Colour): Float64Array {
  const rgb = COLOUR_RGB[colour];
  const c = rgb.reduce((best, v, k) => (Math.abs(v - 128) > Math.abs(rgb[best]! - 128) ? k : best), 0);
  const out = new Float64Array(image.length / 3);
  for (let i = 0; i < out.length; i++) out[i] = (image[3 * i + c]! - 128) / (rgb[c]! - 128);
  return out;
}

const pixelAt = (image: Uint8Array, size: number, x: number, y: number) =>
  Array.from(image.subarray(3 * (y * size + x), 3 * (y * size + x) + 3));

/** Exact area and centroid of an outline of radius 1 (shoelace formulas for polygons). */
function unitGeometry(shape: Shape): { area: number; cx: number; cy: number } {
  const o = OUTLINES[shape];
  if (o.kind === 'disc') return { area: Math.PI * o.radius * o.radius, cx: 0, cy: 0 };
  let twice = 0;
  let mx = 0;
  let my = 0;
  const p = o.points;
  const n = p.length / 2;
  for (let a = 0, b = n - 1; a < n; b = a++) {
    const cross = p[2 * b]! * p[2 * a + 1]! - p[2 * a]! * p[2 * b + 1]!;
    twice += cross;
    mx += (p[2 * b]! + p[2 * a]!) * cross;
    my += (p[2 * b + 1]! + p[2 * a + 1]!) * cross;
  }
  return { area: Math.abs(twice) / 2, cx: mx / (3 * twice), cy: my / (3 * twice) };
}
const unitArea = (shape: Shape): number => unitGeometry(shape).area;

describe('renderScene', () => {
  it('returns size × size RGB bytes that preprocess accepts', () => {
    const image = renderScene(single('star', 'red'));
    expect(image).toBeInstanceOf(Uint8Array);
    expect(image.length).toBe(64 * 64 * 3);
    expect(channelsOf(toDecodedImage(image))).toBe(3);
    expect(renderScene(single('star', 'red'), 32).length).toBe(32 * 32 * 3);
    expect(() => toDecodedImage(image, 32)).toThrow();
  });

  it('draws every shape, colour, size and position in its quadrant, in its exact colour', () => {
    for (const shape of SHAPES) {
      for (const colour of COLOURS) {
        for (const size of SIZES) {
          for (const position of POSITIONS) {
            const [cx, cy] = CENTRES[position];
            const radius = (size === 'big' ? 23 : 12) / 128;
            const scene = single(shape, colour, { size, position, x: cx / 128, y: cy / 128, radius });
            const image = renderScene(scene);
            const label = `${size} ${colour} ${shape} ${position}`;
            expect(pixelAt(image, 64, cx / 2, cy / 2), label).toEqual([...COLOUR_RGB[colour]]);
            const cover = coverageOf(image, colour);
            let area = 0;
            let sx = 0;
            let sy = 0;
            let outside = 0;
            cover.forEach((f, i) => {
              const [x, y] = [i % 64, Math.floor(i / 64)];
              const inQuadrant =
                x < 32 === position.endsWith('left') && y < 32 === position.startsWith('top');
              if (f !== 0 && position !== 'center' && !inQuadrant) outside++;
              area += f;
              sx += f * (x + 0.5);
              sy += f * (y + 0.5);
            });
            const unit = unitGeometry(shape);
            const r = radius * 64;
            expect(outside, label).toBe(0);
            expect(Math.abs(sx / area - (cx / 2 + r * unit.cx)), label).toBeLessThan(0.3);
            expect(Math.abs(sy / area - (cy / 2 + r * unit.cy)), label).toBeLessThan(0.3);
            const expectedArea = unitArea(shape) * (radius * 64) ** 2;
            expect(Math.abs(area - expectedArea) / expectedArea, label).toBeLessThan(0.06);
          }
        }
      }
    }
  });

  it('makes big objects cover several times the area of small ones', () => {
    for (const shape of SHAPES) {
      const area = (radius: number) =>
        coverageOf(renderScene(single(shape, 'blue', { radius })), 'blue').reduce((a, b) => a + b, 0);
      expect(area(21 / 128) / area(14 / 128), shape).toBeGreaterThan(2);
    }
  });

  it('matches the analytic area of each outline within 1% at a large size', () => {
    for (const shape of SHAPES) {
      const cover = coverageOf(renderScene(single(shape, 'black', { radius: 0.4 }), 256), 'black');
      const area = cover.reduce((a, b) => a + b, 0);
      const expected = unitArea(shape) * (0.4 * 256) ** 2;
      expect(Math.abs(area - expected) / expected, shape).toBeLessThan(0.01);
    }
  });

  it('anti-aliases edges with intermediate values, in many steps along slanted and curved edges', () => {
    for (const shape of SHAPES) {
      const cover = coverageOf(renderScene(single(shape, 'white', { x: 0.51, y: 0.49 })), 'white');
      const partial = Array.from(cover).filter((f) => f > 0.05 && f < 0.95);
      expect(partial.length, shape).toBeGreaterThanOrEqual(20);
      const levels = new Set(partial.map((f) => Math.round(f * 16)));
      expect(levels.size, shape).toBeGreaterThanOrEqual(shape === 'square' || shape === 'cross' ? 2 : 8);
    }
  });

  it('paints a plain background flat and a noisy one within its amplitude', () => {
    const plain = renderScene({ objects: [], background: { rgb: [120, 124, 118], noise: 0, seed: 3 } });
    for (let i = 0; i < plain.length; i += 3)
      expect([plain[i], plain[i + 1], plain[i + 2]]).toEqual([120, 124, 118]);
    const noisy = renderScene({ objects: [], background: { rgb: [120, 124, 118], noise: 5, seed: 3 } });
    const offsets = new Set<number>();
    for (let i = 0; i < noisy.length; i += 3) {
      const n = noisy[i]! - 120;
      expect([noisy[i + 1]! - 124, noisy[i + 2]! - 118]).toEqual([n, n]);
      offsets.add(n);
    }
    expect([...offsets].sort((a, b) => a - b)).toEqual([-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5]);
  });

  it('keeps every object colour far from any background grey', () => {
    for (const colour of COLOURS) {
      const [r, g, b] = COLOUR_RGB[colour];
      const spread = Math.max(r, g, b) - Math.min(r, g, b);
      const extreme = Math.max(r, g, b) < 60 || Math.min(r, g, b) > 200;
      expect(spread > 100 || extreme, colour).toBe(true);
    }
  });

  it('draws the second object over the first only where it covers', () => {
    const a = single('square', 'red').objects[0]!;
    const b = { ...a, shape: 'circle' as const, colour: 'blue' as const, radius: 8 / 128 };
    const image = renderScene({ objects: [a, b], background: GREY });
    expect(pixelAt(image, 64, 32, 32)).toEqual([...COLOUR_RGB.blue]);
    expect(pixelAt(image, 64, 32, 23)).toEqual([...COLOUR_RGB.red]);
  });
});
