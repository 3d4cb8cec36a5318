// The linear kernel tests' inputs and yardstick: deterministic values, a @ w + bias computed op by op on
// TF.js's cpu backend, and the tolerance for a sum of k products.
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';

export function values(length: number, seed: number): Float32Array {
  return Float32Array.from({ length }, (_, i) => Math.sin(i * 0.731 + seed) * 2 + Math.cos(i * 0.17 * seed));
}

/** a @ w + bias on cpu, as the model computes it op by op. */
export async function reference(
  a: Float32Array,
  w: Float32Array,
  bias: Float32Array | null,
  m: number,
  k: number,
  n: number,
) {
  await useBackend('cpu');
  return tf.tidy(() => {
    const y = tf.matMul(tf.tensor2d(a, [m, k]), tf.tensor2d(w, [k, n])); // [m, n]
    return (bias ? tf.add(y, tf.tensor1d(bias)) : y).dataSync() as Float32Array;
  });
}

/** Tolerance for a sum of k products of values up to 3: a few float32 roundings of the largest partial sum. */
export const tolerance = (k: number): number => 2e-6 * k * 9 + 1e-6;
