// A supervised warm start for the image tower, as in LiT (Zhai et al., 2022), where contrastive training
// starts from a pretrained image model: here the vision transformer first learns to name each object's
// shape, colour, size and position through throw-away linear heads on its features. Only the visual.*
// weights carry over; the text tower and the temperature are untouched until contrastive training.
import * as tf from '@tensorflow/tfjs-core';
import type { ClipConfig } from '../clip/config';
import { encodeImage } from '../clip/vision-tower';
import type { Weights } from '../clip/weights';
import { COLOURS, POSITIONS, SHAPES, SIZES, type Scene, deriveSeed, makeBatch } from '../world';
import { AdamW, type AdamWOptions } from './adamw';
import { type Schedule, learningRate } from './schedule';
import { encodeImages } from './world-data';

export const ATTRIBUTES = ['shape', 'colour', 'size', 'position'] as const;
export type Attribute = (typeof ATTRIBUTES)[number];

const CLASSES: Record<Attribute, readonly string[]> = {
  shape: SHAPES,
  colour: COLOURS,
  size: SIZES,
  position: POSITIONS,
};

/** Images [N, 3, R, R] (CLIP-normalised) with the attributes of each scene's first object. */
export interface AttributeBatch {
  pixels: Float32Array;
  size: number;
  labels: Record<Attribute, Int32Array>;
}

export function attributeLabels(scenes: readonly Scene[]): Record<Attribute, Int32Array> {
  const of = (a: Attribute): Int32Array =>
    Int32Array.from(scenes, (s) => CLASSES[a].indexOf(s.objects[0]![a] as string));
  return { shape: of('shape'), colour: of('colour'), size: of('size'), position: of('position') };
}

/** One shard's share of a step: its mean loss, correct answers per attribute and gradients by name. */
export interface ShardGradients {
  loss: number;
  hits: Record<Attribute, number>;
  grads: Record<string, Float32Array>;
}

export interface PretrainResult {
  step: number;
  loss: number;
  lr: number;
  /** Accuracy on this batch, before the update. */
  accuracy: Record<Attribute, number>;
}

export class VisionPretrainer {
  private readonly heads = new Map<string, tf.Variable>();
  private readonly trainable = new Map<string, tf.Variable>();
  private readonly optimizer: AdamW;
  step = 0;

  constructor(
    private readonly weights: Weights,
    private readonly config: ClipConfig,
    private readonly options: AdamWOptions & { seed: number; schedule: Schedule },
  ) {
    for (const [name, t] of weights) {
      if (name.startsWith('visual.') && t instanceof tf.Variable) this.trainable.set(name, t);
    }
    ATTRIBUTES.forEach((a, k) => {
      const init = tf.randomNormal(
        [config.embed_dim, CLASSES[a].length],
        0,
        config.embed_dim ** -0.5,
        'float32',
        options.seed + k,
      ); // [E, C]
      const head = tf.variable(init, true, `pretrain/${options.seed}/${a}`);
      init.dispose();
      this.heads.set(a, head);
      this.trainable.set(`head.${a}.weight`, head);
    });
    this.optimizer = new AdamW(this.trainable, options);
  }

  trainStep(batch: AttributeBatch): PretrainResult {
    const lr = learningRate(this.step, this.options.schedule);
    const n = batch.labels.shape.length;
    const { loss, hits } = tf.tidy(() => {
      const { value, grads, hits } = this.lossAndGrads(batch);
      this.optimizer.apply(grads, lr);
      return { loss: value.dataSync()[0]!, hits };
    });
    this.step += 1;
    return { step: this.step, loss, lr, accuracy: fractions(hits, n) };
  }

  /** Gradients of this shard's mean loss as arrays, for data-parallel replicas (see applyGradients). */
  shardGradients(batch: AttributeBatch): ShardGradients {
    // The arrays are filled outside tidy's return value: tidy walks what it returns, element by element.
    const arrays: Record<string, Float32Array> = {};
    const { loss, hits } = tf.tidy(() => {
      const { value, grads, hits } = this.lossAndGrads(batch);
      for (const [name, g] of Object.entries(grads)) arrays[name] = g.dataSync() as Float32Array;
      return { loss: value.dataSync()[0]!, hits };
    });
    return { loss, hits, grads: arrays };
  }

  /** One update with gradients averaged over every shard of the batch; advances the step like trainStep. */
  applyGradients(grads: Record<string, Float32Array>): number {
    const lr = learningRate(this.step, this.options.schedule);
    tf.tidy(() => {
      const byName: Record<string, tf.Tensor> = {};
      for (const [name, v] of this.trainable) byName[name] = tf.tensor(grads[name]!, v.shape);
      this.optimizer.apply(byName, lr);
    });
    this.step += 1;
    return lr;
  }

  private lossAndGrads(batch: AttributeBatch): {
    value: tf.Scalar;
    grads: Record<string, tf.Tensor>;
    hits: Record<Attribute, number>;
  } {
    const n = batch.labels.shape.length;
    const hits = {} as Record<Attribute, number>;
    const pixels = tf.tensor4d(batch.pixels, [n, 3, batch.size, batch.size]); // [N, 3, R, R]
    const vars = [...this.trainable.values()];
    const { value, grads } = tf.variableGrads(() => {
      const features = encodeImage(pixels, this.weights, this.config); // [N, E]
      const terms = ATTRIBUTES.map((a) => {
        const logits = tf.matMul(features, this.heads.get(a)!); // [N, C]
        const labels = tf.tensor1d(batch.labels[a], 'int32'); // [N]
        hits[a] = tf.sum(tf.cast(tf.equal(tf.argMax(logits, -1), labels), 'int32')).dataSync()[0]!;
        const target = tf.oneHot(labels, CLASSES[a].length); // [N, C]
        return tf.losses.softmaxCrossEntropy(target, logits);
      });
      return tf.addN(terms) as tf.Scalar;
    }, vars);
    const byName: Record<string, tf.Tensor> = {};
    for (const [name, v] of this.trainable) byName[name] = grads[v.name]!;
    return { value, grads: byName, hits };
  }

  /** Accuracy per attribute on a batch, without training. */
  accuracy(batch: AttributeBatch): Record<Attribute, number> {
    const n = batch.labels.shape.length;
    return tf.tidy(() => {
      const pixels = tf.tensor4d(batch.pixels, [n, 3, batch.size, batch.size]); // [N, 3, R, R]
      const features = encodeImage(pixels, this.weights, this.config); // [N, E]
      const entries = ATTRIBUTES.map((a) => {
        const best = tf.argMax(tf.matMul(features, this.heads.get(a)!), -1); // [N]
        const hits = tf.sum(tf.cast(tf.equal(best, tf.tensor1d(batch.labels[a], 'int32')), 'int32'));
        return [a, hits.dataSync()[0]! / n];
      });
      return Object.fromEntries(entries) as Record<Attribute, number>;
    });
  }

  /** Frees the heads and the optimizer state; the vision weights stay in the trainer. */
  dispose(): void {
    this.optimizer.dispose();
    for (const h of this.heads.values()) h.dispose();
  }
}

export function fractions(hits: Record<Attribute, number>, n: number): Record<Attribute, number> {
  return Object.fromEntries(ATTRIBUTES.map((a) => [a, hits[a] / n])) as Record<Attribute, number>;
}

/** The seed of the warm start's batch at a step (0-based), shared by the serial and parallel runs. */
export function pretrainBatchSeed(seed: number, step: number): number {
  return deriveSeed(seed, 1_000_000 + step);
}

/** Rows [from, to) of a batch. */
export function shardOf(batch: AttributeBatch, from: number, to: number): AttributeBatch {
  const plane = 3 * batch.size * batch.size;
  const labels = {} as Record<Attribute, Int32Array>;
  for (const a of ATTRIBUTES) labels[a] = batch.labels[a].slice(from, to);
  return { pixels: batch.pixels.slice(from * plane, to * plane), size: batch.size, labels };
}

/** The warm start's batch for a seed: n one-object scenes with their labels, at the model's resolution. */
export function attributeBatch(seed: number, n: number, resolution: number): AttributeBatch {
  const b = makeBatch(seed, n, { split: 'train', objectCount: 1, size: resolution });
  return { pixels: encodeImages(b.images, resolution), size: resolution, labels: attributeLabels(b.scenes) };
}
