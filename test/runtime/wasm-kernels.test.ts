// The fused kernels for wasm (attention, LayerNorm) against the same computation op by op on the cpu
// backend, and when the model takes them: attention also while recording q, k, v or the probabilities
// (which then equal the op-by-op ones), never with hooks, and neither under a gradient tape.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { causalBias, contextByOps } from '../../src/clip/attention';
import { FUSED_ATTENTION, FUSED_LAYER_NORM } from '../../src/clip/fused';
import { withOpsOnly } from '../../src/clip/speed';
import { layerNorm } from '../../src/clip/layers';
import { type ClipModel, disposeModel, forward, loadModel } from '../../src/clip/model';
import { encodeText } from '../../src/clip/text-tower';
import { Recorder } from '../../src/clip/trace';
import { useBackend } from '../../src/node/backend';
import { TINY_A, loadFixtures, maxAbsDiff, splitRows } from '../helpers/reference';

// [batch, positions, heads, head width, causal]
const cases: [number, number, number, number, boolean][] = [
  [1, 50, 12, 64, false], // ViT-B/32's image tower
  [2, 77, 8, 64, true], // its text tower, two texts
  [3, 5, 3, 5, true], // head width not a multiple of 4
  [2, 9, 4, 6, false], // 4 + 2 columns, positions not a multiple of 4
  [1, 1, 1, 1, true],
  [1, 6, 2, 20, true], // 16 + 4 columns
];

function packed(batch: number, n: number, width: number): Float32Array {
  const data = new Float32Array(batch * n * 3 * width);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 0.7311) * 2.5 + Math.cos(i * 0.137);
  return data;
}

async function contextOn(
  backend: 'cpu' | 'wasm',
  [batch, n, heads, hd, causal]: (typeof cases)[number],
): Promise<Float32Array> {
  await useBackend(backend);
  const width = heads * hd;
  return tf.tidy(() => {
    const qkv = tf.tensor3d(packed(batch, n, width), [batch, n, 3 * width]); // [N, n, 3D]
    const ctx =
      backend === 'wasm'
        ? (tf.engine().runKernel(FUSED_ATTENTION, { qkv }, { heads, causal }) as tf.Tensor)
        : contextByOps(qkv, heads, causal ? causalBias(n) : null, 'attn', new Recorder(false), {});
    expect(ctx.shape).toEqual([batch, n, width]);
    return ctx.dataSync() as Float32Array;
  });
}

describe('fused attention on wasm', () => {
  it.each(cases)(
    'equals attention op by op: batch %i, %i positions, %i heads of %i, causal %s',
    async (...c) => {
      const want = await contextOn('cpu', c);
      const got = await contextOn('wasm', c);
      // TF.js's own wasm ops differ from cpu by 4.2e-6 on the first two cases (values up to 3.5).
      expect(maxAbsDiff(got, want)).toBeLessThan(1e-5);
    },
  );

  it.each(cases)(
    'gives the probabilities of attention op by op: batch %i, %i positions, %i heads of %i, causal %s',
    async (...c) => {
      const [batch, n, heads, hd, causal] = c;
      const width = heads * hd;
      const probsOn = async (backend: 'cpu' | 'wasm') => {
        await useBackend(backend);
        const rec = new Recorder(['attn.probs']);
        const ctx = tf.tidy(() => {
          const qkv = tf.tensor3d(packed(batch, n, width), [batch, n, 3 * width]); // [N, n, 3D]
          if (backend === 'cpu')
            return contextByOps(qkv, heads, causal ? causalBias(n) : null, 'attn', rec, {}).dataSync();
          const attrs = { heads, causal, probs: true };
          const [context, probs] = tf.engine().runKernel(FUSED_ATTENTION, { qkv }, attrs) as tf.Tensor[];
          expect(probs!.shape).toEqual([batch, heads, n, n]);
          rec.keep('attn.probs', probs!);
          return context!.dataSync();
        });
        return { ctx, probs: rec.trace['attn.probs']!.data };
      };
      const want = await probsOn('cpu');
      const got = await probsOn('wasm');
      // Scores of 64-wide heads round differently in the two orders of summation: 2.6e-6 and 3.1e-6 measured.
      expect(maxAbsDiff(got.probs, want.probs)).toBeLessThan(1e-5);
      expect(maxAbsDiff(got.ctx, want.ctx)).toBeLessThan(1e-5);
      if (causal) for (let i = 0; i + 1 < n; i++) expect(got.probs[i * n + i + 1]).toBe(0);
    },
  );

  it('leaks no tensors', async () => {
    await contextOn('wasm', cases[1]!);
    const before = tf.memory().numTensors;
    for (const c of cases) await contextOn('wasm', c);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is registered for wasm only', async () => {
    await useBackend('wasm');
    for (const name of [FUSED_ATTENTION, FUSED_LAYER_NORM]) {
      expect(tf.getKernel(name, 'wasm'), name).toBeDefined();
      expect(tf.getKernel(name, 'cpu'), name).toBeUndefined();
    }
  });
});

describe('fused LayerNorm on wasm', () => {
  // [shape, offset of the values, their amplitude]
  const shapes: [number[], number, number][] = [
    [[1, 50, 768], 0, 3], // ViT-B/32's width
    [[2, 5, 7], 0, 3], // a width that is not a multiple of 4
    [[3, 4], 100, 3], // a large mean
    [[4, 16], 0, 0.003], // a variance near epsilon, which then matters
    [[2, 1], 0, 3], // a single feature: every output is beta
  ];

  async function normOn(
    backend: 'cpu' | 'wasm',
    [shape, offset, amplitude]: (typeof shapes)[number],
  ): Promise<Float32Array> {
    await useBackend(backend);
    const d = shape.at(-1)!;
    const size = shape.reduce((a, b) => a * b, 1);
    return tf.tidy(() => {
      const x = tf.tensor(
        Float32Array.from({ length: size }, (_, i) => offset + Math.sin(i * 1.37) * amplitude),
        shape,
      );
      const w = new Map([
        ['ln.weight', tf.tensor1d(Float32Array.from({ length: d }, (_, i) => 1 + Math.cos(i) / 2))],
        ['ln.bias', tf.tensor1d(Float32Array.from({ length: d }, (_, i) => Math.sin(i * 0.3)))],
      ]);
      const y = layerNorm(x, w, 'ln');
      expect(y.shape).toEqual(shape);
      return y.dataSync() as Float32Array;
    });
  }

  it.each(shapes)('equals LayerNorm op by op on cpu: %j, values %i ± %d', async (...c) => {
    const want = await normOn('cpu', c);
    const info = await tf.profile(async () => void (await normOn('wasm', c)));
    expect(info.kernels.map((k) => k.name)).toContain(FUSED_LAYER_NORM);
    const got = await normOn('wasm', c);
    expect(maxAbsDiff(got, want)).toBeLessThan(c[1] ? 2e-5 : 5e-6);
  });
});

describe('when the tiny reference CLIP takes the fused kernel on wasm', () => {
  const fx = loadFixtures();
  const ids = splitRows(fx.get('text.tokens').data as Int32Array, 4);
  const images = splitRows(fx.get('image.pixels').data as Float32Array, 3);
  let model: ClipModel;

  beforeAll(async () => {
    await useBackend('wasm');
    model = loadModel(new Uint8Array(readFileSync(resolve(TINY_A, 'weights.safetensors'))));
  });
  afterAll(() => disposeModel(model));

  /** Per attention layer in the order run: 'fused' or 'ops'. */
  async function paths(run: () => void): Promise<string[]> {
    const info = await tf.profile(run);
    return info.kernels.flatMap((k) =>
      k.name === FUSED_ATTENTION ? ['fused'] : k.name === 'Softmax' ? ['ops'] : [],
    );
  }

  it('fuses every layer of a plain pass, with the reference logits', async () => {
    let logits: ArrayLike<number> = [];
    const run = await paths(() => void (logits = forward(model, { ids, images }).logitsPerImage!.data));
    const layers = model.config.vision_layers + model.config.transformer_layers;
    expect(run).toEqual(Array<string>(layers).fill('fused'));
    expect(maxAbsDiff(logits, fx.get('logits_per_image').data)).toBeLessThan(1e-4);
    const info = await tf.profile(() => void forward(model, { ids, images }));
    const names = info.kernels.map((k) => k.name);
    // Two per block, and ln_pre, ln_post and ln_final.
    expect(names.filter((k) => k === FUSED_LAYER_NORM).length).toBe(2 * layers + 3);
    expect(names).not.toContain('Mean');
    // QuickGELU is applied by the linear kernel as it writes c_fc's output.
    expect(names).not.toContain('Sigmoid');
  });

  it("runs the MLP's activation op by op only where c_fc's output is recorded, with the same values", async () => {
    const capture = ['transformer.resblocks.1.mlp', 'visual.transformer.resblocks.0.mlp.gelu.out'];
    let fused: Recorder['trace'] = {};
    const info = await tf.profile(() => void (fused = forward(model, { ids, images }, { capture }).trace));
    expect(info.kernels.filter((k) => k.name === 'Sigmoid').length).toBe(1);
    const ops = withOpsOnly(() => forward(model, { ids, images }, { capture }).trace);
    for (const key of [...capture.slice(1), 'transformer.resblocks.1.mlp.gelu.out']) {
      expect(fused[key]!.shape, key).toEqual(ops[key]!.shape);
      expect(maxAbsDiff(fused[key]!.data, ops[key]!.data), key).toBeLessThan(1e-5);
    }
  });

  it('records q, k, v and the probabilities from the fused pass, equal to the pass op by op', async () => {
    for (const stage of ['q', 'k', 'v', 'probs']) {
      const capture = [
        `transformer.resblocks.1.attn.${stage}`,
        `visual.transformer.resblocks.0.attn.${stage}`,
      ];
      let fused: Recorder['trace'] = {};
      const run = await paths(() => void (fused = forward(model, { ids, images }, { capture }).trace));
      expect(run, stage).toEqual(Array<string>(run.length).fill('fused'));
      const ops = withOpsOnly(() => forward(model, { ids, images }, { capture }).trace);
      for (const key of capture) {
        expect(fused[key]!.shape, key).toEqual(ops[key]!.shape);
        expect(maxAbsDiff(fused[key]!.data, ops[key]!.data), key).toBeLessThan(1e-5);
      }
    }
  });

  it('runs op by op under hooks, under a gradient tape and when told to', async () => {
    const masked = await paths(
      () => void forward(model, { ids }, { hooks: { text: { headMask: { 0: [1] } } } }),
    );
    expect(masked).toEqual(['ops', 'fused']);
    const input = tf.tensor2d(ids[0]!, [1, ids[0]!.length], 'int32');
    const weight = model.weights.get('text_projection')!;
    const grad = tf.grad((p: tf.Tensor) =>
      tf.sum(encodeText(input, new Map([...model.weights, ['text_projection', p]]), model.config)),
    );
    const info = await tf.profile(() => void tf.tidy(() => grad(weight).dataSync()));
    input.dispose();
    const names = info.kernels.map((k) => k.name);
    expect(names.filter((k) => k === 'Softmax').length).toBe(model.config.transformer_layers);
    expect(names).not.toContain(FUSED_ATTENTION);
    expect(names).not.toContain(FUSED_LAYER_NORM);
    const forced = await tf.profile(() => void withOpsOnly(() => forward(model, { ids, images })));
    expect(forced.kernels.map((k) => k.name).filter((k) => k.startsWith('Clip'))).toEqual([]);
  });
});
