// What the image tower learned: conv1's tiles (per-filter min–max scaling, CHW → HWC) and the cosine grid
// of the positional embeddings (class token left out), on small matrices worked by hand.
import { describe, expect, it } from 'vitest';
import {
  extremes,
  filterPage,
  filterTiles,
  neighbourCount,
  positionSimilarity,
  scaleFilter,
  similarityMap,
} from '../../src/lab/vision-weights';

describe('scaleFilter', () => {
  // Two filters of 3 × 1 × 1... made 3 × 2 × 2: filter 0 counts 0..11 (CHW), filter 1 is constant.
  const P = 2;
  const w = Float32Array.from([...Array.from({ length: 12 }, (_, i) => i), ...Array(12).fill(-0.5)]);
  const shape = [2, 3, P, P];

  it('maps each filter’s smallest weight to 0 and its largest to 1', () => {
    const t = scaleFilter(w, shape, 0);
    expect(Math.min(...t)).toBe(0);
    expect(Math.max(...t)).toBe(1);
    for (const v of t) expect(v).toBeGreaterThanOrEqual(0);
  });

  it('lays the channels out as RGB per pixel (HWC)', () => {
    const t = scaleFilter(w, shape, 0);
    // pixel (0, 0): red = w[0] = 0, green = w[4] = 4, blue = w[8] = 8, over the range 0..11
    expect(Array.from(t.subarray(0, 3))).toEqual([0, 4 / 11, 8 / 11].map(Math.fround));
    // pixel (1, 1): red = w[3], green = w[7], blue = w[11]
    expect(Array.from(t.subarray(9, 12))).toEqual([3 / 11, 7 / 11, 1].map(Math.fround));
  });

  it('draws a constant filter mid-grey', () => {
    expect(Array.from(scaleFilter(w, shape, 1))).toEqual(Array(12).fill(0.5));
  });

  it('scales each filter on its own, whatever the others hold', () => {
    const big = Float32Array.from(w, (v, i) => (i < 12 ? v * 1000 : v));
    expect(scaleFilter(big, shape, 0)).toEqual(scaleFilter(w, shape, 0));
  });

  it('rejects shapes that are not [width, 3, P, P]', () => {
    expect(() => scaleFilter(w, [2, 4, 2, 2], 0)).toThrow(/\[width, 3, P, P\]/);
    expect(() => scaleFilter(w, [2, 3, 2, 3], 0)).toThrow(/\[width, 3, P, P\]/);
    expect(() => scaleFilter(w, shape, 2)).toThrow(/outside/);
  });

  it('gives bytes and ranges for every filter', () => {
    const tiles = filterTiles(w, shape);
    expect(tiles.count).toBe(2);
    expect(tiles.patch).toBe(2);
    expect(tiles.rgb.length).toBe(2 * 12);
    expect(Array.from(tiles.rgb.subarray(0, 3))).toEqual([
      0,
      Math.round((4 / 11) * 255),
      Math.round((8 / 11) * 255),
    ]);
    expect(tiles.rgb[11]).toBe(255);
    expect(Array.from(tiles.min)).toEqual([0, -0.5]);
    expect(Array.from(tiles.max)).toEqual([11, -0.5]);
    expect(Array.from(tiles.rgb.subarray(12))).toEqual(Array(12).fill(128));
  });
});

describe('positionSimilarity', () => {
  it('is 1 between identical rows, and on the diagonal', () => {
    // g = 2: class row, then four patch rows; rows 1 and 2 are the same direction.
    const pos = [9, 9, 9, 1, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 3];
    const sim = positionSimilarity(pos, [5, 3]);
    expect(sim.grid).toBe(2);
    expect(sim.values[0 * 4 + 1]).toBeCloseTo(1, 7);
    for (let p = 0; p < 4; p++) expect(sim.values[p * 5]).toBeCloseTo(1, 7);
  });

  it('matches a small matrix worked by hand, and is symmetric', () => {
    // Patch rows a = (1, 0), b = (0, 1), c = (1, 1), d = (-1, 0); the class row (5, 5) must not matter.
    const pos = [5, 5, 1, 0, 0, 1, 1, 1, -1, 0];
    const { values } = positionSimilarity(pos, [5, 2]);
    const r = Math.SQRT1_2;
    const expected = [
      [1, 0, r, -1],
      [0, 1, r, 0],
      [r, r, 1, -r],
      [-1, 0, -r, 1],
    ];
    expected.forEach((row, p) => row.forEach((v, q) => expect(values[p * 4 + q]).toBeCloseTo(v, 6)));
    expect(Array.from(similarityMap({ grid: 2, values }, 2))).toEqual(Array.from(values.subarray(8, 12)));
  });

  it('leaves the class token out: changing row 0 changes nothing', () => {
    const pos = [5, 5, 1, 0, 0, 1, 1, 1, -1, 0];
    const other = [-3, 100, ...pos.slice(2)];
    expect(positionSimilarity(other, [5, 2]).values).toEqual(positionSimilarity(pos, [5, 2]).values);
  });

  it('gives a zero row similarity 0, never NaN', () => {
    const { values } = positionSimilarity([0, 0, 0, 0, 1, 0, 1, 1, 2, 2], [5, 2]);
    expect(values[0]).toBe(0);
    expect(values.every(Number.isFinite)).toBe(true);
  });

  it('rejects a token count that is not 1 + g²', () => {
    expect(() => positionSimilarity(new Float32Array(8), [4, 2])).toThrow(/1 \+ g²/);
  });

  it('names the nearest and farthest other position', () => {
    const sim = positionSimilarity([5, 5, 1, 0, 0, 1, 1, 1, -1, 0], [5, 2]);
    const e = extremes(sim, 0);
    expect(e.nearest).toBe(2);
    expect(e.nearestCos).toBeCloseTo(Math.SQRT1_2, 6);
    expect(e.farthest).toBe(3);
    expect(e.farthestCos).toBeCloseTo(-1, 6);
  });
});

describe('neighbourCount', () => {
  it('counts the positions whose nearest other position touches them on the grid', () => {
    // g = 2: every pair of positions touches, so any nearest is a neighbour.
    expect(neighbourCount(positionSimilarity([5, 5, 1, 0, 0, 1, 1, 1, -1, 0], [5, 2]))).toBe(4);
    // g = 3 with embeddings (row, col, 1): the nearest of each position is next to it ...
    const grid = [0, 0, 0, ...Array.from({ length: 9 }, (_, p) => [Math.floor(p / 3), p % 3, 1]).flat()];
    expect(neighbourCount(positionSimilarity(grid, [10, 3]))).toBe(9);
    // ... and with the corners' embeddings swapped, the four corners' nearest is across the grid.
    const swapped = [...grid];
    const row = (p: number): number => 3 + p * 3;
    for (const [a, b] of [
      [0, 8],
      [2, 6],
    ] as const) {
      const tmp = swapped.slice(row(a), row(a) + 3);
      swapped.splice(row(a), 3, ...swapped.slice(row(b), row(b) + 3));
      swapped.splice(row(b), 3, ...tmp);
    }
    expect(neighbourCount(positionSimilarity(swapped, [10, 3]))).toBeLessThan(9);
  });
});

describe('filterPage', () => {
  it('cuts the filters into pages, and 0 shows them all', () => {
    expect(filterPage(96, 32, 0)).toEqual({ start: 0, end: 32, page: 0, pages: 3 });
    expect(filterPage(96, 32, 2)).toEqual({ start: 64, end: 96, page: 2, pages: 3 });
    expect(filterPage(96, 32, 9)).toEqual({ start: 64, end: 96, page: 2, pages: 3 });
    expect(filterPage(100, 64, 1)).toEqual({ start: 64, end: 100, page: 1, pages: 2 });
    expect(filterPage(96, 0, 4)).toEqual({ start: 0, end: 96, page: 0, pages: 1 });
  });
});
