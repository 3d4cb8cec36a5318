// The contrastive loss: its properties, and its value and gradients on the reference square batch.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClipModel, disposeModel, loadModel } from '../../src/clip/model';
import { contrastiveLoss } from '../../src/clip/loss';
import { batchLoss, withOverrides } from '../../src/clip/objective';
import { useBackend } from '../../src/node/backend';
import { TINY_A, loadFixtures, maxAbsDiff } from '../helpers/reference';

const fx = loadFixtures();
const scalar = (name: string): number => fx.get(name).data[0]!;
const GRADS = [
  'logit_scale',
  'visual.proj',
  'text_projection',
  'visual.transformer.resblocks.0.attn.in_proj_weight',
] as const;

describe('contrastive loss properties', () => {
  beforeAll(() => useBackend('cpu'));

  it('equals ln N for uniform logits', () => {
    for (const n of [1, 2, 5, 32]) {
      const loss = tf.tidy(() => contrastiveLoss(tf.fill([n, n], 3.7)).loss.dataSync()[0]!);
      expect(loss).toBeCloseTo(Math.log(n), 5);
    }
  });

  it('is symmetric when the two modalities swap and the matrix is transposed', () => {
    const [a, b] = tf.tidy(() => {
      const m = tf.randomNormal([6, 6], 0, 3, 'float32', 7);
      const l1 = contrastiveLoss(m);
      const l2 = contrastiveLoss(tf.transpose(m));
      return [
        [l1.loss, l1.lossImage, l1.lossText].map((t) => t.dataSync()[0]!),
        [l2.loss, l2.lossText, l2.lossImage].map((t) => t.dataSync()[0]!),
      ];
    });
    expect(maxAbsDiff(a!, b!)).toBeLessThan(1e-6);
  });

  it('tends to 0 when the diagonal dominates', () => {
    const losses = [1, 10, 100].map((s) =>
      tf.tidy(() => contrastiveLoss(tf.mul(tf.eye(4), s)).loss.dataSync()[0]!),
    );
    expect(losses[0]).toBeGreaterThan(losses[1]!);
    expect(losses[2]).toBeLessThan(1e-30);
  });

  it('refuses a non-square matrix with a clear message', () => {
    expect(() => tf.tidy(() => void contrastiveLoss(tf.zeros([2, 3])))).toThrow(
      /square logits matrix, got \[2, 3\]/,
    );
  });
});

// The weights hold matrices that multiply activations as [in, out] (clip/weights.ts): the gradient with
// respect to such a matrix is the transpose of the reference's gradient for torch's [out, in] weight.
const storedKey = (w: Map<string, tf.Tensor>, name: string): string => (w.has(name) ? name : `${name}:T`);

describe.each(['cpu', 'wasm'] as const)(
  'loss and gradients on the reference square batch (%s)',
  (backend) => {
    const tol = backend === 'cpu' ? 1e-5 : 1e-4;
    let model: ClipModel;
    const ids = () => tf.tensor2d(fx.get('text.tokens').data.slice(0, 3 * 77), [3, 77], 'int32');
    const pixels = () => tf.tensor4d(fx.get('image.pixels').data as Float32Array, [3, 3, 32, 32]);

    beforeAll(async () => {
      await useBackend(backend);
      model = loadModel(new Uint8Array(readFileSync(resolve(TINY_A, 'weights.safetensors'))));
    });
    afterAll(() => disposeModel(model));

    it('gives the reference logits and the three loss terms', () => {
      const got = tf.tidy(() => {
        const r = batchLoss(model.weights, model.config, ids(), pixels());
        return {
          logits: r.logitsPerImage.dataSync().slice(),
          terms: [r.lossImage, r.lossText, r.loss].map((t) => t.dataSync()[0]!),
        };
      });
      expect(maxAbsDiff(got.logits, fx.get('square.logits_per_image').data)).toBeLessThan(tol);
      const want = [scalar('square.loss_image'), scalar('square.loss_text'), scalar('square.loss')];
      expect(maxAbsDiff(got.terms, want)).toBeLessThan(tol);
    });

    it('gives the reference gradients (tf.grads), transposed where the weights are laid out', () => {
      const before = tf.memory().numTensors;
      const keys = GRADS.map((name) => storedKey(model.weights, name));
      expect(keys.filter((k) => k.endsWith(':T'))).toEqual([`${GRADS[3]}:T`]);
      const grads = tf.tidy(() => {
        const f = (...ts: tf.Tensor[]): tf.Scalar => {
          const w = withOverrides(model.weights, Object.fromEntries(keys.map((k, i) => [k, ts[i]!])));
          return batchLoss(w, model.config, ids(), pixels()).loss as tf.Scalar;
        };
        return tf
          .grads(f)(keys.map((k) => model.weights.get(k)!))
          .map((g, i) => (keys[i]!.endsWith(':T') ? tf.transpose(g) : g).dataSync().slice());
      });
      GRADS.forEach((name, i) => {
        const want = fx.get(`square.grad.${name}`);
        expect(maxAbsDiff(grads[i]!, want.data), name).toBeLessThan(tol);
      });
      expect(tf.memory().numTensors).toBe(before);
    });
  },
);
