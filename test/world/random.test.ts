// The seeded generator: the published mulberry32 stream, the bulk fill, ranges and derived seeds.
import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed, fillUint32 } from '../../src/world/random';

describe('createRng', () => {
  it('reproduces the published mulberry32 stream', () => {
    const rng = createRng(1);
    expect([rng.float(), rng.float(), rng.float()]).toEqual([
      0.6270739405881613, 0.002735721180215478, 0.5274470399599522,
    ]);
    const zero = createRng(0);
    expect([zero.uint32(), zero.uint32()]).toEqual([1144304738, 1416247]);
  });

  it('gives the same numbers for the same seed and different ones for another seed', () => {
    const draw = (seed: number) => {
      const rng = createRng(seed);
      return Array.from({ length: 32 }, () => rng.uint32());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('draws integers in range, about uniformly', () => {
    const rng = createRng(3);
    const counts = new Array<number>(5).fill(0);
    for (let i = 0; i < 10_000; i++) counts[rng.int(5)]!++;
    for (const c of counts) expect(c).toBeGreaterThan(1800);
    expect(counts.reduce((a, b) => a + b)).toBe(10_000);
    expect(() => rng.int(0)).toThrow();
    expect(() => rng.pick([])).toThrow();
  });
});

describe('fillUint32', () => {
  it('writes the same stream as createRng', () => {
    const rng = createRng(99);
    expect(Array.from(fillUint32(99, new Uint32Array(64)))).toEqual(
      Array.from({ length: 64 }, () => rng.uint32()),
    );
  });
});

describe('deriveSeed', () => {
  it('is a pure function of its inputs and separates neighbouring keys', () => {
    expect(deriveSeed(5, 1, 2)).toBe(deriveSeed(5, 1, 2));
    const seeds = new Set<number>();
    for (let i = 0; i < 1000; i++) seeds.add(deriveSeed(5, i));
    seeds.add(deriveSeed(6, 0));
    expect(seeds.size).toBe(1001);
    for (const s of seeds) expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
  });
});
