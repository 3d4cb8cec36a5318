// a @ b for 2-D tensors, with a gradient written with explicit transposes. On the wasm backend a matMul
// with a transposed operand runs about ten times slower than transposing first (measured here for
// [4736, 96] x [96, 384]: 250 ms against 25 ms), and TF.js's own matMul gradient uses those flags.
import * as tf from '@tensorflow/tfjs-core';

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
