// The zero-shot playground's misconception (lessons/*/zero-shot-playground.mdx): averaging the cosines of a
// label's templates is not the ensemble. With v_j the normalised template features, w̄ = mean_j v_j and
// w = w̄ / ‖w̄‖ (src/lab/zero-shot.ts's ensemble), mean_j cos(x, v_j) = ‖w̄‖ · cos(x, w): a factor per label,
// so the two classifiers can rank labels differently.
import { describe, expect, it } from 'vitest';
import { classify, dot, ensemble, normalize } from '../../src/lab/zero-shot';
import { createRng } from '../../src/world/random';

const seeded = (seed: number): (() => number) => createRng(seed).float;

const vector = (d: number, next: () => number): Float32Array =>
  Float32Array.from({ length: d }, () => 4 * next() - 2); // not unit: ensemble() normalises each first

const meanOfUnit = (features: Float32Array[]): Float64Array => {
  const out = new Float64Array(features[0]!.length);
  for (const f of features) normalize(f).forEach((x, i) => (out[i]! += x / features.length));
  return out;
};

describe('averaging cosines over templates versus the prompt ensemble', () => {
  it.each([1, 2, 3, 4, 5])('seed %i: mean of the cosines = ‖w̄_c‖ × the cosine with the ensemble', (seed) => {
    const next = seeded(seed);
    const d = 32;
    const image = normalize(vector(d, next));
    const templates = Array.from({ length: 6 }, () => vector(d, next));
    const meanCosine = templates.reduce((s, t) => s + dot(image, normalize(t)), 0) / templates.length;
    const wBar = meanOfUnit(templates);
    const normWBar = Math.sqrt(dot(wBar, wBar));
    const ensembleCosine = dot(image, ensemble(templates));
    expect(normWBar).toBeLessThan(1); // a mean of distinct unit vectors is shorter than one
    expect(meanCosine).toBeCloseTo(normWBar * ensembleCosine, 5);
  });

  it('can rank two labels differently: tight templates win the average, spread ones the ensemble', () => {
    const deg = Math.PI / 180;
    const image = Float32Array.of(1, 0, 0);
    // Label A: both templates point 50° from the image (‖w̄_A‖ = 1). Label B: ±70° around it (‖w̄_B‖ = cos 70°).
    const a = [
      Float32Array.of(Math.cos(50 * deg), Math.sin(50 * deg), 0),
      Float32Array.of(Math.cos(50 * deg), Math.sin(50 * deg), 0),
    ];
    const b = [
      Float32Array.of(Math.cos(70 * deg), Math.sin(70 * deg), 0),
      Float32Array.of(Math.cos(70 * deg), -Math.sin(70 * deg), 0),
    ];
    const meanCos = (ts: Float32Array[]): number =>
      ts.reduce((s, t) => s + dot(image, normalize(t)), 0) / ts.length;
    expect(meanCos(a)).toBeGreaterThan(meanCos(b)); // averaging cosines picks A
    const result = classify(image, ['A', 'B'], [ensemble(a), ensemble(b)], 0.07);
    expect(result.order[0]).toBe(1); // the ensemble picks B
  });
});
