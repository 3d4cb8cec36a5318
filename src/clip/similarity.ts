// Cosine similarity scaled by the learned temperature (seed section 5): features are L2-normalised and
// logits_per_image = exp(logit_scale) * image_n @ text_n.T; logits_per_text is its transpose.
import * as tf from '@tensorflow/tfjs-core';

/** x / ||x|| along the last axis, as torch's x / x.norm(dim=-1, keepdim=True). */
export function l2Normalize(x: tf.Tensor): tf.Tensor {
  return tf.div(x, tf.sqrt(tf.sum(tf.square(x), -1, true))); // [N, E]
}

export interface Logits {
  imageNormalized: tf.Tensor; // [Ni, E]
  textNormalized: tf.Tensor; // [Nt, E]
  scale: tf.Tensor; // []
  logitsPerImage: tf.Tensor; // [Ni, Nt]
  logitsPerText: tf.Tensor; // [Nt, Ni]
}

/** logitScale is the stored log of the scale; OpenAI's forward pass does not clamp it. */
export function similarity(imageFeatures: tf.Tensor, textFeatures: tf.Tensor, logitScale: tf.Tensor): Logits {
  const imageNormalized = l2Normalize(imageFeatures); // [Ni, E]
  const textNormalized = l2Normalize(textFeatures); // [Nt, E]
  const scale = tf.exp(logitScale); // []
  const logitsPerImage = tf.mul(scale, tf.matMul(imageNormalized, textNormalized, false, true)); // [Ni, Nt]
  const logitsPerText = tf.transpose(logitsPerImage); // [Nt, Ni]
  return { imageNormalized, textNormalized, scale, logitsPerImage, logitsPerText };
}
