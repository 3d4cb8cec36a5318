// Evaluation on fresh images of the world: zero-shot top-1 among every colour × shape prompt (seen and
// held-out combinations), recall@1 both ways in batches of 64, and the learned temperature.
import * as tf from '@tensorflow/tfjs-core';
import type { ClipConfig } from '../clip/config';
import { l2Normalize } from '../clip/similarity';
import { encodeText } from '../clip/text-tower';
import type { ClipTokenizer } from '../clip/tokenizer';
import { encodeImage } from '../clip/vision-tower';
import { type Weights, param } from '../clip/weights';
import { deriveSeed, makeBatch, zeroShotLabels } from '../world';
import { encodeImages, encodeTexts } from './world-data';

export interface WorldMetrics {
  top1Seen: number;
  top1Heldout: number;
  recallImageToText: number;
  recallTextToImage: number;
  logitScale: number;
}

const CHUNK = 64;

/** Normalised features [N, E] of texts, as a kept tensor. */
function textFeatures(
  w: Weights,
  cfg: ClipConfig,
  tokenizer: ClipTokenizer,
  texts: readonly string[],
): tf.Tensor {
  return tf.tidy(() => {
    const { ids, length } = encodeTexts(tokenizer, texts, cfg);
    return l2Normalize(encodeText(tf.tensor2d(ids, [texts.length, length], 'int32'), w, cfg)); // [N, E]
  });
}

function imageFeatures(w: Weights, cfg: ClipConfig, images: readonly Uint8Array[]): tf.Tensor {
  const r = cfg.image_resolution;
  return tf.tidy(() =>
    l2Normalize(encodeImage(tf.tensor4d(encodeImages(images, r), [images.length, 3, r, r]), w, cfg)),
  );
}

/** Fraction of rows whose largest entry sits at the expected column. */
function hits(scores: tf.Tensor, expected: readonly number[]): number {
  const best = tf.tidy(() => tf.argMax(scores, -1).dataSync());
  return expected.reduce((n, want, i) => n + (best[i] === want ? 1 : 0), 0);
}

function zeroShot(
  w: Weights,
  cfg: ClipConfig,
  labelFeatures: tf.Tensor,
  seed: number,
  n: number,
  split: 'train' | 'heldout',
): number {
  const labels = zeroShotLabels();
  let correct = 0;
  for (let start = 0; start < n; start += CHUNK) {
    const count = Math.min(CHUNK, n - start);
    const batch = makeBatch(deriveSeed(seed, start), count, {
      split,
      objectCount: 1,
      size: cfg.image_resolution,
    });
    const expected = batch.scenes.map((s) =>
      labels.findIndex((l) => l.colour === s.objects[0]!.colour && l.shape === s.objects[0]!.shape),
    );
    const feats = imageFeatures(w, cfg, batch.images);
    const scores = tf.matMul(feats, labelFeatures, false, true); // [count, labels]
    correct += hits(scores, expected);
    tf.dispose([feats, scores]);
  }
  return correct / n;
}

export function evaluateWorld(
  w: Weights,
  cfg: ClipConfig,
  tokenizer: ClipTokenizer,
  options: { n?: number; seed?: number } = {},
): WorldMetrics {
  const n = options.n ?? 512;
  const seed = options.seed ?? 2024;
  const labelFeatures = textFeatures(
    w,
    cfg,
    tokenizer,
    zeroShotLabels().map((l) => l.prompt),
  );
  const top1Seen = zeroShot(w, cfg, labelFeatures, deriveSeed(seed, 1), n, 'train');
  const top1Heldout = zeroShot(w, cfg, labelFeatures, deriveSeed(seed, 2), n, 'heldout');
  labelFeatures.dispose();
  let i2t = 0;
  let t2i = 0;
  const batches = Math.max(1, Math.floor(n / CHUNK));
  const diagonal = Array.from({ length: CHUNK }, (_, i) => i);
  for (let b = 0; b < batches; b++) {
    const batch = makeBatch(deriveSeed(seed, 3, b), CHUNK, { split: 'train', size: cfg.image_resolution });
    const img = imageFeatures(w, cfg, batch.images);
    const txt = textFeatures(w, cfg, tokenizer, batch.captions);
    const sims = tf.matMul(img, txt, false, true); // [64, 64]
    const simsT = tf.transpose(sims); // [64, 64]
    i2t += hits(sims, diagonal);
    t2i += hits(simsT, diagonal);
    tf.dispose([img, txt, sims, simsT]);
  }
  const logitScale = Math.exp(tf.tidy(() => param(w, 'logit_scale').dataSync()[0]!));
  return {
    top1Seen,
    top1Heldout,
    recallImageToText: i2t / (batches * CHUNK),
    recallTextToImage: t2i / (batches * CHUNK),
    logitScale,
  };
}
