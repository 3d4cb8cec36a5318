// The small layers both towers share: LayerNorm, linear maps in torch's [out, in] layout, QuickGELU and
// the exact GELU, and the MLP of a residual block (seed sections 3.4.1, 3.4.4 and 3.4.5).
import * as tf from '@tensorflow/tfjs-core';
import { type ClipConfig, LN_EPS } from './config';
import { FUSED_LAYER_NORM, canRunFused, runFused } from './fused';
import { activatedProduct, linearProduct } from './matmul';
import type { Recorder } from './trace';
import { type Weights, param, transposedKey } from './weights';

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
  if (canRunFused(FUSED_LAYER_NORM)) return runFused(FUSED_LAYER_NORM, { x, gamma, beta }, { epsilon: eps }); // [..., D]
  const { mean, variance } = tf.moments(x, -1, true); // [..., 1]
  const normed = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps))); // [..., D]
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

/**
 * act(linear(x)) in one kernel where the linear kernel runs (the activation applied as it writes), else
 * null; `act` is the config's hidden_act.
 */
function linearActivated(
  x: tf.Tensor,
  w: Weights,
  prefix: string,
  act: 'quick_gelu' | 'gelu',
): tf.Tensor | null {
  const laidOut = w.get(transposedKey(`${prefix}.weight`));
  if (!laidOut) return null;
  const inDim = x.shape[x.shape.length - 1]!;
  const y = activatedProduct(tf.reshape(x, [-1, inDim]), laidOut, param(w, `${prefix}.bias`), act); // [rows, out]
  return y && tf.reshape(y, [...x.shape.slice(0, -1), y.shape[1]!]); // [..., out]
}

/** OpenAI's QuickGELU: x * sigmoid(1.702 x). */
export function quickGelu(x: tf.Tensor): tf.Tensor {
  return tf.mul(x, tf.sigmoid(tf.mul(x, 1.702)));
}

// erfc(z) for z >= 0 as t * exp(-z^2 + P(t)), t = 1 / (1 + z / 2): the Chebyshev fit of Numerical Recipes
// (Press et al., "erfcc"), relative error below 1.2e-7 for every z. Written from elementary ops because
// TF.js's wasm backend has no Erf kernel; the same ops run on every backend so they all agree.
const ERFC_P = [
  -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587,
  -0.82215223, 0.17087277,
];

/** erfc(|x|), elementwise. */
function erfcOfAbs(x: tf.Tensor): tf.Tensor {
  const z = tf.abs(x); // [...]
  const t = tf.div(1, tf.add(1, tf.mul(z, 0.5))); // [...]
  let p: tf.Tensor = tf.scalar(ERFC_P[ERFC_P.length - 1]!);
  for (let i = ERFC_P.length - 2; i >= 0; i--) p = tf.add(tf.mul(p, t), ERFC_P[i]!); // [...]
  return tf.mul(t, tf.exp(tf.sub(p, tf.square(z)))); // [...]
}

/** erf(x) = sign(x) (1 - erfc(|x|)), within 1.2e-7 of the true value (plus float32 rounding). */
export function erf(x: tf.Tensor): tf.Tensor {
  return tf.mul(tf.sign(x), tf.sub(1, erfcOfAbs(x)));
}

/**
 * torch.nn.GELU(): x * Phi(x) = 0.5 x (1 + erf(x / sqrt 2)). Phi(x) is taken as 1 - erfc(|x|/sqrt 2) / 2
 * for x >= 0 and erfc(|x|/sqrt 2) / 2 below, so the negative tail keeps its relative precision.
 */
export function gelu(x: tf.Tensor): tf.Tensor {
  const tail = tf.mul(erfcOfAbs(tf.mul(x, Math.SQRT1_2)), 0.5); // [...] Phi(-|x|)
  const phi = tf.where(tf.greaterEqual(x, 0), tf.sub(1, tail), tail); // [...]
  return tf.mul(x, phi);
}

/** mlp = c_proj(act(c_fc(x))), recording each stage; act is QuickGELU unless cfg.hidden_act is 'gelu'. */
export function mlp(
  x: tf.Tensor,
  w: Weights,
  prefix: string,
  rec: Recorder,
  cfg: LayerConfig = OPENAI_LAYERS,
): tf.Tensor {
  const gelus = cfg.hidden_act === 'gelu' ? 'gelu' : 'quick_gelu';
  // The fused kernel never forms c_fc's output before the activation: recording it takes the ops.
  let act = rec.wants(`${prefix}.c_fc.out`) ? null : linearActivated(x, w, `${prefix}.c_fc`, gelus); // [N, n, 4D]
  if (!act) {
    const fc = linear(x, w, `${prefix}.c_fc.weight`, `${prefix}.c_fc.bias`); // [N, n, 4D]
    rec.keep(`${prefix}.c_fc.out`, fc);
    act = gelus === 'gelu' ? gelu(fc) : quickGelu(fc); // [N, n, 4D]
  }
  rec.keep(`${prefix}.gelu.out`, act);
  const out = linear(act, w, `${prefix}.c_proj.weight`, `${prefix}.c_proj.bias`); // [N, n, D]
  rec.keep(`${prefix}.c_proj.out`, out);
  return out;
}
