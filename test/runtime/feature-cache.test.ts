// The engine's feature cache: found only by exactly the same inputs and model, least recently used first out.
import { describe, expect, it } from 'vitest';
import { FeatureCache, joined } from '../../src/runtime/feature-cache';

const f = (v: number) => ({ shape: [1, 1], data: Float32Array.of(v) });

describe('FeatureCache', () => {
  it('finds an entry by its exact inputs, tower and model only', () => {
    const c = new FeatureCache();
    c.set('tiny', 'text', Int32Array.of(1, 2, 3), f(1));
    expect(c.get('tiny', 'text', Int32Array.of(1, 2, 3))?.data[0]).toBe(1);
    expect(c.get('tiny', 'text', Int32Array.of(1, 2, 4))).toBeUndefined();
    expect(c.get('tiny', 'text', Int32Array.of(1, 2))).toBeUndefined();
    expect(c.get('tiny', 'text', Float32Array.of(1, 2, 3))).toBeUndefined();
    expect(c.get('tiny', 'image', Int32Array.of(1, 2, 3))).toBeUndefined();
    expect(c.get('other', 'text', Int32Array.of(1, 2, 3))).toBeUndefined();
    c.clear();
    expect(c.get('tiny', 'text', Int32Array.of(1, 2, 3))).toBeUndefined();
  });

  it('drops the least recently used entry when full', () => {
    const c = new FeatureCache(2);
    c.set('m', 'image', Float32Array.of(1), f(1));
    c.set('m', 'image', Float32Array.of(2), f(2));
    expect(c.get('m', 'image', Float32Array.of(1))).toBeDefined(); // 1 is now the most recent
    c.set('m', 'image', Float32Array.of(3), f(3));
    expect(c.get('m', 'image', Float32Array.of(2))).toBeUndefined();
    expect(c.get('m', 'image', Float32Array.of(1))?.data[0]).toBe(1);
    expect(c.get('m', 'image', Float32Array.of(3))?.data[0]).toBe(3);
  });

  it("joins a batch's rows in order", () => {
    expect(Array.from(joined([Int32Array.of(1, 2), Int32Array.of(3)], (n) => new Int32Array(n)))).toEqual([
      1, 2, 3,
    ]);
  });
});
