// @vitest-environment happy-dom
// conv1's tile mosaic and the positional-similarity small multiples: the pixels handed to the PNG encoder,
// the layout, the table, and the keyboard (announcements, selection), with the figure's own draw code.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filterTiles, positionSimilarity } from '../../src/lab/vision-weights';
import { setPngEncoder } from '../../src/viz/raster';
import { colourScale } from '../../src/viz/scales';
import { filterMosaic, mosaicLayout, positionGrid } from '../../src/viz/vision-weights';
import { drawPositions } from '../../site/components/figures/vision-draw';
import { visionStrings } from '../../site/components/figures/vision-strings';

interface Encoded {
  rgba: Uint8ClampedArray;
  width: number;
  height: number;
}
let root: HTMLElement;
let encoded: Encoded[];
beforeEach(() => {
  encoded = [];
  setPngEncoder((rgba, width, height) => {
    encoded.push({ rgba: rgba.slice(), width, height });
    return `data:image/png;fake${encoded.length}`;
  });
  root = document.createElement('div');
  document.body.appendChild(root);
});
afterEach(() => {
  root.remove();
  setPngEncoder(null);
});

const key = (el: Element, k: string): void =>
  void el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));

// 20 filters of 3 × 2 × 2: filter f holds f·12 + i, so its tile is the same ramp for every f.
const P = 2;
const weights = Float32Array.from({ length: 20 * 12 }, (_, i) => i);
const tiles = filterTiles(weights, [20, 3, P, P]);
const table = { caption: 'ranges', filter: 'filter', min: 'min', max: 'max' };

describe('filterMosaic', () => {
  it('lays out 8 columns for a page, 16 and 32 for more', () => {
    expect(mosaicLayout(12).cols).toBe(8);
    expect(mosaicLayout(96).cols).toBe(16);
    expect(mosaicLayout(768).cols).toBe(32);
    expect(mosaicLayout(3).cols).toBe(3);
  });

  it('puts each filter’s tile in its place in one image, the rest transparent', () => {
    filterMosaic(root, tiles, { title: 'f', help: 'h', start: 4, end: 14, describe: String, table });
    expect(root.querySelectorAll('svg image')).toHaveLength(1);
    const img = encoded[0]!;
    // 10 filters → 8 columns × 2 rows of 2 × 2 pixels.
    expect([img.width, img.height]).toEqual([16, 4]);
    // Filter 4 (first shown) at pixel (0, 0): its RGB bytes from the tiles.
    expect(Array.from(img.rgba.subarray(0, 4))).toEqual([...tiles.rgb.subarray(4 * 12, 4 * 12 + 3), 255]);
    // Filter 13 is row 1, column 1: pixel (x 2, y 2).
    const o = (2 * 16 + 2) * 4;
    expect(Array.from(img.rgba.subarray(o, o + 4))).toEqual([
      ...tiles.rgb.subarray(13 * 12, 13 * 12 + 3),
      255,
    ]);
    // Row 1, column 2 has no filter: transparent.
    expect(img.rgba[(2 * 16 + 4) * 4 + 3]).toBe(0);
    // Row labels: the first filter of each row.
    expect([...root.querySelectorAll('.viz-row-labels text')].map((t) => t.textContent)).toEqual(['4', '12']);
  });

  it('tabulates each shown filter’s range', () => {
    filterMosaic(root, tiles, { title: 'f', help: 'h', start: 0, end: 3, describe: String, table });
    const rows = root.querySelectorAll('table tbody tr');
    expect(rows).toHaveLength(3);
    expect(rows[2]!.textContent).toContain('24');
    expect(rows[2]!.textContent).toContain('35');
  });

  it('announces the filter under the keyboard, and stops at the last one', () => {
    filterMosaic(root, tiles, {
      title: 'f',
      help: 'h',
      start: 0,
      end: 10,
      describe: (i) => `filter ${i}`,
      table,
    });
    const svg = root.querySelector('svg')!;
    const live = root.querySelector('.viz-live')!;
    svg.dispatchEvent(new FocusEvent('focus'));
    expect(live.textContent).toBe('filter 0');
    key(svg, 'ArrowRight');
    expect(live.textContent).toBe('filter 1');
    key(svg, 'ArrowDown');
    expect(live.textContent).toBe('filter 9'); // row 1 has filters 8 and 9 only
    key(svg, 'End');
    expect(live.textContent).toBe('filter 9');
    expect(svg.getAttribute('tabindex')).toBe('0');
  });
});

describe('positionGrid', () => {
  // g = 2: four patch rows (1, 0), (0, 1), (1, 1), (−1, 0) after the class row.
  const sim = positionSimilarity([5, 5, 1, 0, 0, 1, 1, 1, -1, 0], [5, 2]);

  it('draws block (R, C) as the map of patch R·g + C, on one scale from −1 to 1', () => {
    positionGrid(root, sim, { title: 't', help: 'h', selected: 0, onSelect() {}, describe: String });
    const img = encoded[0]!;
    expect([img.width, img.height]).toEqual([4, 4]);
    const scale = colourScale('diverging', [], [-1, 1]);
    const px = (x: number, y: number): number[] =>
      Array.from(img.rgba.subarray((y * 4 + x) * 4, (y * 4 + x) * 4 + 3));
    // Block (0, 0) is patch 0: its own cell (0, 0) is 1, cell (1, 1) is patch 3 at cosine −1.
    expect(px(0, 0)).toEqual(scale.bytes(1));
    expect(px(1, 1)).toEqual(scale.bytes(-1));
    // Block (1, 0) is patch 2 = (1, 1): cell (0, 1) is patch 1, cosine 1/√2.
    expect(px(1, 2)).toEqual(scale.bytes(Math.SQRT1_2));
  });

  it('selects another patch with the arrow keys and says what it is most like', () => {
    const picked: number[] = [];
    positionGrid(root, sim, {
      title: 't',
      help: 'h',
      selected: 0,
      onSelect: (p) => picked.push(p),
      describe: (p) => `patch ${p}`,
    });
    const svg = root.querySelector('svg')!;
    svg.dispatchEvent(new FocusEvent('focus'));
    key(svg, 'ArrowDown');
    key(svg, 'ArrowRight');
    key(svg, 'ArrowRight');
    expect(picked).toEqual([2, 3]);
    expect(root.querySelector('.viz-live')!.textContent).toBe('patch 3');
    const marker = root.querySelector('.viz-selected')!;
    expect(Number(marker.getAttribute('x'))).toBeGreaterThan(Number(marker.getAttribute('width')));
  });

  it('in the figure: the large map follows the selection, with the cosines as numbers', () => {
    const s = visionStrings('en');
    drawPositions(root, sim, s, 0);
    expect(root.querySelector('.fig-part-position-map .fig-part-heading')!.textContent).toBe(
      'Patch at row 1, column 1',
    );
    const svg = root.querySelector('.fig-part-positions svg')!;
    svg.dispatchEvent(new FocusEvent('focus'));
    expect(root.querySelector('.fig-part-positions .viz-live')!.textContent).toBe(
      'patch at row 1, column 1 (token 1): most like row 2, column 1 (cosine 0.7071), least like row 2, column 2 (cosine −1)',
    );
    key(svg, 'ArrowRight');
    expect(root.querySelector('.fig-part-position-map .fig-part-heading')!.textContent).toBe(
      'Patch at row 1, column 2',
    );
    const values = [...root.querySelectorAll('.fig-part-position-map .viz-cell-value')].map(
      (t) => t.textContent,
    );
    expect(values).toEqual(['0', '1', '0.7071', '0']);
  });

  it('speaks Spanish', () => {
    drawPositions(root, sim, visionStrings('es'), 3);
    expect(root.querySelector('.fig-part-position-map .fig-part-heading')!.textContent).toBe(
      'Parche de la fila 2, columna 2',
    );
  });
});
