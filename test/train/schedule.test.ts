// Warm-up then cosine decay.
import { describe, expect, it } from 'vitest';
import { learningRate } from '../../src/train/schedule';

describe('learningRate', () => {
  const s = { peak: 1e-3, warmup: 10, total: 110, floor: 1e-5 };

  it('rises linearly to the peak over the warm-up', () => {
    expect(learningRate(0, s)).toBeCloseTo(1e-4, 12);
    expect(learningRate(4, s)).toBeCloseTo(5e-4, 12);
    expect(learningRate(9, s)).toBeCloseTo(1e-3, 12);
  });

  it('follows a cosine from the peak to the floor', () => {
    expect(learningRate(10, s)).toBeCloseTo(1e-3, 12);
    expect(learningRate(60, s)).toBeCloseTo((1e-3 + 1e-5) / 2, 12);
    expect(learningRate(110, s)).toBeCloseTo(1e-5, 12);
    expect(learningRate(500, s)).toBeCloseTo(1e-5, 12);
  });

  it('never increases after the warm-up', () => {
    const lrs = Array.from({ length: 100 }, (_, i) => learningRate(10 + i, s));
    expect(lrs.every((v, i) => i === 0 || v <= lrs[i - 1]!)).toBe(true);
  });
});
