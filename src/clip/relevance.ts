// Which patches the image's class token draws on, for the attention explorer (issue 6): attention rollout
// (Abnar & Zuidema 2020), relevance for a caption from attention times its gradient (Chefer et al. 2021,
// "Generic attention-model explainability", the rule they use for CLIP), and the deletion curve that checks
// a relevance order by removing patches most relevant first. Inputs are one image and one text.
import * as tf from '@tensorflow/tfjs-core';
import { dims } from './config';
import type { ClipModel } from './model';
import { l2Normalize } from './similarity';
import { encodeText } from './text-tower';
import { Recorder } from './trace';
import { encodeImage } from './vision-tower';

const probsKey = (l: number) => `visual.transformer.resblocks.${l}.attn.probs`;
const recordVisionProbs = () =>
  new Recorder((key) => /^visual\.transformer\.resblocks\.\d+\.attn\.probs$/.test(key));

/** Every vision layer's probabilities out of a recorder, as tensors [1, H, n, n]. */
function recordedProbs(rec: Recorder, layers: number): tf.Tensor[] {
  return Array.from({ length: layers }, (_, l) => {
    const e = rec.trace[probsKey(l)]!;
    return tf.tensor(e.data, e.shape); // [1, H, n, n]
  });
}

/** [H, n, n], or [1, H, n, n] as a trace holds it for one input, → [H, n, n]. */
function oneInput(p: tf.Tensor): tf.Tensor {
  return p.rank === 4 ? tf.squeeze(p, [0]) : p; // [H, n, n]
}

/** Row 0 (the class token) without column 0 (itself): [n, n] → [n - 1], one value per patch. */
function classRow(r: tf.Tensor): tf.Tensor {
  return tf.reshape(tf.slice(r, [0, 1], [1, -1]), [-1]); // [g*g]
}

/**
 * Abnar & Zuidema's rollout: per layer Â = rows-normalised (mean over heads of A + I), and the layers
 * multiplied in order, R = Â_L ... Â_2 Â_1. probs: per layer [H, n, n] for one input → R [n, n].
 */
export function attentionRollout(probs: readonly tf.Tensor[]): tf.Tensor {
  if (probs.length === 0) throw new Error('attentionRollout needs the probabilities of at least one layer');
  return tf.tidy(() => {
    const n = probs[0]!.shape[probs[0]!.rank - 1]!;
    let rollout = tf.eye(n); // [n, n]
    for (const p of probs) {
      const a = tf.add(tf.mean(oneInput(p), 0), tf.eye(n)); // [n, n]
      rollout = tf.matMul(tf.div(a, tf.sum(a, -1, true)), rollout); // [n, n]
    }
    return rollout;
  });
}

/** The class token's row of the rollout without its own column: [g*g], patch index = row * g + col. */
export function classRollout(probs: readonly tf.Tensor[]): tf.Tensor {
  return tf.tidy(() => classRow(attentionRollout(probs)));
}

/** classRollout of the vision tower on one image, pixels [1, 3, R, R] → [g*g]. */
export function imageRollout(model: ClipModel, pixels: tf.Tensor): tf.Tensor {
  if (pixels.shape[0] !== 1) throw new Error(`expected one image, got pixels [${pixels.shape.join(', ')}]`);
  const { config: cfg, weights: w } = model;
  const rec = recordVisionProbs();
  return tf.tidy(() => {
    encodeImage(pixels, w, cfg, rec);
    return classRollout(recordedProbs(rec, cfg.vision_layers));
  });
}

function checkPair(pixels: tf.Tensor, ids: tf.Tensor): void {
  if (pixels.shape[0] !== 1 || ids.shape[0] !== 1) {
    throw new Error(
      `expected one image and one text, got pixels [${pixels.shape.join(', ')}] and ids [${ids.shape.join(', ')}]`,
    );
  }
}

export interface SimilarityGradients {
  /** Cosine similarity of the image and text features: []. */
  similarity: tf.Tensor;
  /** Per vision layer, the attention probabilities A: [1, H, n, n]. */
  probs: tf.Tensor[];
  /** Per vision layer, d similarity / d A: [1, H, n, n]. */
  grads: tf.Tensor[];
}

/**
 * The gradient of the image–text cosine similarity with respect to every vision layer's attention
 * probabilities, taken as the gradient with respect to a zero offset added to them (hooks.probsOffset).
 * pixels [1, 3, R, R], ids [1, L]. The tensors are the caller's to dispose (or run it inside tf.tidy).
 */
export function similarityGradients(
  model: ClipModel,
  pixels: tf.Tensor,
  ids: tf.Tensor,
): SimilarityGradients {
  checkPair(pixels, ids);
  const { config: cfg, weights: w } = model;
  const d = dims(cfg);
  const rec = recordVisionProbs();
  return tf.tidy(() => {
    const text = l2Normalize(encodeText(ids, w, cfg)); // [1, E]
    const zeros = Array.from({ length: cfg.vision_layers }, () =>
      tf.zeros([1, d.visionHeads, d.visionTokens, d.visionTokens]),
    ); // [1, H, n, n] each
    const cosine = (...offsets: tf.Tensor[]) => {
      const image = l2Normalize(encodeImage(pixels, w, cfg, rec, { probsOffset: (l) => offsets[l] })); // [1, E]
      return tf.sum(tf.mul(image, text)); // []
    };
    const { value, grads } = tf.valueAndGrads(cosine)(zeros);
    return { similarity: value, probs: recordedProbs(rec, cfg.vision_layers), grads };
  });
}

/**
 * Chefer et al.'s relevance of each patch for the caption: R = I, then per vision layer
 * R = R + mean_h(max(∇A ⊙ A, 0)) R; the map is the class token's row without its own column.
 * pixels [1, 3, R, R], ids [1, L] → map [g*g] (the caller disposes it) and the cosine similarity.
 */
export function relevanceForCaption(
  model: ClipModel,
  pixels: tf.Tensor,
  ids: tf.Tensor,
): { map: tf.Tensor; similarity: number } {
  let similarity = 0;
  const map = tf.tidy(() => {
    const g = similarityGradients(model, pixels, ids);
    similarity = g.similarity.dataSync()[0]!;
    const n = g.probs[0]!.shape[3]!;
    let r = tf.eye(n); // [n, n]
    g.probs.forEach((a, l) => {
      const cam = tf.mean(tf.relu(tf.mul(g.grads[l]!, a)), [0, 1]); // [n, n]
      r = tf.add(r, tf.matMul(cam, r)); // [n, n]
    });
    return classRow(r); // [g*g]
  });
  return { map, similarity };
}

/** Patch indices ordered from the largest value to the smallest (ties: lower index first). */
export function rankPatches(values: ArrayLike<number>): number[] {
  return Array.from(values, (v, i) => ({ v, i }))
    .sort((a, b) => b.v - a.v || a.i - b.i)
    .map(({ i }) => i);
}

/** 0, step, 2·step, ... and always the total itself last. */
function deletionCounts(total: number, step: number): number[] {
  if (!Number.isInteger(step) || step < 1) throw new Error(`step must be a positive integer, got ${step}`);
  const ks: number[] = [];
  for (let k = 0; k < total; k += step) ks.push(k);
  ks.push(total);
  return ks;
}

/**
 * Cosine similarity after deleting the first k patches of `order` (a permutation of the g*g patch
 * indices, most relevant first) for k = 0, step, 2·step, ..., g*g. A deleted patch keeps only its positional
 * embedding (hooks.patchKeep). Images run in batches of `batch`; every tensor is disposed.
 */
export function deletionCurve(
  model: ClipModel,
  pixels: tf.Tensor,
  ids: tf.Tensor,
  order: readonly number[],
  step: number,
  batch = 8,
): number[] {
  checkPair(pixels, ids);
  const { config: cfg, weights: w } = model;
  const { grid } = dims(cfg);
  const total = grid * grid;
  if (order.length !== total || new Set(order).size !== total || order.some((i) => !(i >= 0 && i < total))) {
    throw new Error(`order must hold each of the ${total} patch indices once`);
  }
  const ks = deletionCounts(total, step);
  const out: number[] = [];
  tf.tidy(() => {
    const text = l2Normalize(encodeText(ids, w, cfg)); // [1, E]
    for (let start = 0; start < ks.length; start += batch) {
      const chunk = ks.slice(start, start + batch);
      const keep = new Float32Array(chunk.length * total).fill(1);
      chunk.forEach((k, row) => order.slice(0, k).forEach((p) => (keep[row * total + p] = 0)));
      const sims = tf.tidy(() => {
        const images = tf.tile(pixels, [chunk.length, 1, 1, 1]); // [K, 3, R, R]
        const patchKeep = tf.tensor2d(keep, [chunk.length, total]); // [K, g*g]
        const features = l2Normalize(encodeImage(images, w, cfg, undefined, { patchKeep })); // [K, E]
        return tf.matMul(features, text, false, true); // [K, 1]
      });
      out.push(...sims.dataSync());
      sims.dispose();
    }
  });
  return out;
}
