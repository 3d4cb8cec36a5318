// Every stage of the tiny reference CLIP against OpenAI's own numbers, on cpu and wasm.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClipModel, disposeModel, forward, loadModel } from '../../src/clip/model';
import { readSafetensors } from '../../src/clip/safetensors';
import { FUSED_ATTENTION, FUSED_LAYER_NORM, FUSED_LINEAR } from '../../src/clip/fused';
import { usedLength, withOpsOnly } from '../../src/clip/speed';
import { encodeText } from '../../src/clip/text-tower';
import type { Trace } from '../../src/clip/trace';
import { param } from '../../src/clip/weights';
import { type NodeBackend, useBackend } from '../../src/node/backend';
import { attentionWidths } from '../helpers/attention-kernels';
import { TINY_A, loadFixtures, maxAbsDiff, splitRows } from '../helpers/reference';

const fx = loadFixtures();
const weightsBytes = new Uint8Array(readFileSync(resolve(TINY_A, 'weights.safetensors')));
const ids = splitRows(fx.get('text.tokens').data as Int32Array, 4);
const images = splitRows(fx.get('image.pixels').data as Float32Array, 3);

const ATTENTION = /attn\.probs$/;
const comparedKeys = Object.keys(fx.index.tensors).filter(
  (k) => !k.startsWith('square.') && k !== 'image.pixels' && k !== 'text.tokens',
);

function stageErrors(trace: Trace): { key: string; err: number; tol: number }[] {
  return comparedKeys.map((key) => {
    const got = trace[key];
    if (!got) return { key, err: Infinity, tol: 0 };
    const want = fx.get(key);
    expect(got.shape, key).toEqual(want.shape);
    return { key, err: maxAbsDiff(got.data, want.data), tol: ATTENTION.test(key) ? 2e-6 : 1e-5 };
  });
}

// cpu is the exact path (the reference's suggested tolerances); wasm must agree within 1e-4. On wasm the
// readable path runs twice: with the speed choices of clip/speed.ts (fused kernels), and with plain ops only,
// so an edit to either that the other lacks fails here.
type Path = 'fused kernels' | 'plain ops';
describe.each<[NodeBackend, Path]>([
  ['cpu', 'plain ops'],
  ['wasm', 'fused kernels'],
  ['wasm', 'plain ops'],
])('tiny-clip-a on the %s backend, %s', (backend, path) => {
  const loose = backend === 'cpu' ? 1e-5 : 1e-4;
  const run = <T>(fn: () => T): T => (path === 'plain ops' ? withOpsOnly(fn) : fn());
  let model: ClipModel;
  let trace: Trace;

  beforeAll(async () => {
    await useBackend(backend);
    model = loadModel(weightsBytes);
    trace = run(() => forward(model, { ids, images }, { capture: true })).trace;
  });
  afterAll(() => disposeModel(model));

  it('runs the fused kernels on its path only', async () => {
    const info = await tf.profile(() => void run(() => forward(model, { ids, images })));
    const names = new Set(info.kernels.map((k) => k.name));
    const fused = [FUSED_ATTENTION, FUSED_LAYER_NORM, FUSED_LINEAR].filter((k) => names.has(k));
    expect(fused).toEqual(path === 'fused kernels' ? [FUSED_ATTENTION, FUSED_LAYER_NORM, FUSED_LINEAR] : []);
    expect(names.has('Softmax')).toBe(path === 'plain ops');
  });

  it('reads the config from the safetensors metadata', () => {
    expect(model.config).toMatchObject(fx.index.config);
  });

  it('records every stage the reference records', () => {
    const missing = comparedKeys.filter((k) => !trace[k]);
    expect(missing).toEqual([]);
  });

  it('matches every stage of the reference', () => {
    const bad = stageErrors(trace).filter(({ err, tol }) => !(err <= (backend === 'cpu' ? tol : 1e-4)));
    expect(bad).toEqual([]);
  });

  it('returns features and logits without capture, equal to the captured run', () => {
    const plain = run(() => forward(model, { ids, images }));
    expect(Object.keys(plain.trace)).toEqual([]);
    expect(maxAbsDiff(plain.logitsPerImage!.data, fx.get('logits_per_image').data)).toBeLessThan(loose);
    expect(plain.logitsPerText!.shape).toEqual([4, 3]);
  });

  it('leaks no tensors, with and without capture', () => {
    const before = tf.memory().numTensors;
    run(() => forward(model, { ids, images }));
    run(() => forward(model, { ids, images }, { capture: true }));
    run(() => forward(model, { ids: ids.slice(0, 1) }, { capture: ['transformer.resblocks.0'] }));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reads every weight back in OpenAI shape, the laid-out ones too', () => {
    const ckpt = readSafetensors(weightsBytes);
    for (const name of ['visual.conv1.weight', 'transformer.resblocks.1.mlp.c_fc.weight', 'visual.proj']) {
      const want = ckpt.tensors.get(name)!;
      const got = tf.tidy(() => {
        const t = param(model.weights, name);
        return { shape: t.shape, data: t.dataSync().slice() };
      });
      expect(got.shape).toEqual(want.shape);
      expect(maxAbsDiff(got.data, want.data)).toBe(0);
    }
  });

  it('captures only what is asked for', () => {
    const t = run(() =>
      forward(model, { ids: ids.slice(0, 2) }, { capture: ['transformer.resblocks.1.attn.probs'] }),
    ).trace;
    expect(Object.keys(t)).toEqual(['transformer.resblocks.1.attn.probs']);
    expect(t['transformer.resblocks.1.attn.probs']!.shape).toEqual([2, 4, 77, 77]);
  });

  it('computes text only up to the latest EOT without a trace, with the features of the whole context', async () => {
    const rows = ids.slice(0, 2);
    const flat = Int32Array.from(rows.flatMap((r) => Array.from(r)));
    const cut = usedLength(flat, 2, 77);
    expect(cut).toBe(Math.max(...rows.map((r) => r.indexOf(49407))) + 1);
    const input = tf.tensor2d(flat, [2, 77], 'int32');
    let features: ArrayLike<number> = [];
    const info = await tf.profile(() => {
      features = run(() =>
        tf.tidy(() => encodeText(input, model.weights, model.config).dataSync() as Float32Array),
      );
    });
    input.dispose();
    const lengths = new Set(info.kernels.flatMap((k) => k.inputShapes.map((shape) => shape?.[1])));
    expect(lengths.has(cut)).toBe(true);
    expect(lengths.has(77)).toBe(true); // the ids themselves, before the cut
    const positions = attentionWidths(info.kernels);
    expect(new Set(positions)).toEqual(new Set([cut]));
    // Recording the tokens (one per position) makes the pass compute the whole context.
    const wholeTrace = run(() =>
      forward(model, { ids: rows }, { capture: ['text.features', 'text.tokens'] }),
    ).trace;
    expect(wholeTrace['text.tokens']!.shape).toEqual([2, 77]);
    expect(maxAbsDiff(features, wholeTrace['text.features']!.data)).toBeLessThan(loose);
  });

  it('runs only what a trace-only pass records, with the values of the full pass', async () => {
    const eot = Math.max(...ids.map((r) => r.indexOf(49407))) + 1;
    // capture → softmax widths run (text layers at `eot` or 77 positions, vision at 17), towers with features
    const cases: [string[], number[], string[]][] = [
      [['text.embeddings', 'visual.ln_pre.out'], [], []],
      [['transformer.resblocks.0.mlp.gelu.out'], [77], []],
      [['visual.transformer.resblocks.1.attn.probs'], [17, 17], []],
      [['text.features'], [eot, eot], ['text']],
      [
        ['text.eot_index', 'visual.ln_post.out'],
        [17, 17, eot, eot],
        ['image', 'text'],
      ],
      [['logits_per_image'], [17, 17, eot, eot], ['image', 'text']],
    ];
    for (const [capture, widths, towers] of cases) {
      let out: ReturnType<typeof forward> = { trace: {} };
      const info = await tf.profile(() => {
        out = run(() => forward(model, { ids, images }, { capture, traceOnly: true }));
      });
      const softmax = attentionWidths(info.kernels);
      expect(softmax, capture.join()).toEqual(widths);
      expect(Object.keys(out.trace).sort(), capture.join()).toEqual([...capture].sort());
      for (const key of capture) {
        expect(out.trace[key]!.shape, key).toEqual(trace[key]!.shape);
        expect(maxAbsDiff(out.trace[key]!.data, trace[key]!.data), key).toBeLessThan(loose);
      }
      expect(Boolean(out.imageFeatures), capture.join()).toBe(towers.includes('image'));
      expect(Boolean(out.textFeatures), capture.join()).toBe(towers.includes('text'));
    }
  });

  it('skips a tower whose features are known, with the same logits', async () => {
    const first = run(() => forward(model, { ids, images }));
    let again: ReturnType<typeof forward> = { trace: {} };
    const info = await tf.profile(() => {
      again = run(() =>
        forward(
          model,
          { ids, images, known: { image: first.imageFeatures! } },
          { capture: ['logits_per_image'], traceOnly: true },
        ),
      );
    });
    const widths = attentionWidths(info.kernels);
    expect(widths).not.toContain(17); // no vision block ran
    expect(widths.length).toBe(model.config.transformer_layers);
    expect(again.trace['logits_per_image']!.data).toEqual(first.logitsPerImage!.data);
  });

  it('gives each text the same features alone as in a batch', () => {
    const alone = run(() => forward(model, { ids: [ids[3]!] })).textFeatures!;
    const batch = fx.get('text.features').data.slice(3 * 32, 4 * 32);
    expect(maxAbsDiff(alone.data, batch)).toBeLessThan(loose);
  });
});

describe('usedLength', () => {
  it('ends at the latest first EOT of the batch, at position 0 for a row of padding', () => {
    const row = (...v: number[]) => [...v, ...new Array<number>(8 - v.length).fill(0)];
    expect(usedLength(Int32Array.from([...row(49406, 320, 49407), ...row(49406, 49407)]), 2, 8)).toBe(3);
    expect(usedLength(Int32Array.from(row(49406, 49407, 49407)), 1, 8)).toBe(2);
    expect(usedLength(new Int32Array(8), 1, 8)).toBe(1);
    expect(usedLength(Int32Array.from(row(49406, 1, 2, 3, 4, 5, 6, 49407)), 1, 8)).toBe(8);
  });
});
