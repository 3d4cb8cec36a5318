// @vitest-environment happy-dom
// The grid figures' shared pieces: a matrix as raster pixels (masked cells grey at the figure's alpha), the
// hatch pattern written once however often a figure redraws, and an image placed over a drawing.
import { afterEach, describe, expect, it } from 'vitest';
import { hatchFill, matrixRaster, placeRaster } from '../../src/viz/cell-raster';
import { fromRows } from '../../src/viz/matrix';
import { setPngEncoder } from '../../src/viz/raster';

afterEach(() => setPngEncoder(null));

describe('cell raster', () => {
  it('gives each cell its colour at full alpha and each masked cell grey at the alpha asked for', () => {
    let pixels: number[] = [];
    setPngEncoder((rgba, w, h) => {
      pixels = Array.from(rgba);
      return `${w}x${h}`;
    });
    const m = fromRows([
      [0, 1],
      [2, 3],
    ]);
    const scale = { bytes: (v: number): [number, number, number] => [v, 10 * v, 100] };
    const href = matrixRaster(m, scale, (r, c) => c > r, 40);
    expect(href).toBe('2x2');
    expect(pixels).toEqual([0, 0, 100, 255, 128, 128, 128, 40, 2, 20, 100, 255, 3, 30, 100, 255]);
  });

  it('writes one hatch pattern of the given size and returns the fill naming it', () => {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    const defs = document.createElementNS('http://www.w3.org/2000/svg', 'defs');
    svg.appendChild(defs);
    expect(hatchFill(defs, 'f1-hatch', 5)).toBe('url(#f1-hatch)');
    hatchFill(defs, 'f1-hatch', 5);
    const patterns = defs.querySelectorAll('pattern');
    expect(patterns.length).toBe(1);
    expect(patterns[0]!.getAttribute('width')).toBe('5');
    expect(defs.querySelector('path')!.getAttribute('d')).toBe('M0,5 L5,0');
  });

  it('stretches an image over the drawing without smoothing its aspect', () => {
    const image = document.createElementNS('http://www.w3.org/2000/svg', 'image');
    placeRaster(image, 'data:x', 216, 108);
    expect(['href', 'width', 'height', 'preserveAspectRatio'].map((a) => image.getAttribute(a))).toEqual([
      'data:x',
      '216',
      '108',
      'none',
    ]);
  });
});
