// The small layers both towers share: LayerNorm, linear maps, and the MLP of a residual block (seed
// sections 3.4.1, 3.4.4 and 3.4.5). Where a kernel does the same faster, speed.ts decides.
import * as tf from '@tensorflow/tfjs-core';
import { type Activation, activate } from './activations';
import { type ClipConfig, LN_EPS } from './config';
import { fusedLayerNorm, product } from './speed';
import type { Recorder } from './trace';
import { type Weights, laidOut, param } from './weights';

/** The part of a config the layers read; left out, OpenAI's QuickGELU and eps 1e-5. */
export type LayerConfig = Pick<ClipConfig, 'hidden_act' | 'layer_norm_eps'>;

const OPENAI_LAYERS: LayerConfig = {};

/** torch.nn.LayerNorm over the last axis: (x - mean) / sqrt(var + eps) * gamma + beta, biased variance. */
export function layerNorm(
  x: tf.Tensor,
  w: Weights,
  prefix: string,
  cfg: LayerConfig = OPENAI_LAYERS,
): tf.Tensor {
  const eps = cfg.layer_norm_eps ?? LN_EPS;
  const gamma = param(w, `${prefix}.weight`); // [D]
  const beta = param(w, `${prefix}.bias`); // [D]
  const fused = fusedLayerNorm(x, gamma, beta, eps); // [..., D]
  if (fused) return fused;
  const { mean, variance } = tf.moments(x, -1, true); // [..., 1]
  const normed = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps))); // [..., D]
  return tf.add(tf.mul(normed, gamma), beta); // [..., D]
}

/**
 * y = act(x @ W.T + b) for x [..., in], torch's nn.Linear with W [out, in]; the weights hold W.T, [in, out]
 * (weights.ts). Without `act`, the plain linear map.
 */
export function linear(
  x: tf.Tensor,
  w: Weights,
  weightName: string,
  biasName: string,
  act?: Activation,
): tf.Tensor {
  const lead = x.shape.slice(0, -1);
  const rows = tf.reshape(x, [-1, x.shape[x.shape.length - 1]!]); // [rows, in]
  const y = product(rows, laidOut(w, weightName), param(w, biasName), act); // [rows, out]
  return tf.reshape(y, [...lead, y.shape[1]!]); // [..., out]
}

/** mlp = c_proj(act(c_fc(x))), recording each stage; act is QuickGELU unless cfg.hidden_act is 'gelu'. */
export function mlp(
  x: tf.Tensor,
  w: Weights,
  prefix: string,
  rec: Recorder,
  cfg: LayerConfig = OPENAI_LAYERS,
): tf.Tensor {
  const act: Activation = cfg.hidden_act === 'gelu' ? 'gelu' : 'quick_gelu';
  const fc = `${prefix}.c_fc`;
  let hidden: tf.Tensor; // [N, n, 4D]
  if (rec.wants(`${fc}.out`)) {
    const pre = linear(x, w, `${fc}.weight`, `${fc}.bias`); // [N, n, 4D]
    rec.keep(`${fc}.out`, pre);
    hidden = activate(pre, act);
  } else {
    hidden = linear(x, w, `${fc}.weight`, `${fc}.bias`, act); // the activation applied as c_fc is written
  }
  rec.keep(`${prefix}.gelu.out`, hidden);
  const out = linear(hidden, w, `${prefix}.c_proj.weight`, `${prefix}.c_proj.bias`); // [N, n, D]
  rec.keep(`${prefix}.c_proj.out`, out);
  return out;
}
