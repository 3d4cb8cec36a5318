// The training lab's loop (src/train/training-lab.ts), the module its worker runs, here in Node on the wasm backend:
// from a fixed seed the loss falls and its first values repeat exactly, a paused and resumed run (with the
// views and probes the worker computes at a pause) gives the losses of an uninterrupted one, the locked
// image tower of the 'lit' preset stays the shipped tiny model's, and no tensor outlives dispose().
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { disposeModel } from '../../src/clip/model';
import type { ClipTokenizer } from '../../src/clip/tokenizer';
import { useBackend } from '../../src/node/backend';
import { loadNamedModel } from '../../src/node/models';
import { loadTokenizer } from '../../src/node/vocab';
import { pca2 } from '../../site/components/labs/training-pca';
import { PAGE_DEFAULTS } from '../../site/components/labs/training-settings';
import {
  DEFAULT_LAB_SETTINGS,
  LabRun,
  type LabSettings,
  visionWeightsOf,
} from '../../src/train/training-lab';
import { PROBE_IMAGES, VIEW_PAIRS } from '../../src/train/training-lab-sizes';

let tokenizer: ClipTokenizer;

beforeAll(async () => {
  await useBackend('wasm');
  tokenizer = await loadTokenizer();
});

const SETTINGS: LabSettings = { ...DEFAULT_LAB_SETTINGS, seed: 5 };

function losses(run: LabRun, n: number): number[] {
  return Array.from({ length: n }, () => run.trainStep().loss);
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('a lab run from a fixed seed', () => {
  it('lowers the loss, repeats its first losses exactly, and learns colour before shape', () => {
    const start = tf.memory().numTensors;
    const run = new LabRun(tokenizer, SETTINGS);
    const before = run.probe();
    const curve = losses(run, 60);
    const after = run.probe();
    run.dispose();
    // Chance level of the symmetric loss is ln(32) = 3.47; an untrained model starts near it.
    expect(curve[0]).toBeGreaterThan(3);
    expect(curve[0]).toBeLessThan(5);
    expect(mean(curve.slice(-10))).toBeLessThan(mean(curve.slice(0, 10)) - 0.5);
    expect(after.colourAccuracy).toBeGreaterThan(before.colourAccuracy + 0.2);
    expect(after.colourAccuracy).toBeGreaterThan(after.shapeAccuracy);
    const again = new LabRun(tokenizer, SETTINGS);
    expect(losses(again, 3)).toEqual(curve.slice(0, 3));
    again.dispose();
    const other = new LabRun(tokenizer, { ...SETTINGS, seed: 6 });
    expect(losses(other, 1)[0]).not.toBe(curve[0]);
    other.dispose();
    expect(tf.memory().numTensors).toBe(start);
    console.log(`lab xs first losses (seed 5): ${curve.slice(0, 3).join(', ')}`);
  });

  it('gives the same losses paused and resumed (views and probes between) as uninterrupted', () => {
    const straight = new LabRun(tokenizer, { ...SETTINGS, batchSize: 16 });
    const expected = losses(straight, 8);
    straight.dispose();
    const paused = new LabRun(tokenizer, { ...SETTINGS, batchSize: 16 });
    const first = losses(paused, 3);
    const view = paused.view()!;
    paused.probe();
    const rest = losses(paused, 5);
    paused.dispose();
    expect([...first, ...rest]).toEqual(expected);
    expect(view.n).toBe(VIEW_PAIRS);
    expect(view.logits.length).toBe(VIEW_PAIRS * VIEW_PAIRS);
    expect(view.step).toBe(3);
  });

  it('keeps tf.memory() flat from step to step and frees everything on dispose', () => {
    const start = tf.memory().numTensors;
    const run = new LabRun(tokenizer, { ...SETTINGS, batchSize: 8, learnedTemperature: false });
    run.trainStep();
    const during = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      run.trainStep();
      run.view();
      const p = run.probe();
      expect(p.imageFeatures.length).toBe(PROBE_IMAGES * p.dim);
    }
    expect(tf.memory().numTensors).toBe(during);
    run.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('keeps the temperature fixed when asked', () => {
    const run = new LabRun(tokenizer, { ...SETTINGS, batchSize: 8, learnedTemperature: false });
    const scales = Array.from({ length: 3 }, () => run.trainStep().logitScale);
    run.dispose();
    expect(scales.every((s) => Math.abs(s - 1 / 0.07) < 1e-3)).toBe(true);
  });
});

describe("the 'lit' preset", () => {
  it('starts from the shipped tiny image tower and keeps it locked', () => {
    const tiny = loadNamedModel('tiny');
    const vision = visionWeightsOf(tiny.weights, tiny.config);
    disposeModel(tiny);
    const start = tf.memory().numTensors;
    const run = new LabRun(tokenizer, { ...SETTINGS, preset: 'lit', batchSize: 16 }, vision);
    expect(run.config.image_resolution).toBe(48);
    const curve = losses(run, 2);
    expect(curve.every(Number.isFinite)).toBe(true);
    const trained = run.exportWeights();
    for (const name of ['visual.conv1.weight', 'visual.transformer.resblocks.2.mlp.c_fc.weight']) {
      expect(trained.get(name)!.data).toEqual(vision.get(name)!.data); // locked
    }
    expect(trained.get('visual.proj')!.data).not.toEqual(vision.get('visual.proj')!.data); // trained
    const p = run.probe();
    expect(p.dim).toBe(run.config.embed_dim);
    run.dispose();
    expect(tf.memory().numTensors).toBe(start);
    expect(() => new LabRun(tokenizer, { ...SETTINGS, preset: 'lit' })).toThrow(/image tower/);
  });
});

describe("the lab's page side", () => {
  it('starts from the same settings as the Node loop', () => {
    expect(PAGE_DEFAULTS).toEqual(DEFAULT_LAB_SETTINGS);
  });

  it('projects points on a tilted plane onto their two principal axes', () => {
    // 40 points in 3-D: large spread along (1, 1, 0)/√2, smaller along (0, 0, 1), none elsewhere.
    const rows: number[] = [];
    for (let i = 0; i < 40; i++) {
      const a = (i % 10) - 4.5;
      const b = 0.3 * (Math.floor(i / 10) - 1.5);
      rows.push(a / Math.SQRT2 + 2, a / Math.SQRT2 - 1, b + 5);
    }
    const { points, explained } = pca2(rows, 40, 3);
    expect(explained[0] + explained[1]).toBeCloseTo(1, 6);
    expect(explained[0]).toBeGreaterThan(explained[1]);
    for (let i = 0; i < 40; i++) {
      expect(Math.abs(points[i * 2]!)).toBeCloseTo(Math.abs((i % 10) - 4.5), 5);
      expect(Math.abs(points[i * 2 + 1]!)).toBeCloseTo(Math.abs(0.3 * (Math.floor(i / 10) - 1.5)), 5);
    }
  });
});
