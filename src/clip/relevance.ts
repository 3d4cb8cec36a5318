// Which patches the image's class token draws on, for the attention explorer (issue 6): the class token's
// attention per layer and head, attention rollout (Abnar & Zuidema 2020), relevance for a caption from
// attention times its gradient (Chefer et al. 2021, "Generic attention-model explainability", the rule they
// use for CLIP), and deletion curves that check a relevance order by removing patches most relevant first.
// Inputs are one image and one text; optional hooks switch heads off and delete patches (attention.ts).
import * as tf from '@tensorflow/tfjs-core';
import type { AttentionHooks } from './attention';
import { dims } from './config';
import type { ClipModel } from './model';
import { l2Normalize } from './similarity';
import { encodeText } from './text-tower';
import { Recorder, type Trace } from './trace';
import { encodeImage } from './vision-tower';

const probsKey = (l: number) => `visual.transformer.resblocks.${l}.attn.probs`;
const PROBS = /^visual\.transformer\.resblocks\.\d+\.attn\.probs$/;

/** Every vision layer's probabilities out of a recorder's trace, as tensors [1, H, n, n]. */
function recordedProbs(trace: Trace, layers: number): tf.Tensor[] {
  return Array.from({ length: layers }, (_, l) => {
    const e = trace[probsKey(l)]!;
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
  const rec = new Recorder((key) => PROBS.test(key));
  return tf.tidy(() => {
    encodeImage(pixels, w, cfg, rec);
    return classRollout(recordedProbs(rec.trace, cfg.vision_layers));
  });
}

/** The class token's attention to each patch: per layer [1, H, n, n] → [layers, H, g*g]. */
export function classAttention(probs: readonly tf.Tensor[]): tf.Tensor {
  return tf.tidy(() =>
    tf.stack(
      probs.map((p) => {
        const [, heads, , n] = p.shape as [number, number, number, number];
        return tf.reshape(tf.slice(p, [0, 0, 0, 1], [1, -1, 1, -1]), [heads, n - 1]); // [H, g*g]
      }),
    ),
  ); // [layers, H, g*g]
}

/** The last layer's class attention, mean over heads: [layers, H, g*g] → [g*g]. */
export function lastLayerAttention(attention: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const layers = attention.shape[0]!;
    const last = tf.slice(attention, [layers - 1, 0, 0], [1, -1, -1]); // [1, H, g*g]
    return tf.mean(last, [0, 1]); // [g*g]
  });
}

function checkPair(pixels: tf.Tensor, ids: tf.Tensor): void {
  if (pixels.shape[0] !== 1 || ids.shape[0] !== 1) {
    throw new Error(
      `expected one image and one text, got pixels [${pixels.shape.join(', ')}] and ids [${ids.shape.join(', ')}]`,
    );
  }
}

export interface GradientOptions {
  /** Hooks of the image pass besides the gradient's offset: heads switched off, patches deleted. */
  image?: Omit<AttentionHooks, 'probsOffset'>;
  /** Hooks of the text pass: heads switched off. */
  text?: AttentionHooks;
  /** Trace keys to record besides the vision probabilities; without it the text pass records nothing. */
  capture?: (key: string) => boolean;
}

export interface SimilarityGradients {
  /** Cosine similarity of the image and text features: []. */
  similarity: tf.Tensor;
  /** Per vision layer, the attention probabilities A: [1, H, n, n]. */
  probs: tf.Tensor[];
  /** Per vision layer, d similarity / d A: [1, H, n, n]. */
  grads: tf.Tensor[];
  /** The text features, normalised: [1, E]. */
  text: tf.Tensor;
  /** What `capture` asked for, and the vision probabilities. */
  trace: Trace;
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
  options: GradientOptions = {},
): SimilarityGradients {
  checkPair(pixels, ids);
  const { config: cfg, weights: w } = model;
  const d = dims(cfg);
  const { capture } = options;
  const rec = new Recorder((key) => PROBS.test(key) || Boolean(capture?.(key)));
  const tensors = tf.tidy(() => {
    const text = l2Normalize(encodeText(ids, w, cfg, capture ? rec : undefined, options.text)); // [1, E]
    const zeros = Array.from({ length: cfg.vision_layers }, () =>
      tf.zeros([1, d.visionHeads, d.visionTokens, d.visionTokens]),
    ); // [1, H, n, n] each
    const cosine = (...offsets: tf.Tensor[]) => {
      const hooks: AttentionHooks = { ...options.image, probsOffset: (l) => offsets[l] };
      const image = l2Normalize(encodeImage(pixels, w, cfg, rec, hooks)); // [1, E]
      return tf.sum(tf.mul(image, text)); // []
    };
    const { value, grads } = tf.valueAndGrads(cosine)(zeros);
    return { similarity: value, probs: recordedProbs(rec.trace, cfg.vision_layers), grads, text };
  });
  return { ...tensors, trace: rec.trace };
}

/**
 * Chefer et al.'s relevance of each patch: R = I, then per vision layer R = R + mean_h(max(∇A ⊙ A, 0)) R;
 * the map is the class token's row without its own column. probs, grads per layer [1, H, n, n] → [g*g].
 */
export function relevanceFromGradients(probs: readonly tf.Tensor[], grads: readonly tf.Tensor[]): tf.Tensor {
  return tf.tidy(() => {
    const n = probs[0]!.shape[3]!;
    let r = tf.eye(n); // [n, n]
    probs.forEach((a, l) => {
      const cam = tf.mean(tf.relu(tf.mul(grads[l]!, a)), [0, 1]); // [n, n]
      r = tf.add(r, tf.matMul(cam, r)); // [n, n]
    });
    return classRow(r); // [g*g]
  });
}

/**
 * Relevance of each patch for the caption (relevanceFromGradients of similarityGradients).
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
    return relevanceFromGradients(g.probs, g.grads); // [g*g]
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
export function deletionCounts(total: number, step: number): number[] {
  if (!Number.isInteger(step) || step < 1)
    throw new RangeError(`step must be a positive integer, got ${step}`);
  const ks: number[] = [];
  for (let k = 0; k < total; k += step) ks.push(k);
  ks.push(total);
  return ks;
}

export interface DeletionOptions {
  /** The patches already deleted, as a 0/1 keep row [g*g]; default none. */
  keep?: Float32Array;
  /** Heads switched off in the image pass. */
  headMask?: AttentionHooks['headMask'];
  /** Images per batch. */
  batch?: number;
}

/**
 * Cosine similarity with the normalised text features `text` [1, E] after deleting the first k patches of
 * each order (a permutation of the g*g patch indices, most relevant first) for k = 0, step, 2·step, ...,
 * g*g, from options.keep on. A deleted patch keeps only its positional embedding (hooks.patchKeep). The
 * first point is computed once and shared by the curves; images run in batches; every tensor is disposed.
 */
export function deletionCurves(
  model: ClipModel,
  pixels: tf.Tensor,
  text: tf.Tensor,
  orders: readonly (readonly number[])[],
  step: number,
  options: DeletionOptions = {},
): { counts: number[]; curves: number[][] } {
  if (pixels.shape[0] !== 1) throw new Error(`expected one image, got pixels [${pixels.shape.join(', ')}]`);
  const { config: cfg, weights: w } = model;
  const total = dims(cfg).grid ** 2;
  for (const order of orders) {
    if (
      order.length !== total ||
      new Set(order).size !== total ||
      order.some((i) => !(i >= 0 && i < total))
    ) {
      throw new Error(`order must hold each of the ${total} patch indices once`);
    }
  }
  const { headMask, batch = 8 } = options;
  const base = options.keep ?? new Float32Array(total).fill(1);
  const counts = deletionCounts(total, step);
  const keeps: Float32Array[] = [base];
  for (const order of orders) {
    for (const k of counts.slice(1)) {
      const keep = base.slice();
      order.slice(0, k).forEach((p) => (keep[p] = 0));
      keeps.push(keep);
    }
  }
  const sims: number[] = [];
  for (let start = 0; start < keeps.length; start += batch) {
    const chunk = keeps.slice(start, start + batch);
    const flat = new Float32Array(chunk.length * total);
    chunk.forEach((row, i) => flat.set(row, i * total));
    const out = tf.tidy(() => {
      const images = tf.tile(pixels, [chunk.length, 1, 1, 1]); // [K, 3, R, R]
      const patchKeep = tf.tensor2d(flat, [chunk.length, total]); // [K, g*g]
      const features = l2Normalize(encodeImage(images, w, cfg, undefined, { headMask, patchKeep })); // [K, E]
      return tf.matMul(features, text, false, true); // [K, 1]
    });
    sims.push(...out.dataSync());
    out.dispose();
  }
  const per = counts.length - 1;
  const curves = orders.map((_, i) => [sims[0]!, ...sims.slice(1 + i * per, 1 + (i + 1) * per)]);
  return { counts, curves };
}
