// The attention explorer's math (src/clip/relevance.ts): rollout and Chefer relevance against hand
// computations, class attention, the gradient with respect to the attention
// probabilities against finite differences, relevance on the tiny model, and no leaks (the deletion curves:
// deletion.test.ts; the attention hooks: attention-hooks.test.ts).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dims } from '../../src/clip/config';
import { type ClipModel, disposeModel, forward, loadModel } from '../../src/clip/model';
import {
  attentionRollout,
  classAttention,
  classRollout,
  deletionCurves,
  imageRollout,
  lastLayerAttention,
  rankPatches,
  relevanceForCaption,
  relevanceFromGradients,
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
const onePair = () => ({ px: tf.tensor4d(worldPixels, [1, 3, 48, 48]), ids: texts(['a red circle']) });
afterAll(() => {
  disposeModel(modelA);
  disposeModel(tiny);
});

// probs[layer][head][query][key] of 2 layers of 2 heads, n = 3, flat; every row sums to 1.
const FLAT = [
  0.5, 0.3, 0.2, 0.1, 0.8, 0.1, 0.25, 0.25, 0.5, 0.2, 0.2, 0.6, 0.7, 0.2, 0.1, 0.0, 0.4, 0.6, 0.9, 0.05, 0.05,
  0.3, 0.3, 0.4, 0.1, 0.6, 0.3, 0.1, 0.1, 0.8, 0.5, 0.0, 0.5, 0.2, 0.2, 0.6,
];
const nest = (flat: number[]): number[][][][] =>
  [0, 1].map((l) => [0, 1].map((h) => [0, 1, 2].map((i) => flat.slice(l * 18 + h * 9 + i * 3).slice(0, 3))));
const probs = nest(FLAT);
const layerTensors = (flat: number[]) =>
  [0, 1].map((l) => tf.tensor4d(flat.slice(l * 18, l * 18 + 18), [1, 2, 3, 3]));
const eye3 = (): number[][] => [0, 1, 2].map((i) => [0, 1, 2].map((j) => (i === j ? 1 : 0)));
/** a [n, n] times b [n, n] in plain loops. */
const mul = (a: number[][], b: number[][]) =>
  a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)));

describe('attention rollout and class attention', () => {
  /** Plain loops: mean over heads, + I, rows to 1, R = Â_l R layer after layer. */
  function handRollout(p: number[][][][]): number[][] {
    let r = eye3();
    for (const layer of p) {
      const a = eye3().map((row, i) =>
        row.map((v, j) => layer.reduce((s, h) => s + h[i]![j]!, 0) / layer.length + v),
      );
      r = mul(
        a.map((row) => row.map((v) => v / row.reduce((s, x) => s + x, 0))),
        r,
      );
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

  it('class attention: row 0 less column 0, per layer and head; the map: last layer, mean over heads', () => {
    const got = tf.tidy(() => {
      const ca = classAttention(layerTensors(FLAT)); // [2, 2, 2]
      return { shape: ca.shape, all: ca.arraySync(), last: Array.from(lastLayerAttention(ca).dataSync()) };
    });
    expect(got.shape).toEqual([2, 2, 2]);
    expect(got.all).toEqual(probs.map((layer) => layer.map((head) => head[0]!.slice(1).map(Math.fround))));
    expect(maxAbsDiff(got.last, [(0.05 + 0.1) / 2, (0.05 + 0.8) / 2])).toBeLessThan(1e-7);
  });

  it("accepts [1, H, n, n] as a trace holds it; the tiny model's rollout and class attention", () => {
    const { grid: g, visionHeads: heads } = dims(tiny.config);
    const { map, shape, ca } = tf.tidy(() => {
      const { px, ids } = onePair();
      const att = classAttention(similarityGradients(tiny, px, ids).probs); // [layers, H, g*g]
      return {
        map: Array.from(imageRollout(tiny, px).dataSync()),
        shape: att.shape,
        ca: Array.from(att.dataSync()),
      };
    });
    expect(map.length).toBe(g * g);
    expect(map.every((v) => v > 0)).toBe(true);
    expect(map.reduce((s, v) => s + v, 0)).toBeLessThan(1);
    // The class token's attention to the patches is at most 1 (the rest goes to itself).
    expect(shape).toEqual([tiny.config.vision_layers, heads, g * g]);
    for (let row = 0; row < shape[0]! * heads; row++) {
      const sum = ca.slice(row * g * g, (row + 1) * g * g).reduce((s, v) => s + v, 0);
      expect(sum).toBeGreaterThan(0);
      expect(sum).toBeLessThanOrEqual(1 + 1e-5);
    }
    const rank4 = tf.tidy(() => classRollout(layerTensors(FLAT).slice(0, 1)).dataSync().slice());
    const rank3 = tf.tidy(() =>
      classRollout([tf.tensor3d(probs[0]!)])
        .dataSync()
        .slice(),
    );
    expect(Array.from(rank4)).toEqual(Array.from(rank3));
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

describe('relevance for a caption (Chefer et al.)', () => {
  it('matches a plain-loop computation on 2 layers of 2 heads, n = 3', () => {
    const grads = FLAT.map((_, i) => (i % 5) - 2);
    // R = I, then per layer R = R + mean_h(max(∇A ⊙ A, 0)) R; the class token's row without column 0.
    let r = eye3();
    nest(grads).forEach((layer, l) => {
      const cam = eye3().map((row, i) =>
        row.map(
          (_, j) => layer.reduce((s, g, h) => s + Math.max(g[i]![j]! * probs[l]![h]![i]![j]!, 0), 0) / 2,
        ),
      );
      r = r.map((row, i) => row.map((v, j) => v + mul(cam, r)[i]![j]!));
    });
    const got = tf.tidy(() =>
      Array.from(relevanceFromGradients(layerTensors(FLAT), layerTensors(grads)).dataSync()),
    );
    expect(maxAbsDiff(got, r[0]!.slice(1))).toBeLessThan(1e-6);
    expect(got.some((v) => v > 0)).toBe(true);
  });

  function relevance(caption: string): { map: Float32Array; similarity: number } {
    return tf.tidy(() => {
      const { map, similarity } = relevanceForCaption(tiny, onePair().px, texts([caption]));
      return { map: map.dataSync().slice() as Float32Array, similarity };
    });
  }

  it('on the tiny model: g*g non-negative values that depend on the caption, the same on every call', () => {
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
      const { px, ids } = onePair();
      const image = l2Normalize(encodeImage(px, tiny.weights, tiny.config));
      const text = l2Normalize(encodeText(ids, tiny.weights, tiny.config));
      return tf.sum(tf.mul(image, text)).dataSync()[0]!;
    });
    expect(Math.abs(similarity - fwd)).toBeLessThan(1e-6);
  });
});

describe('memory', () => {
  it('stays flat across repeated calls', () => {
    const { px, ids } = onePair();
    const keep = new Float32Array(36).fill(1);
    keep[4] = 0;
    const run = () => {
      const { map } = relevanceForCaption(tiny, px, ids);
      const order = rankPatches(map.dataSync());
      map.dispose();
      imageRollout(tiny, px).dispose();
      const patchKeep = tf.tensor2d(keep, [1, 36]);
      const capture = (key: string) => key.endsWith('.features');
      const g = similarityGradients(tiny, px, ids, { image: { headMask: { 0: [1] }, patchKeep }, capture });
      deletionCurves(tiny, px, g.text, [order, [...order].reverse()], 7, { keep, headMask: { 2: [0] } });
      const ca = classAttention(g.probs);
      tf.dispose([ca, lastLayerAttention(ca), relevanceFromGradients(g.probs, g.grads), patchKeep]);
      tf.dispose([g.similarity, g.text, ...g.probs, ...g.grads]);
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
