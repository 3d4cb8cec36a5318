// The MLP's activations: OpenAI's QuickGELU and torch's exact GELU, with the erf it needs (seed section
// 3.4.5). TF.js's wasm backend has no Erf kernel, so erf is built from elementary ops that every backend
// runs alike.
import * as tf from '@tensorflow/tfjs-core';

/** The config's hidden_act; OpenAI's checkpoints use QuickGELU. */
export type Activation = 'quick_gelu' | 'gelu';

/** OpenAI's QuickGELU: x * sigmoid(1.702 x). */
export function quickGelu(x: tf.Tensor): tf.Tensor {
  return tf.mul(x, tf.sigmoid(tf.mul(x, 1.702)));
}

// erfc(z) for z >= 0 as t * exp(-z^2 + P(t)), t = 1 / (1 + z / 2): the Chebyshev fit of Numerical Recipes
// (Press et al., "erfcc"), relative error below 1.2e-7 for every z.
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

export function activate(x: tf.Tensor, act: Activation): tf.Tensor {
  return act === 'gelu' ? gelu(x) : quickGelu(x);
}
