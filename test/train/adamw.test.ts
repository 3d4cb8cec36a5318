// AdamW against the update written out by hand, and its weight-decay exclusions.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { AdamW } from '../../src/train/adamw';
import { useBackend } from '../../src/node/backend';

describe('AdamW', () => {
  beforeAll(() => useBackend('cpu'));

  it('matches two steps computed by hand', () => {
    const p = tf.variable(tf.tensor1d([1, -2]), true, 'adamw-test/visual.proj');
    const opt = new AdamW(new Map([['visual.proj', p]]), {
      beta1: 0.9,
      beta2: 0.99,
      epsilon: 1e-8,
      weightDecay: 0.5,
    });
    const grads = [
      [0.5, -1],
      [0.1, 0.3],
    ];
    const want = [1, -2];
    const m = [0, 0];
    const v = [0, 0];
    const lr = 0.1;
    grads.forEach((g, t) => {
      const gt = tf.tensor1d(g);
      opt.apply({ 'visual.proj': gt }, lr);
      gt.dispose();
      for (let i = 0; i < 2; i++) {
        m[i] = 0.9 * m[i]! + 0.1 * g[i]!;
        v[i] = 0.99 * v[i]! + 0.01 * g[i]! ** 2;
        const mh = m[i]! / (1 - 0.9 ** (t + 1));
        const vh = v[i]! / (1 - 0.99 ** (t + 1));
        want[i] = want[i]! * (1 - lr * 0.5) - (lr * mh) / (Math.sqrt(vh) + 1e-8);
      }
    });
    const got = Array.from(p.dataSync());
    got.forEach((g, i) => expect(g).toBeCloseTo(want[i]!, 5));
    opt.dispose();
    p.dispose();
  });

  it('decays matrices but not gains, biases, embeddings of position or the temperature', () => {
    expect(AdamW.decays('transformer.resblocks.0.attn.in_proj_weight:T')).toBe(true);
    expect(AdamW.decays('token_embedding.weight')).toBe(true);
    for (const name of [
      'logit_scale',
      'ln_final.weight',
      'visual.ln_post.bias',
      'transformer.resblocks.1.ln_2.weight',
      'transformer.resblocks.1.mlp.c_fc.bias',
      'positional_embedding',
      'visual.class_embedding',
    ]) {
      expect(AdamW.decays(name), name).toBe(false);
    }
  });
});
