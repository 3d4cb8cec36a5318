// The attention explorer's computations: rollout against a hand computation, switched-off heads, the
// gradient with respect to the attention probabilities against finite differences, Chefer relevance on the
// tiny model, the deletion curve, and no leaks.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dims } from '../../src/clip/config';
import { type ClipModel, disposeModel, forward, loadModel } from '../../src/clip/model';
import {
  attentionRollout,
  classRollout,
  deletionCurve,
  imageRollout,
  rankPatches,
  relevanceForCaption,
  similarityGradients,
} from '../../src/clip/relevance';
import { l2Normalize } from '../../src/clip/similarity';
import { encodeText } from '../../src/clip/text-tower';
import { encodeImage } from '../../src/clip/vision-tower';
import { useBackend } from '../../src/node/backend';
import { loadNamedModel } from '../../src/node/models';
import { loadTokenizer } from '../../src/node/vocab';
import { encodeImages, encodeTexts } from '../../src/train/world-data';
import { makeBatch } from '../../src/world';
import { TINY_A, loadFixtures, maxAbsDiff, splitRows } from '../helpers/reference';

const fx = loadFixtures();
const idsA = splitRows(fx.get('text.tokens').data as Int32Array, 4);
const imagesA = splitRows(fx.get('image.pixels').data as Float32Array, 3);

let modelA: ClipModel; // tiny-clip-a: text 4 heads of 8, vision 1 head, 4 x 4 patches
let tiny: ClipModel; // the project's trained tiny model: vision 4 heads, 6 x 6 patches
let texts: (captions: string[]) => tf.Tensor; // [1, L] int32
let worldPixels: Float32Array; // [3, 48, 48]

beforeAll(async () => {
  await useBackend('cpu');
  modelA = loadModel(new Uint8Array(readFileSync(resolve(TINY_A, 'weights.safetensors'))));
  tiny = loadNamedModel('tiny');
  const tokenizer = await loadTokenizer();
  texts = (captions) => {
    const { ids, length } = encodeTexts(tokenizer, captions, tiny.config);
    return tf.tensor2d(ids, [captions.length, length], 'int32');
  };
  worldPixels = encodeImages(makeBatch(11, 1, { size: 48 }).images, 48);
});
afterAll(() => {
  disposeModel(modelA);
  disposeModel(tiny);
});

describe('attention rollout', () => {
  // probs[layer][head][query][key], every row summing to 1.
  const probs = [
    [
      [
        [0.5, 0.3, 0.2],
        [0.1, 0.8, 0.1],
        [0.25, 0.25, 0.5],
      ],
      [
        [0.2, 0.2, 0.6],
        [0.7, 0.2, 0.1],
        [0.0, 0.4, 0.6],
      ],
    ],
    [
      [
        [0.9, 0.05, 0.05],
        [0.3, 0.3, 0.4],
        [0.1, 0.6, 0.3],
      ],
      [
        [0.1, 0.1, 0.8],
        [0.5, 0.0, 0.5],
        [0.2, 0.2, 0.6],
      ],
    ],
  ];

  /** Plain loops: mean over heads, + I, rows to 1, R = Â_l R layer after layer. */
  function handRollout(p: number[][][][]): number[][] {
    const n = 3;
    let r: number[][] = [...Array(n)].map((_, i) => [...Array(n)].map((_, j) => (i === j ? 1 : 0)));
    for (const layer of p) {
      const a = [...Array(n)].map((_, i) =>
        [...Array(n)].map(
          (_, j) => layer.reduce((s, h) => s + h[i]![j]!, 0) / layer.length + (i === j ? 1 : 0),
        ),
      );
      const norm = a.map((row) => row.map((v) => v / row.reduce((s, x) => s + x, 0)));
      r = norm.map((row) => [...Array(n)].map((_, j) => row.reduce((s, v, k) => s + v * r[k]![j]!, 0)));
    }
    return r;
  }

  it('matches a plain-loop computation on 2 layers of 2 heads, n = 3', () => {
    const want = handRollout(probs);
    const got = tf.tidy(() => {
      const ts = probs.map((p) => tf.tensor3d(p)); // [H, n, n] each
      return { full: attentionRollout(ts).arraySync() as number[][], cls: classRollout(ts).arraySync() };
    });
    expect(maxAbsDiff(got.full.flat(), want.flat())).toBeLessThan(1e-6);
    expect(maxAbsDiff(got.cls as number[], want[0]!.slice(1))).toBeLessThan(1e-6);
    for (const row of got.full) expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
  });

  it('accepts [1, H, n, n] as a trace holds it, and rolls out the tiny model', () => {
    const g = dims(tiny.config).grid;
    const map = tf.tidy(() =>
      Array.from(imageRollout(tiny, tf.tensor4d(worldPixels, [1, 3, 48, 48])).dataSync()),
    );
    expect(map.length).toBe(g * g);
    expect(map.every((v) => v > 0)).toBe(true);
    expect(map.reduce((s, v) => s + v, 0)).toBeLessThan(1);
    const rank4 = tf.tidy(() =>
      classRollout([tf.tensor4d(probs[0]!.flat(2), [1, 2, 3, 3])])
        .dataSync()
        .slice(),
    );
    const rank3 = tf.tidy(() =>
      classRollout([tf.tensor3d(probs[0]!)])
        .dataSync()
        .slice(),
    );
    expect(Array.from(rank4)).toEqual(Array.from(rank3));
  });
});

describe('attention hooks', () => {
  it('switch a head off: its context columns become 0, the other heads are untouched, features change', () => {
    const key = 'transformer.resblocks.1.attn.context';
    const inputs = { ids: [idsA[2]!] };
    const plain = forward(modelA, inputs, { capture: [key] });
    const masked = forward(modelA, inputs, { capture: [key], hooks: { text: { headMask: { 1: [2] } } } });
    const width = 32;
    const hd = 8;
    const before = plain.trace[key]!.data;
    const after = masked.trace[key]!.data;
    const off = (i: number) => Math.floor((i % width) / hd) === 2;
    expect(Array.from(after).filter((v, i) => off(i) && v !== 0)).toEqual([]);
    expect(Array.from(after).filter((v, i) => !off(i) && v !== before[i])).toEqual([]);
    expect(after.some((v, i) => v === 0 && before[i] !== 0)).toBe(true);
    expect(maxAbsDiff(plain.textFeatures!.data, masked.textFeatures!.data)).toBeGreaterThan(1e-3);
  });

  it('switch a vision head off in the tiny model, one layer only', () => {
    const key = (l: number) => `visual.transformer.resblocks.${l}.attn.context`;
    const inputs = { images: [worldPixels] };
    const capture = [key(0), key(1)];
    const plain = forward(tiny, inputs, { capture });
    const masked = forward(tiny, inputs, { capture, hooks: { image: { headMask: { 1: [0, 3] } } } });
    expect(maxAbsDiff(plain.trace[key(0)]!.data, masked.trace[key(0)]!.data)).toBe(0);
    const hd = dims(tiny.config).visionHeadDim;
    const after = masked.trace[key(1)]!.data;
    const before = plain.trace[key(1)]!.data;
    const cols = dims(tiny.config).visionWidth;
    const off = (i: number) => [0, 3].includes(Math.floor((i % cols) / hd));
    expect(Array.from(after).filter((v, i) => off(i) && v !== 0)).toEqual([]);
    expect(Array.from(after).filter((v, i) => !off(i) && v !== before[i])).toEqual([]);
    expect(maxAbsDiff(plain.imageFeatures!.data, masked.imageFeatures!.data)).toBeGreaterThan(1e-3);
  });

  it('change nothing, bit for bit, when they mask nothing', () => {
    const inputs = { ids: [idsA[1]!, idsA[3]!], images: imagesA };
    const plain = forward(modelA, inputs, { capture: true });
    const zeros = tf.zeros([3, 1, 17, 17]);
    const keepAll = tf.ones([3, 16]);
    const hooked = forward(modelA, inputs, {
      capture: true,
      hooks: {
        text: { headMask: { 0: [], 1: [] } },
        image: { headMask: {}, probsOffset: () => zeros, patchKeep: keepAll },
      },
    });
    tf.dispose([zeros, keepAll]);
    expect(Object.keys(hooked.trace)).toEqual(Object.keys(plain.trace));
    const changed = Object.keys(plain.trace).filter(
      (k) => maxAbsDiff(plain.trace[k]!.data, hooked.trace[k]!.data) !== 0,
    );
    expect(changed).toEqual([]);
    expect(maxAbsDiff(plain.logitsPerImage!.data, hooked.logitsPerImage!.data)).toBe(0);
  });

  it('refuses a head the layer does not have', () => {
    expect(() => forward(modelA, { ids: [idsA[0]!] }, { hooks: { text: { headMask: { 0: [4] } } } })).toThrow(
      /headMask names heads 4, but the layer has 4/,
    );
  });
});

describe('the gradient with respect to the attention probabilities', () => {
  const cases = {
    'tiny-clip-a (one vision head)': () => ({
      model: modelA,
      pixels: tf.tensor4d(imagesA[0]!, [1, 3, 32, 32]),
      ids: tf.tensor2d(idsA[0]!, [1, 77], 'int32'),
    }),
    'the tiny model (four vision heads)': () => ({
      model: tiny,
      pixels: tf.tensor4d(worldPixels, [1, 3, 48, 48]),
      ids: texts(['a red circle']),
    }),
  };

  it.each(Object.keys(cases))(
    'matches central finite differences on the largest entries of each layer: %s',
    (name) => {
      const { model, pixels, ids } = cases[name as keyof typeof cases]();
      const { config: cfg, weights: w } = model;
      const { visionTokens: n, visionHeads: heads } = dims(cfg);
      const grads = tf.tidy(() =>
        similarityGradients(model, pixels, ids).grads.map((g) => g.dataSync().slice()),
      );
      const cosine = (layer: number, index: number, eps: number): number =>
        tf.tidy(() => {
          const offset = tf.reshape(tf.mul(tf.oneHot(index, heads * n * n), eps), [1, heads, n, n]);
          const hooks = { probsOffset: (l: number) => (l === layer ? offset : undefined) };
          const image = l2Normalize(encodeImage(pixels, w, cfg, undefined, hooks)); // [1, E]
          const text = l2Normalize(encodeText(ids, w, cfg)); // [1, E]
          return tf.sum(tf.mul(image, text)).dataSync()[0]!;
        });
      // Measured on cpu: relative error at most 2e-5 (tiny-clip-a) and 1.2e-4 (tiny) for eps = 1e-2.
      const eps = 1e-2;
      const bad: string[] = [];
      grads.forEach((g, layer) => {
        for (const index of rankPatches(g.map(Math.abs)).slice(0, 4)) {
          const fd = (cosine(layer, index, eps) - cosine(layer, index, -eps)) / (2 * eps);
          const rel = Math.abs(fd - g[index]!) / Math.abs(g[index]!);
          if (!(rel < 1e-3)) bad.push(`layer ${layer} entry ${index}: ${g[index]} vs ${fd}`);
        }
      });
      tf.dispose([pixels, ids]);
      expect(bad).toEqual([]);
    },
  );
});

describe('relevance for a caption (Chefer et al.) on the tiny model', () => {
  const pixels = () => tf.tensor4d(worldPixels, [1, 3, 48, 48]);

  function relevance(caption: string): { map: Float32Array; similarity: number } {
    return tf.tidy(() => {
      const { map, similarity } = relevanceForCaption(tiny, pixels(), texts([caption]));
      return { map: map.dataSync().slice() as Float32Array, similarity };
    });
  }

  it('gives g*g non-negative values that depend on the caption, the same on every call', () => {
    const g = dims(tiny.config).grid;
    const red = relevance('a red circle');
    const blue = relevance('a blue square');
    expect(red.map.length).toBe(g * g);
    expect(red.map.every((v) => v >= 0)).toBe(true);
    expect(red.map.some((v) => v > 0)).toBe(true);
    expect(maxAbsDiff(red.map, blue.map)).toBeGreaterThan(1e-4);
    expect(red.similarity).not.toBe(blue.similarity);
    const again = relevance('a red circle');
    expect(Array.from(again.map)).toEqual(Array.from(red.map));
    expect(again.similarity).toBe(red.similarity);
  });

  it('reports the cosine similarity the forward pass gives', () => {
    const { similarity } = relevance('a red circle');
    const fwd = tf.tidy(() => {
      const image = l2Normalize(encodeImage(pixels(), tiny.weights, tiny.config));
      const text = l2Normalize(encodeText(texts(['a red circle']), tiny.weights, tiny.config));
      return tf.sum(tf.mul(image, text)).dataSync()[0]!;
    });
    expect(Math.abs(similarity - fwd)).toBeLessThan(1e-6);
  });
});

describe('the deletion curve', () => {
  it('starts at the unmasked similarity and ends at the same value whatever the order', () => {
    const total = dims(tiny.config).grid ** 2;
    const { curve, reversed, coarse, oneByOne, start } = tf.tidy(() => {
      const px = tf.tensor4d(worldPixels, [1, 3, 48, 48]);
      const ids = texts(['a red circle']);
      const { map, similarity } = relevanceForCaption(tiny, px, ids);
      const order = rankPatches(map.dataSync());
      return {
        start: similarity,
        curve: deletionCurve(tiny, px, ids, order, 5),
        reversed: deletionCurve(tiny, px, ids, [...order].reverse(), 5),
        coarse: deletionCurve(tiny, px, ids, order, total),
        oneByOne: deletionCurve(tiny, px, ids, order, 5, 1),
      };
    });
    expect(curve.length).toBe(Math.ceil(total / 5) + 1);
    expect(Math.abs(curve[0]! - start)).toBeLessThan(1e-6);
    expect(Math.abs(curve.at(-1)! - reversed.at(-1)!)).toBeLessThan(1e-6);
    expect(coarse.length).toBe(2);
    expect(Math.abs(coarse[1]! - curve.at(-1)!)).toBeLessThan(1e-6);
    expect(maxAbsDiff(oneByOne, curve)).toBeLessThan(1e-6);
    expect(maxAbsDiff(curve, reversed)).toBeGreaterThan(1e-4);
    // Deleting the most relevant patches first costs more similarity than deleting the least relevant first.
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(curve)).toBeLessThan(mean(reversed) - 0.1);
  });

  it('refuses an order that is not a permutation of the patches', () => {
    const px = tf.tensor4d(worldPixels, [1, 3, 48, 48]);
    const ids = texts(['a red circle']);
    expect(() => deletionCurve(tiny, px, ids, [0, 1, 2], 1)).toThrow(/each of the 36 patch indices once/);
    tf.dispose([px, ids]);
  });
});

describe('memory', () => {
  it('stays flat across repeated calls', () => {
    const px = tf.tensor4d(worldPixels, [1, 3, 48, 48]);
    const ids = texts(['a red circle']);
    const run = () => {
      const { map } = relevanceForCaption(tiny, px, ids);
      deletionCurve(tiny, px, ids, rankPatches(map.dataSync()), 7);
      map.dispose();
      imageRollout(tiny, px).dispose();
      tf.dispose(Object.values(similarityGradients(tiny, px, ids)).flat());
      forward(tiny, { images: [worldPixels] }, { hooks: { image: { headMask: { 0: [1] } } } });
    };
    run();
    const before = tf.memory().numTensors;
    run();
    run();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([px, ids]);
  });
});
