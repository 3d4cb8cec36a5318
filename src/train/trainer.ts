// Contrastive training of a CLIP (seed section 6): the model's own symmetric loss over the N×N logits,
// AdamW, warm-up and cosine schedule, a learnable temperature clamped at ln(100) as in CLIP.
// Runs unchanged in Node and in the browser (wasm, webgl or cpu).
import * as tf from '@tensorflow/tfjs-core';
import type { ClipConfig } from '../clip/config';
import { initWeights } from '../clip/init';
import { batchLoss } from '../clip/objective';
import type { TensorEntry } from '../clip/safetensors';
import { type Weights, createWeights, expectedShapes, param } from '../clip/weights';
import { AdamW, type AdamWOptions } from './adamw';
import { type Schedule, learningRate } from './schedule';

export const MAX_LOGIT_SCALE = Math.log(100);

let trainerCount = 0;

export interface TrainOptions extends AdamWOptions {
  seed: number;
  schedule: Schedule;
  /** Keep the temperature at its initial value instead of learning it. */
  fixedTemperature?: boolean;
  /** Learning-rate factor for the image tower's weights (e.g. below 1 after a warm start); default 1. */
  visionLrScale?: number;
  /**
   * Lock the image tower as LiT does (Zhai et al., 2022): only its final norm and projection train, so
   * no gradient flows back through the tower and a step costs about a forward pass of it.
   */
  lockedVision?: boolean;
  /** Start from these weights (OpenAI names and layout) instead of a fresh initialisation. */
  initial?: Map<string, { shape: number[]; data: Float32Array }>;
}

/** A batch of N matching pairs: ids [N, L] (L ≤ context length) and pixels [N, 3, R, R]. */
export interface PairBatch {
  ids: Int32Array;
  length: number;
  pixels: Float32Array;
  size: number;
}

export interface StepResult {
  step: number;
  loss: number;
  lr: number;
  logitScale: number;
}

/** The image tower's weights that a locked tower keeps fixed: all but ln_post and proj. */
function locked(name: string): boolean {
  return name.startsWith('visual.') && !/^visual\.(ln_post\.|proj$)/.test(name);
}

export class Trainer {
  readonly weights: Weights;
  private readonly vars = new Map<string, tf.Variable>();
  private readonly optimizer: AdamW;
  step = 0;

  constructor(
    readonly config: ClipConfig,
    private readonly options: TrainOptions,
  ) {
    const start = options.initial ?? initWeights(config, { seed: options.seed });
    const tensors = new Map<string, TensorEntry>();
    for (const [name, t] of start) tensors.set(name, { dtype: 'F32', shape: t.shape, data: t.data });
    const uploaded = createWeights({ tensors, metadata: {} }, config);
    this.weights = new Map();
    trainerCount += 1;
    for (const [name, t] of uploaded) {
      const trainable =
        !(name === 'logit_scale' && options.fixedTemperature) && !(options.lockedVision && locked(name));
      const v = tf.variable(t, trainable, `trainer${trainerCount}/${name}`);
      t.dispose();
      this.weights.set(name, v);
      if (trainable) this.vars.set(name, v);
    }
    this.optimizer = new AdamW(this.vars, options);
  }

  /** One optimisation step on a batch; returns the loss before the update. */
  trainStep(batch: PairBatch): StepResult {
    const lr = learningRate(this.step, this.options.schedule);
    const loss = tf.tidy(() => {
      const n = batch.pixels.length / (3 * batch.size * batch.size);
      const ids = tf.tensor2d(batch.ids, [n, batch.length], 'int32'); // [N, L]
      const pixels = tf.tensor4d(batch.pixels, [n, 3, batch.size, batch.size]); // [N, 3, R, R]
      const { value, grads } = tf.variableGrads(
        () => batchLoss(this.weights, this.config, ids, pixels).loss as tf.Scalar,
        [...this.vars.values()],
      );
      const byName: Record<string, tf.Tensor> = {};
      for (const [name, v] of this.vars) byName[name] = grads[v.name]!;
      const vision = this.options.visionLrScale ?? 1;
      this.optimizer.apply(byName, lr, (name) => (name.startsWith('visual.') ? vision : 1));
      return value.dataSync()[0]!;
    });
    const scale = this.weights.get('logit_scale') as tf.Variable;
    tf.tidy(() => scale.assign(tf.clipByValue(scale, 0, MAX_LOGIT_SCALE)));
    this.step += 1;
    return { step: this.step, loss, lr, logitScale: Math.exp(scale.dataSync()[0]!) };
  }

  /** The current weights by OpenAI name and layout, as plain arrays (for saving or a forward pass). */
  exportWeights(): Map<string, { shape: number[]; data: Float32Array }> {
    const out = new Map<string, { shape: number[]; data: Float32Array }>();
    for (const [name, shape] of expectedShapes(this.config)) {
      const t = tf.tidy(() => tf.clone(param(this.weights, name))); // a clone: the parameter may be the variable itself
      out.set(name, { shape, data: Float32Array.from(t.dataSync() as Float32Array) });
      t.dispose();
    }
    return out;
  }

  dispose(): void {
    this.optimizer.dispose();
    for (const v of this.weights.values()) v.dispose();
  }
}
