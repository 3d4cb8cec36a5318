// The training objective end to end: both towers, the scaled cosine logits and the symmetric loss,
// as one differentiable function of the weights (used by the gradient tests and by training).
import type * as tf from '@tensorflow/tfjs-core';
import type { ClipConfig } from './config';
import { contrastiveLoss, type ContrastiveLoss } from './loss';
import { similarity } from './similarity';
import { encodeText } from './text-tower';
import { encodeImage } from './vision-tower';
import { type Weights, param } from './weights';

/** ids [N, L] int32 and pixels [N, 3, R, R] of N matching pairs → the loss terms and the logits [N, N]. */
export function batchLoss(
  w: Weights,
  cfg: ClipConfig,
  ids: tf.Tensor,
  pixels: tf.Tensor,
): ContrastiveLoss & { logitsPerImage: tf.Tensor } {
  const image = encodeImage(pixels, w, cfg); // [N, E]
  const text = encodeText(ids, w, cfg); // [N, E]
  const { logitsPerImage } = similarity(image, text, param(w, 'logit_scale')); // [N, N]
  return { ...contrastiveLoss(logitsPerImage), logitsPerImage };
}

/** The same weights with some tensors swapped, e.g. for tf.grads over a few named parameters. */
export function withOverrides(w: Weights, overrides: Record<string, tf.Tensor>): Weights {
  const out: Weights = new Map(w);
  for (const [name, t] of Object.entries(overrides)) out.set(name, t);
  return out;
}
