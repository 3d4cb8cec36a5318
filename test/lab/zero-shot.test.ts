// The zero-shot playground's math: template expansion, prompt ensembling, softmax at a temperature,
// ranking, the reader's mistakes; then the shipped tiny model classifying gallery images with it.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  TEMPLATES,
  ZeroShotError,
  checkLabels,
  classify,
  defaultLabels,
  ensemble,
  expandPrompts,
  fillTemplate,
  labelFeatures,
  normalize,
  parseShare,
  ranking,
  softmaxAt,
  worldLabels,
} from '../../src/lab/zero-shot';
import { useBackend } from '../../src/node/backend';
import { loadNamedModel } from '../../src/node/models';
import { loadTokenizer } from '../../src/node/vocab';
import { Engine } from '../../src/runtime/engine';
import { GALLERY } from '../../src/runtime/gallery';
import { createRng } from '../../src/world';

const norm = (v: ArrayLike<number>): number => Math.hypot(...Array.from(v));

function randomVector(rng: () => number, n: number, scale = 1): number[] {
  return Array.from({ length: n }, () => (rng() * 2 - 1) * scale);
}

describe('fillTemplate and expandPrompts', () => {
  it('puts the label in the slot and says "an" before a vowel', () => {
    expect(fillTemplate('a photo of a {}', 'red circle')).toBe('a photo of a red circle');
    expect(fillTemplate('a photo of a {}', 'orange star')).toBe('a photo of an orange star');
    expect(fillTemplate('{}', 'orange star')).toBe('orange star');
    expect(fillTemplate('there is a {} here', 'blue square')).toBe('there is a blue square here');
    expect(() => fillTemplate('no slot', 'red circle')).toThrow(ZeroShotError);
  });

  it('gives labels × templates prompts, sharing the ones that coincide', () => {
    const e = expandPrompts(['red circle', ' blue  square '], ['a {}', 'a photo of a {}', '{}']);
    expect(e.prompts).toEqual([
      'a red circle',
      'a photo of a red circle',
      'red circle',
      'a blue square',
      'a photo of a blue square',
      'blue square',
    ]);
    expect(e.promptIndex).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    const same = expandPrompts(['red circle'], ['{}', '{}']);
    expect(same.prompts).toEqual(['red circle']);
    expect(same.promptIndex).toEqual([[0, 0]]);
  });

  it('refuses an empty label list, blank or duplicate labels and no template, saying which', () => {
    const problem = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(ZeroShotError);
        return `${(e as ZeroShotError).problem}: ${(e as Error).message}`;
      }
      return undefined;
    };
    expect(problem(() => checkLabels([]))).toMatch(/^no-labels: .*at least one label/);
    expect(problem(() => checkLabels(['red circle', '  ']))).toMatch(/^blank-label/);
    expect(problem(() => checkLabels(['red circle', 'Red  Circle']))).toMatch(
      /^duplicate-label: The label "Red Circle" appears twice/,
    );
    expect(problem(() => expandPrompts(['red circle'], []))).toMatch(/^no-templates/);
    expect(problem(() => checkLabels(['x'.repeat(81)]))).toMatch(/^long-label/);
    expect(checkLabels(['red circle', 'blue square'])).toEqual(['red circle', 'blue square']);
  });

  it('has default labels from the world: one per shape, distinct colours, all seen in training', () => {
    const labels = defaultLabels();
    expect(labels).toHaveLength(8);
    expect(new Set(labels.map((l) => l.split(' ')[0])).size).toBe(8);
    expect(labels[0]).toBe('red circle');
    expect(labels.every((l) => worldLabels().includes(l))).toBe(true);
    expect(TEMPLATES.every((t) => t.includes('{}'))).toBe(true);
  });
});

describe('ensemble', () => {
  it('equals the mean of the normalised features, renormalised', () => {
    const rng = createRng(7);
    const r = (): number => rng.float();
    const feats = [randomVector(r, 16, 3), randomVector(r, 16, 0.1), randomVector(r, 16)];
    const got = ensemble(feats);
    const normed = feats.map((f) => f.map((x) => x / norm(f)));
    const mean = normed[0]!.map((_, i) => normed.reduce((s, f) => s + f[i]!, 0) / feats.length);
    const expected = mean.map((x) => x / norm(mean));
    expect(norm(got)).toBeCloseTo(1, 6);
    got.forEach((x, i) => expect(x).toBeCloseTo(expected[i]!, 6));
    // Not the plain mean: the long first vector would dominate that one.
    const plain = feats[0]!.map((_, i) => feats.reduce((s, f) => s + f[i]!, 0));
    const plainUnit = plain.map((x) => x / norm(plain));
    expect(Math.max(...plainUnit.map((x, i) => Math.abs(x - got[i]!)))).toBeGreaterThan(1e-3);
  });

  it('of one feature is that feature normalised, and labelFeatures ensembles per label', () => {
    const f = [3, 4, 0];
    expect(Array.from(ensemble([f]))).toEqual(Array.from(normalize(f)));
    const e = expandPrompts(['a', 'b'], ['{}', 'x {}']);
    const table: Record<string, number[]> = { a: [1, 0], 'x a': [0, 2], b: [0, 1], 'x b': [0, 5] };
    const [fa, fb] = labelFeatures(e, (p) => table[p]!);
    expect(fa![0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(fa![1]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(Array.from(fb!)).toEqual([0, 1]);
  });
});

describe('softmaxAt and ranking', () => {
  const cosines = [0.31, 0.12, 0.27, -0.05];

  it('sums to 1 and sharpens as τ falls', () => {
    let previousTop = 0;
    for (const tau of [2, 0.5, 0.1, 0.03, 0.01]) {
      const p = softmaxAt(cosines, tau);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect(p[0]!).toBeGreaterThan(previousTop);
      previousTop = p[0]!;
    }
    expect(softmaxAt(cosines, 0.001)[0]).toBeGreaterThan(0.99);
    const flat = softmaxAt(cosines, 1000);
    flat.forEach((p) => expect(p).toBeCloseTo(0.25, 3));
    expect(softmaxAt([1000, 999], 0.01).every(Number.isFinite)).toBe(true);
    expect(() => softmaxAt(cosines, 0)).toThrow(RangeError);
  });

  it('ranks from most to least probable, ties in label order', () => {
    expect(ranking(softmaxAt(cosines, 0.07))).toEqual([0, 2, 1, 3]);
    expect(ranking([0.2, 0.4, 0.4])).toEqual([1, 2, 0]);
  });

  it('classify computes cosines of unit vectors, logits cosine / τ and probabilities', () => {
    const r = classify(
      [2, 0],
      ['x', 'y'],
      [
        [1, 1],
        [0, 3],
      ],
      0.5,
    );
    expect(r.cosines[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(r.cosines[1]).toBeCloseTo(0, 6);
    expect(r.logits[0]).toBeCloseTo(Math.SQRT2, 5);
    expect(r.order).toEqual([0, 1]);
    expect(r.probs[0]).toBeCloseTo(1 / (1 + Math.exp(-Math.SQRT2)), 5);
  });
});

describe('parseShare', () => {
  it('keeps the well-typed fields of a shared URL and drops the rest', () => {
    const ok = parseShare(
      JSON.stringify({ l: ['red circle'], t: [0, 2, 2], tau: 0.05, i: 3, a: { word: 'hi' } }),
    );
    expect(ok).toEqual({ l: ['red circle'], t: [0, 2], tau: 0.05, i: 3, a: { word: 'hi' } });
    const bad = parseShare(JSON.stringify({ l: [1], t: [99], tau: -1, i: 1.5, a: 'x' }));
    expect(bad).toEqual({});
    expect(parseShare('{not json')).toEqual({});
    expect(parseShare(null)).toEqual({});
    expect(parseShare(JSON.stringify({ l: ['x'.repeat(500)] })).l![0]).toHaveLength(80);
  });
});

describe('the tiny model, zero-shot', () => {
  let engine: Engine;
  beforeAll(async () => {
    await useBackend('cpu');
    engine = Engine.from('cpu', loadNamedModel('tiny'), await loadTokenizer());
  });

  function features(texts: string[], images: number[]) {
    const r = engine.run({
      type: 'run',
      id: 0,
      channel: 'test',
      texts,
      images: images.map((index) => ({ kind: 'world' as const, index })),
      capture: ['text.features', 'image.features'],
    });
    const rows = (key: string) => {
      const e = r.trace[key];
      if (!e) return [];
      const d = e.shape[1]!;
      return Array.from({ length: e.shape[0]! }, (_, i) => e.data.subarray(i * d, (i + 1) * d));
    };
    return { text: rows('text.features'), image: rows('image.features') };
  }

  it('ranks "red circle" first for the gallery\'s red circle, with one template or an ensemble', () => {
    expect(GALLERY[0]!.caption).toMatch(/red circle/);
    const labels = defaultLabels();
    const before = tf.memory().numTensors;
    for (const templates of [['a photo of a {}'], TEMPLATES.slice(0, 4)]) {
      const e = expandPrompts(labels, templates);
      const f = features(e.prompts, [0]);
      const byPrompt = new Map(e.prompts.map((p, k) => [p, f.text[k]!]));
      const r = classify(
        f.image[0]!,
        labels,
        labelFeatures(e, (p) => byPrompt.get(p)!),
        0.05,
      );
      expect(labels[r.order[0]!]).toBe('red circle');
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names the colour and shape of single-object gallery images seen in training', () => {
    const labels = worldLabels();
    const e = expandPrompts(labels, ['a photo of a {}']);
    const singles = [0, 1, 2, 5, 6];
    const f = features(e.prompts, singles);
    const feats = labelFeatures(e, (p) => f.text[e.prompts.indexOf(p)]!);
    singles.forEach((index, k) => {
      const top = labels[classify(f.image[k]!, labels, feats, 0.05).order[0]!]!;
      expect(GALLERY[index]!.caption).toContain(top);
    });
  });

  it('cannot tell apart two words outside the world: "dog" and "cat" get the same feature', () => {
    const f = features(['a photo of a dog', 'a photo of a cat', 'a photo of a red circle'], []);
    const [dog, cat, circle] = f.text.map((v) => normalize(v));
    expect(Math.max(...Array.from(dog!, (x, i) => Math.abs(x - cat![i]!)))).toBeLessThan(1e-6);
    expect(Math.max(...Array.from(dog!, (x, i) => Math.abs(x - circle![i]!)))).toBeGreaterThan(1e-2);
  });
});
