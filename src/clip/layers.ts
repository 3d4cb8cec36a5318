// The small layers both towers share: LayerNorm, linear maps in torch's [out, in] layout, QuickGELU,
// and the MLP of a residual block (seed sections 3.4.1, 3.4.4 and 3.4.5).
import * as tf from '@tensorflow/tfjs-core';
import { LN_EPS } from './config';
import { FUSED_LAYER_NORM, canRunFused, runFused } from './fused';
import { linearProduct } from './matmul';
import type { Recorder } from './trace';
import { type Weights, param, transposedKey } from './weights';

/** torch.nn.LayerNorm over the last axis: (x - mean) / sqrt(var + eps) * gamma + beta, biased variance. */
export function layerNorm(x: tf.Tensor, w: Weights, prefix: string): tf.Tensor {
  const gamma = param(w, `${prefix}.weight`); // [D]
  const beta = param(w, `${prefix}.bias`); // [D]
  if (canRunFused(FUSED_LAYER_NORM))
    return runFused(FUSED_LAYER_NORM, { x, gamma, beta }, { epsilon: LN_EPS }); // [..., D]
  const { mean, variance } = tf.moments(x, -1, true); // [..., 1]
  const normed = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, LN_EPS))); // [..., D]
  return tf.add(tf.mul(normed, gamma), beta); // [..., D]
}

/**
 * y = x @ W.T + b for x [..., in], with W stored [out, in] as torch does, or already laid out [in, out]
 * under the transposed key (see weights.ts), which the wasm matmul runs about ten times faster.
 */
export function linear(x: tf.Tensor, w: Weights, weightName: string, biasName: string): tf.Tensor {
  const lead = x.shape.slice(0, -1);
  const inDim = x.shape[x.shape.length - 1]!;
  const x2 = tf.reshape(x, [-1, inDim]); // [rows, in]
  const laidOut = w.get(transposedKey(weightName));
  const y = laidOut
    ? linearProduct(x2, laidOut, param(w, biasName)) // [rows, out]
    : tf.add(tf.matMul(x2, param(w, weightName), false, true), param(w, biasName)); // [rows, out]
  return tf.reshape(y, [...lead, y.shape[1]!]); // [..., out]
}

/** OpenAI's QuickGELU: x * sigmoid(1.702 x). */
export function quickGelu(x: tf.Tensor): tf.Tensor {
  return tf.mul(x, tf.sigmoid(tf.mul(x, 1.702)));
}

/** mlp = c_proj(QuickGELU(c_fc(x))), recording each stage. */
export function mlp(x: tf.Tensor, w: Weights, prefix: string, rec: Recorder): tf.Tensor {
  const fc = linear(x, w, `${prefix}.c_fc.weight`, `${prefix}.c_fc.bias`); // [N, n, 4D]
  rec.keep(`${prefix}.c_fc.out`, fc);
  const act = quickGelu(fc); // [N, n, 4D]
  rec.keep(`${prefix}.gelu.out`, act);
  const out = linear(act, w, `${prefix}.c_proj.weight`, `${prefix}.c_proj.bias`); // [N, n, D]
  rec.keep(`${prefix}.c_proj.out`, out);
  return out;
}
