// 2-D products with gradients written with explicit transposes. On the wasm backend a matMul with a
// transposed operand runs about ten times slower than transposing first (measured here for
// [4736, 96] x [96, 384]: 250 ms against 25 ms), and TF.js's own matMul gradient uses those flags.
import * as tf from '@tensorflow/tfjs-core';
import { FUSED_LINEAR, type FusedLinearAttrs, canRunFused, runFused } from './fused';

export const matMul2d = tf.customGrad(((a: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
  save([a, b]);
  return {
    value: tf.matMul(a, b), // [m, n]
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved as [tf.Tensor, tf.Tensor];
      return [tf.matMul(dy, tf.transpose(sb)), tf.matMul(tf.transpose(sa), dy)]; // [m, k], [k, n]
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;

/** x @ w + bias in one fused kernel (the bias added as the product is written), same gradients as above. */
export const matMulBias = tf.customGrad(((
  x: tf.Tensor,
  w: tf.Tensor,
  bias: tf.Tensor,
  save: tf.GradSaveFunc,
) => {
  save([x, w]);
  return {
    value: tf.fused.matMul({ a: x, b: w, bias }), // [m, n]
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sx, sw] = saved as [tf.Tensor, tf.Tensor];
      return [tf.matMul(dy, tf.transpose(sw)), tf.matMul(tf.transpose(sx), dy), tf.sum(dy, 0)]; // [m, k], [k, n], [n]
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as (
  x: tf.Tensor,
  w: tf.Tensor,
  bias: tf.Tensor,
) => tf.Tensor;

/** x [m, k] @ w [k, n] (+ bias [n]): the fused kernel where it can run (fused.ts), else the products above. */
export function linearProduct(x: tf.Tensor, w: tf.Tensor, bias?: tf.Tensor): tf.Tensor {
  if (canRunFused(FUSED_LINEAR)) return runFused(FUSED_LINEAR, bias ? { x, w, bias } : { x, w }, {}); // [m, n]
  return bias ? matMulBias(x, w, bias) : matMul2d(x, w); // [m, n]
}

/** act(x [m, k] @ w [k, n] + bias [n]) in the fused kernel, or null where it cannot run. */
export function activatedProduct(
  x: tf.Tensor,
  w: tf.Tensor,
  bias: tf.Tensor,
  activation: NonNullable<FusedLinearAttrs['activation']>,
): tf.Tensor | null {
  return canRunFused(FUSED_LINEAR) ? runFused(FUSED_LINEAR, { x, w, bias }, { activation }) : null; // [m, n]
}
