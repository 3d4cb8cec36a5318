// Deletion curves (src/clip/relevance.ts): the counts 0, step, 2·step, … and the total; curves that start at
// the similarity and end at the same value whatever the order, that share their first point, start from
// patches already deleted or a head switched off, and refuse an order that is not a permutation.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dims } from '../../src/clip/config';
import { type ClipModel, disposeModel } from '../../src/clip/model';
import {
  deletionCounts,
  deletionCurves,
  rankPatches,
  relevanceFromGradients,
  similarityGradients,
} from '../../src/clip/relevance';
import { useBackend } from '../../src/node/backend';
import { loadNamedModel } from '../../src/node/models';
import { loadTokenizer } from '../../src/node/vocab';
import { encodeImages, encodeTexts } from '../../src/train/world-data';
import { makeBatch } from '../../src/world';
import { maxAbsDiff } from '../helpers/reference';

let tiny: ClipModel; // the project's trained tiny model: vision 4 heads, 6 x 6 patches
let texts: (captions: string[]) => tf.Tensor; // [1, L] int32
let worldPixels: Float32Array; // [3, 48, 48]

beforeAll(async () => {
  await useBackend('cpu');
  tiny = loadNamedModel('tiny');
  const tokenizer = await loadTokenizer();
  texts = (captions) => {
    const { ids, length } = encodeTexts(tokenizer, captions, tiny.config);
    return tf.tensor2d(ids, [captions.length, length], 'int32');
  };
  worldPixels = encodeImages(makeBatch(11, 1, { size: 48 }).images, 48);
});
const onePair = () => ({ px: tf.tensor4d(worldPixels, [1, 3, 48, 48]), ids: texts(['a red circle']) });
afterAll(() => disposeModel(tiny));

describe('deletion curves', () => {
  it('count 0, step, 2·step, ... and the total last; refuse a step that is not a positive integer', () => {
    expect(deletionCounts(36, 5)).toEqual([0, 5, 10, 15, 20, 25, 30, 35, 36]);
    expect(deletionCounts(36, 3)).toEqual([...Array.from({ length: 12 }, (_, k) => 3 * k), 36]);
    expect(deletionCounts(36, 36)).toEqual([0, 36]);
    expect(deletionCounts(36, 100)).toEqual([0, 36]);
    for (const bad of [0, -1, 1.5, NaN]) expect(() => deletionCounts(36, bad)).toThrow(RangeError);
    expect(() => deletionCounts(36, 0)).toThrow(/step must be a positive integer, got 0/);
  });

  it('start at the unmasked similarity and end at the same value whatever the order', () => {
    const total = dims(tiny.config).grid ** 2;
    const { curve, counts, reversed, coarse, oneByOne, both, start } = tf.tidy(() => {
      const { px, ids } = onePair();
      const g = similarityGradients(tiny, px, ids);
      const order = rankPatches(relevanceFromGradients(g.probs, g.grads).dataSync());
      const run = (orders: number[][], step: number, batch?: number) =>
        deletionCurves(tiny, px, g.text, orders, step, { batch });
      const five = run([order], 5);
      return {
        start: g.similarity.dataSync()[0]!,
        curve: five.curves[0]!,
        counts: five.counts,
        reversed: run([[...order].reverse()], 5).curves[0]!,
        coarse: run([order], total).curves[0]!,
        oneByOne: run([order], 5, 1).curves[0]!,
        both: run([order, [...order].reverse()], 5),
      };
    });
    expect(counts).toEqual(deletionCounts(total, 5));
    expect(curve.length).toBe(Math.ceil(total / 5) + 1);
    expect(Math.abs(curve[0]! - start)).toBeLessThan(1e-6);
    expect(Math.abs(curve.at(-1)! - reversed.at(-1)!)).toBeLessThan(1e-6);
    expect(coarse.length).toBe(2);
    expect(Math.abs(coarse[1]! - curve.at(-1)!)).toBeLessThan(1e-6);
    expect(maxAbsDiff(oneByOne, curve)).toBeLessThan(1e-6);
    expect(maxAbsDiff(curve, reversed)).toBeGreaterThan(1e-4);
    // Several orders share the first point, each with its own curve.
    expect(both.curves[1]![0]).toBe(both.curves[0]![0]);
    expect(maxAbsDiff(both.curves[0]!, curve)).toBeLessThan(1e-6);
    expect(maxAbsDiff(both.curves[1]!, reversed)).toBeLessThan(1e-6);
    // Deleting the most relevant patches first costs more similarity than deleting the least relevant first.
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(curve)).toBeLessThan(mean(reversed) - 0.1);
  });

  it('from patches deleted, a head off: start at that similarity, end where deleting all does', () => {
    const total = dims(tiny.config).grid ** 2;
    const headMask = { 1: [2] };
    const got = tf.tidy(() => {
      const { px, ids } = onePair();
      const plain = similarityGradients(tiny, px, ids);
      const order = rankPatches(relevanceFromGradients(plain.probs, plain.grads).dataSync());
      const keep = new Float32Array(total).fill(1);
      order.slice(0, 6).forEach((p) => (keep[p] = 0));
      const image = { headMask, patchKeep: tf.tensor2d(keep, [1, total]) };
      return {
        plain: plain.similarity.dataSync()[0]!,
        masked: similarityGradients(tiny, px, ids, { image }).similarity.dataSync()[0]!,
        fromKeep: deletionCurves(tiny, px, plain.text, [order], 5, { keep, headMask }).curves[0]!,
        headOff: deletionCurves(tiny, px, plain.text, [order], 5, { headMask }).curves[0]!,
      };
    });
    expect(Math.abs(got.masked - got.plain)).toBeGreaterThan(1e-3);
    expect(Math.abs(got.fromKeep[0]! - got.masked)).toBeLessThan(1e-5);
    expect(Math.abs(got.fromKeep.at(-1)! - got.headOff.at(-1)!)).toBeLessThan(1e-5);
  });

  it('refuse an order that is not a permutation of the patches, and more than one image', () => {
    const { px, ids } = onePair();
    const two = tf.tile(px, [2, 1, 1, 1]);
    const text = tf.zeros([1, tiny.config.embed_dim]);
    const all = [...Array(36).keys()];
    expect(() => deletionCurves(tiny, px, text, [all, [0, 1, 2]], 1)).toThrow(
      /each of the 36 patch indices once/,
    );
    expect(() => deletionCurves(tiny, two, text, [all], 1)).toThrow(/expected one image/);
    tf.dispose([px, ids, two, text]);
  });
});
