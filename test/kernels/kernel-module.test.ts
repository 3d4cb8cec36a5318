// The fused linear kernel for wasm (src/kernels/matmul.ts) against matMul plus bias on the cpu backend, in
// both builds (relaxed SIMD's fused multiply-add and the plain one); each weight packed once and freed
// after TF.js disposes it; the arena; and which products of the tiny reference CLIP take it. The same
// kernels on helper threads: kernel-threads.test.ts.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUSED_LINEAR } from '../../src/clip/fused';
import { withOpsOnly } from '../../src/clip/speed';
import { gelu, quickGelu } from '../../src/clip/activations';
import { type ClipModel, disposeModel, forward, loadModel } from '../../src/clip/model';
import { encodeText } from '../../src/clip/text-tower';
import { useBackend } from '../../src/node/backend';
import { kernelModule } from '../../src/kernels/host/wasm-kernels';
import { Arena } from '../../src/kernels/host/arena';
import { KernelModule } from '../../src/kernels/host/kernel-module';
import { TINY_A, loadFixtures, maxAbsDiff, splitRows } from '../helpers/reference';
import { reference, tolerance, values } from './linear-reference';

// [m, k, n]
const shapes: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 13], // fewer columns than one panel of 16
  [2, 33, 17], // a panel and one column
  [5, 9, 35], // odd rows: the last block has one
  [7, 512, 64], // the tiny model's and a caption's sizes
  [50, 96, 200],
];

describe('fused linear kernel', () => {
  it.each([true, false])('equals matMul plus bias on cpu (fused multiply-add: %s)', async (fma) => {
    const kernel = new KernelModule({ fma });
    if (fma && !kernel.fma) throw new Error('this Node has no relaxed SIMD; the FMA build cannot be tested');
    expect(kernel.fma).toBe(fma);
    for (const [m, k, n] of shapes) {
      const a = values(m * k, 1);
      const w = values(k * n, 2);
      for (const bias of [values(n, 3), null]) {
        const want = await reference(a, w, bias, m, k, n);
        const got = new Float32Array(m * n).fill(Number.NaN);
        const key = {};
        kernel.linear(
          a,
          m,
          key,
          () => w,
          k,
          n,
          bias,
          got,
          () => true,
        );
        expect(maxAbsDiff(got, want), `${m}x${k}x${n}, bias ${bias !== null}`).toBeLessThan(tolerance(k));
      }
    }
  });

  it('packs a weight once, and frees it after TF.js has disposed it', () => {
    const kernel = new KernelModule();
    const [m, k, n] = [4, 64, 48];
    const a = values(m * k, 1);
    const out = new Float32Array(m * n);
    let packs = 0;
    const weight = (seed: number) => () => (packs++, values(k * n, seed));
    const first = {};
    kernel.linear(a, m, first, weight(2), k, n, null, out, () => true);
    const held = kernel.bytesUsed;
    kernel.linear(a, m, first, weight(2), k, n, null, out, () => true);
    expect(packs).toBe(1);
    expect(kernel.bytesUsed).toBe(held);
    const disposed = new Set<object>();
    for (let i = 0; i < 20; i++) {
      const key = {};
      kernel.linear(a, m, key, weight(i), k, n, null, out, (id) => !disposed.has(id));
      disposed.add(key);
    }
    expect(packs).toBe(21);
    expect(kernel.weightsHeld).toBe(2); // the first weight, still alive, and the last one
    expect(kernel.bytesUsed).toBe(held + k * n * 4);
  });
});

describe('the linear kernel with an activation', () => {
  it.each([
    ['quick_gelu', true],
    ['gelu', true],
    ['quick_gelu', false],
    ['gelu', false],
  ] as const)('applies %s as it writes, as the ops do (fused multiply-add: %s)', async (act, fma) => {
    const kernel = new KernelModule({ fma });
    for (const [m, k, n] of shapes) {
      const a = values(m * k, 4);
      const w = values(k * n, 5);
      const bias = values(n, 6);
      const product = await reference(a, w, bias, m, k, n);
      const want = tf.tidy(() => {
        const y = tf.tensor1d(product);
        return (act === 'gelu' ? gelu(y) : quickGelu(y)).dataSync();
      });
      const got = new Float32Array(m * n);
      kernel.linear(
        a,
        m,
        {},
        () => w,
        k,
        n,
        bias,
        got,
        () => true,
        act,
      );
      // The activation's slope is at most 1.13: the product's tolerance, plus float32 rounding of e^x.
      expect(maxAbsDiff(got, want), `${m}x${k}x${n}`).toBeLessThan(1.2 * tolerance(k) + 1e-6);
    }
  });
});

describe('arena', () => {
  it('reuses and merges freed blocks, and gives the top back', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const arena = new Arena(memory, 8);
    const a = arena.alloc(100);
    const b = arena.alloc(30);
    const c = arena.alloc(70000); // past the first page: the memory grows
    expect([a, b, c]).toEqual([16, 128, 160]);
    expect(memory.buffer.byteLength).toBe(2 * 65536);
    arena.release(a, 100);
    expect(arena.alloc(20)).toBe(16); // first fit, split
    arena.release(16, 20);
    arena.release(b, 30);
    expect(arena.alloc(140)).toBe(16); // the two freed neighbours merged
    arena.release(16, 140);
    arena.release(c, 70000);
    expect(arena.used).toBe(0);
    expect(arena.alloc(4)).toBe(16);
  });
});

describe('when the tiny reference CLIP takes the fused linear kernel on wasm', () => {
  const fx = loadFixtures();
  const ids = splitRows(fx.get('text.tokens').data as Int32Array, 4);
  const images = splitRows(fx.get('image.pixels').data as Float32Array, 3);
  let model: ClipModel;

  beforeAll(async () => {
    await useBackend('wasm');
    model = loadModel(new Uint8Array(readFileSync(resolve(TINY_A, 'weights.safetensors'))));
  });
  afterAll(() => disposeModel(model));

  const linearCalls = async (run: () => void) =>
    (await tf.profile(run)).kernels.filter((k) => k.name === FUSED_LINEAR).length;

  it('runs every linear layer and the patch embedding, with the reference logits and no leaks', async () => {
    const layers = model.config.vision_layers + model.config.transformer_layers;
    let logits: ArrayLike<number> = [];
    const calls = await linearCalls(
      () => void (logits = forward(model, { ids, images }).logitsPerImage!.data),
    );
    expect(calls).toBe(4 * layers + 1);
    expect(maxAbsDiff(logits, fx.get('logits_per_image').data)).toBeLessThan(1e-4);
    const held = kernelModule().weightsHeld;
    const tensors = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) forward(model, { ids, images });
    expect(kernelModule().weightsHeld).toBe(held);
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('is not taken under a gradient tape or when ops are forced', async () => {
    const input = tf.tensor2d(ids[0]!, [1, ids[0]!.length], 'int32');
    const weight = model.weights.get('text_projection')!;
    const grad = tf.grad((p: tf.Tensor) =>
      tf.sum(encodeText(input, new Map([...model.weights, ['text_projection', p]]), model.config)),
    );
    expect(await linearCalls(() => void tf.tidy(() => grad(weight).dataSync()))).toBe(0);
    input.dispose();
    expect(await linearCalls(() => void withOpsOnly(() => forward(model, { ids, images })))).toBe(0);
  });
});
