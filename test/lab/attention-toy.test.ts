// The attention toy's arithmetic: scores are q·k, the scaling divides by √d, the causal mask zeroes the
// upper triangle, every row is a distribution, each output is the weighted sum of the values, larger q and k
// saturate the softmax, and random unit-variance vectors of width d_h have dot products of variance d_h.
import { describe, expect, it } from 'vitest';
import {
  type ToyToken,
  attentionToy,
  entropy,
  randomDots,
  randomRow,
  softmax,
} from '../../src/lab/attention-toy';

const tokens: ToyToken[] = [
  { q: [1, 0], k: [0.5, 1], v: [1, 0] },
  { q: [0, 2], k: [1, -1], v: [0, 1] },
  { q: [1.5, 0.5], k: [2, 0.5], v: [-1, 1] },
];

describe('attentionToy', () => {
  it('scores q·k and divides them by √d before the softmax', () => {
    const r = attentionToy(tokens);
    expect(r.d).toBe(2);
    expect(r.scores[1]![2]).toBeCloseTo(0 * 2 + 2 * 0.5, 12);
    expect(r.logits[1]![2]).toBeCloseTo(1 / Math.SQRT2, 12);
    const raw = attentionToy(tokens, { scaled: false });
    expect(raw.logits[1]![2]).toBeCloseTo(1, 12);
    expect(raw.probs[0]).toEqual(softmax(raw.scores[0]!));
  });

  it('makes every row a distribution and masks the keys after the query', () => {
    const r = attentionToy(tokens, { causal: true });
    for (const row of r.probs) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(r.probs[0]).toEqual([1, 0, 0]);
    expect(r.probs[1]![2]).toBe(0);
    expect(r.logits[0]![1]).toBe(-Infinity);
    expect(r.maxEntropy.map((h) => Math.exp(h))).toEqual([1, 2, 3].map((k) => expect.closeTo(k, 12)));
  });

  it('passes on the values weighted by the probabilities', () => {
    const r = attentionToy(tokens);
    for (let i = 0; i < 3; i++)
      for (let c = 0; c < 2; c++)
        expect(r.outputs[i]![c]).toBeCloseTo(
          r.probs[i]!.reduce((s, p, j) => s + p * tokens[j]!.v[c]!, 0),
          12,
        );
  });

  it('saturates the softmax as q and k grow: the max probability rises to 1, the entropy falls to 0', () => {
    const gains = [0.5, 1, 2, 4, 8];
    const rows = gains.map((gain) => attentionToy(tokens, { gain }));
    for (let k = 1; k < gains.length; k++) {
      expect(rows[k]!.maxProb[2]).toBeGreaterThan(rows[k - 1]!.maxProb[2]!);
      expect(rows[k]!.entropy[2]).toBeLessThan(rows[k - 1]!.entropy[2]!);
    }
    expect(rows.at(-1)!.maxProb[2]).toBeGreaterThan(0.999);
    expect(rows[2]!.factor).toBeCloseTo(4 / Math.SQRT2, 12);
    // Removing the scaling is the same as multiplying the gain by d^(1/4).
    const unscaled = attentionToy(tokens, { scaled: false });
    const same = attentionToy(tokens, { gain: 2 ** 0.25 });
    unscaled.probs.forEach((row, i) => row.forEach((p, j) => expect(p).toBeCloseTo(same.probs[i]![j]!, 12)));
  });

  it('computes entropy in nats', () => {
    expect(entropy([0.25, 0.25, 0.25, 0.25])).toBeCloseTo(Math.log(4), 12);
    expect(entropy([1, 0])).toBe(0);
  });
});

describe('random vectors of width d_h', () => {
  it('have dot products of variance d_h, and 1 after the scaling', () => {
    for (const dh of [2, 16, 64]) {
      const r = randomDots(dh, 4000, dh);
      expect(r.variance / dh).toBeGreaterThan(0.9);
      expect(r.variance / dh).toBeLessThan(1.1);
      expect(r.scaledVariance).toBeCloseTo(r.variance / dh, 10);
    }
  });

  it('saturate an unscaled softmax row as d_h grows, not a scaled one', () => {
    const mean = (dh: number, side: 'scaled' | 'unscaled') =>
      Array.from({ length: 40 }, (_, seed) => randomRow(dh, 8, seed)[side].maxProb).reduce((a, b) => a + b) /
      40;
    expect(mean(256, 'unscaled')).toBeGreaterThan(0.9);
    expect(mean(256, 'unscaled')).toBeGreaterThan(mean(4, 'unscaled'));
    expect(mean(256, 'scaled')).toBeLessThan(0.7);
    expect(Math.abs(mean(256, 'scaled') - mean(4, 'scaled'))).toBeLessThan(0.15);
    expect(randomRow(2, 8).uniformEntropy).toBeCloseTo(Math.log(8), 12);
    expect(randomRow(64, 8)).toEqual(randomRow(64, 8));
  });
});
