// The symmetric contrastive loss (seed section 6), split as open_clip's ClipLoss: the ground truth
// (pair i matches pair i), cross-entropy over each direction, and their mean.
import * as tf from '@tensorflow/tfjs-core';

/** Mean over rows of -log softmax(logits)[i, target_i], with target_i = i (the diagonal). */
export function crossEntropyDiagonal(logits: tf.Tensor): tf.Tensor {
  const n = logits.shape[0]!;
  if (logits.shape.length !== 2 || logits.shape[1] !== n) {
    throw new Error(`the contrastive loss needs a square logits matrix, got [${logits.shape.join(', ')}]`);
  }
  const logProbs = tf.logSoftmax(logits, -1); // [N, N]
  const diagonal = tf.sum(tf.mul(logProbs, tf.eye(n)), -1); // [N]
  return tf.neg(tf.mean(diagonal)); // []
}

export interface ContrastiveLoss {
  lossImage: tf.Tensor; // []
  lossText: tf.Tensor; // []
  loss: tf.Tensor; // []
}

/** (CE(logits_per_image, arange) + CE(logits_per_text, arange)) / 2. */
export function contrastiveLoss(logitsPerImage: tf.Tensor): ContrastiveLoss {
  const lossImage = crossEntropyDiagonal(logitsPerImage);
  const lossText = crossEntropyDiagonal(tf.transpose(logitsPerImage));
  return { lossImage, lossText, loss: tf.div(tf.add(lossImage, lossText), 2) };
}
