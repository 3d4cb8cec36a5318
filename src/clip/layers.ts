// The small layers both towers share: LayerNorm, linear maps in torch's [out, in] layout, QuickGELU,
// and the MLP of a residual block (seed sections 3.4.1, 3.4.4 and 3.4.5).
import * as tf from '@tensorflow/tfjs-core';
import { LN_EPS } from './config';
import type { Recorder } from './trace';
import { type Weights, param } from './weights';

/** torch.nn.LayerNorm over the last axis: (x - mean) / sqrt(var + eps) * gamma + beta, biased variance. */
export function layerNorm(x: tf.Tensor, w: Weights, prefix: string): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true); // [..., 1]
  const normed = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, LN_EPS))); // [..., D]
  return tf.add(tf.mul(normed, param(w, `${prefix}.weight`)), param(w, `${prefix}.bias`));
}

/** y = x @ W.T + b for x [..., in] and W [out, in]. */
export function linear(x: tf.Tensor, weight: tf.Tensor, bias?: tf.Tensor): tf.Tensor {
  const lead = x.shape.slice(0, -1);
  const inDim = x.shape[x.shape.length - 1]!;
  const outDim = weight.shape[0]!;
  const x2 = tf.reshape(x, [-1, inDim]); // [rows, in]
  const y = tf.matMul(x2, weight, false, true); // [rows, out]
  const yb = bias ? tf.add(y, bias) : y;
  return tf.reshape(yb, [...lead, outDim]); // [..., out]
}

/** OpenAI's QuickGELU: x * sigmoid(1.702 x). */
export function quickGelu(x: tf.Tensor): tf.Tensor {
  return tf.mul(x, tf.sigmoid(tf.mul(x, 1.702)));
}

/** mlp = c_proj(QuickGELU(c_fc(x))), recording each stage. */
export function mlp(x: tf.Tensor, w: Weights, prefix: string, rec: Recorder): tf.Tensor {
  const fc = linear(x, param(w, `${prefix}.c_fc.weight`), param(w, `${prefix}.c_fc.bias`)); // [N, n, 4D]
  rec.keep(`${prefix}.c_fc.out`, fc);
  const act = quickGelu(fc); // [N, n, 4D]
  rec.keep(`${prefix}.gelu.out`, act);
  const out = linear(act, param(w, `${prefix}.c_proj.weight`), param(w, `${prefix}.c_proj.bias`)); // [N, n, D]
  rec.keep(`${prefix}.c_proj.out`, out);
  return out;
}
