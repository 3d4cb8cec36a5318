// Attention hooks (src/clip/attention.ts): a head switched off gives zero context columns and leaves the other
// heads as they were, on OpenAI's tiny reference CLIP and on the project's tiny model; a mask of nothing
// changes nothing, bit for bit; a head the layer does not have is refused.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dims } from '../../src/clip/config';
import { type ClipModel, disposeModel, forward, loadModel } from '../../src/clip/model';
import { useBackend } from '../../src/node/backend';
import { loadNamedModel } from '../../src/node/models';
import { encodeImages } from '../../src/train/world-data';
import { makeBatch } from '../../src/world';
import { TINY_A, loadFixtures, maxAbsDiff, splitRows } from '../helpers/reference';

const fx = loadFixtures();
const idsA = splitRows(fx.get('text.tokens').data as Int32Array, 4);
const imagesA = splitRows(fx.get('image.pixels').data as Float32Array, 3);

let modelA: ClipModel; // tiny-clip-a: text 4 heads of 8, vision 1 head, 4 x 4 patches
let tiny: ClipModel; // the project's trained tiny model: vision 4 heads, 6 x 6 patches
let worldPixels: Float32Array; // [3, 48, 48]

beforeAll(async () => {
  await useBackend('cpu');
  modelA = loadModel(new Uint8Array(readFileSync(resolve(TINY_A, 'weights.safetensors'))));
  tiny = loadNamedModel('tiny');
  worldPixels = encodeImages(makeBatch(11, 1, { size: 48 }).images, 48);
});
afterAll(() => {
  disposeModel(modelA);
  disposeModel(tiny);
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
