// The training lab's loop (seed section 6, live): a CLIP far smaller than the shipped tiny one, trained
// contrastively on the procedural world with the project's own Trainer, one batch per step. Batch k depends
// only on (seed, k), so a paused and resumed run computes exactly the losses of an uninterrupted one.
// Probes on fixed images measure zero-shot accuracy (exact label, colour only, shape only) and give the
// features the lab projects to 2-D. Pure TF.js: runs in the page's worker and in Node.
import * as tf from '@tensorflow/tfjs-core';
import type { ClipConfig } from '../clip/config';
import { initWeights } from '../clip/init';
import { l2Normalize } from '../clip/similarity';
import { encodeText } from '../clip/text-tower';
import type { ClipTokenizer } from '../clip/tokenizer';
import { encodeImage } from '../clip/vision-tower';
import { type Weights, expectedShapes, param } from '../clip/weights';
import { deriveSeed, makeBatch, zeroShotLabels, type Colour, type Shape } from '../world';
import { configFromSizes } from './tiny-config';
import { type PairBatch, type StepResult, Trainer } from './trainer';
import { encodeImages, encodeTexts, pairBatch, worldTokenIds } from './world-data';
import { LAB_PRESETS, type LabPresetName, PROBE_IMAGES, VIEW_PAIRS } from './training-lab-sizes';

export interface LabSettings {
  preset: LabPresetName;
  /** Peak learning rate (reached after WARMUP_STEPS, then kept). */
  lr: number;
  batchSize: number;
  learnedTemperature: boolean;
  seed: number;
}

export const DEFAULT_LAB_SETTINGS: LabSettings = {
  preset: 'xs',
  lr: 3e-3,
  batchSize: 32,
  learnedTemperature: true,
  seed: 1,
};

export const WARMUP_STEPS = 20;
/** AdamW's decoupled weight decay in the lab (on matrices only; see adamw.ts). */
export const LAB_WEIGHT_DECAY = 0.1;
const PROBE_SEED = 2024;
/** The page's worker sends a logits view every VIEW_EVERY steps and a probe every PROBE_EVERY steps. */
export const VIEW_EVERY = 2;
export const PROBE_EVERY = 10;

type WeightMap = Map<string, { shape: number[]; data: Float32Array }>;

export interface LabProbe {
  step: number;
  /** Top-1 among all colour × shape prompts: exact label, right colour, right shape. */
  accuracy: number;
  colourAccuracy: number;
  shapeAccuracy: number;
  /** Normalised features, [PROBE_IMAGES, E] and [labels, E] row-major. */
  imageFeatures: Float32Array;
  textFeatures: Float32Array;
  dim: number;
  /** What each probe image shows (the prompts are zeroShotLabels(), in order). */
  objects: { colour: Colour; shape: Shape }[];
}

export interface LabView {
  step: number;
  /** Logits [n, n] of the first n pairs of the last batch (images × texts), and their captions. */
  logits: Float32Array;
  n: number;
  captions: string[];
}

/** What every probe shows (same for all runs): the images' labels and the prompts. */
export function probeItems(size: number): {
  images: Uint8Array[];
  objects: { colour: Colour; shape: Shape }[];
} {
  const batch = makeBatch(PROBE_SEED, PROBE_IMAGES, { split: 'train', objectCount: 1, size });
  return {
    images: batch.images,
    objects: batch.scenes.map((s) => ({ colour: s.objects[0]!.colour, shape: s.objects[0]!.shape })),
  };
}

export function labConfig(tokenizer: ClipTokenizer, preset: LabPresetName): ClipConfig {
  return configFromSizes(worldTokenIds(tokenizer), LAB_PRESETS[preset]);
}

/** The image tower of a loaded model (any layout) as plain arrays in OpenAI's layout, for the 'lit' preset. */
export function visionWeightsOf(weights: Weights, cfg: ClipConfig): WeightMap {
  const out: WeightMap = new Map();
  for (const [name, shape] of expectedShapes(cfg)) {
    if (!name.startsWith('visual.')) continue;
    const data = tf.tidy(() => Float32Array.from(param(weights, name).dataSync()));
    out.set(name, { shape, data });
  }
  return out;
}

/** Fresh weights from the seed, with the image tower taken from `vision` when given (names visual.*). */
function startWeights(cfg: ClipConfig, seed: number, vision?: WeightMap): WeightMap {
  const start = initWeights(cfg, { seed });
  if (!vision) return start;
  for (const [name, t] of start) {
    if (!name.startsWith('visual.')) continue;
    const from = vision.get(name);
    if (!from || from.shape.join() !== t.shape.join()) {
      throw new Error(`the pretrained image tower has no ${name} of shape [${t.shape.join(', ')}]`);
    }
    start.set(name, from);
  }
  return start;
}

export class LabRun {
  readonly config: ClipConfig;
  private readonly trainer: Trainer;
  private readonly probeImages: Float32Array; // [P, 3, R, R]
  private readonly probeExpected: { colour: Colour; shape: Shape }[];
  private readonly prompts: { ids: Int32Array; length: number };
  private last: { batch: PairBatch; captions: string[] } | null = null;

  /** `vision`: pretrained image-tower weights (OpenAI names), required by the 'lit' preset. */
  constructor(
    private readonly tokenizer: ClipTokenizer,
    readonly settings: LabSettings,
    vision?: WeightMap,
  ) {
    const lit = settings.preset === 'lit';
    if (lit && !vision) throw new Error('the lit preset needs the pretrained image tower');
    this.config = labConfig(tokenizer, settings.preset);
    this.trainer = new Trainer(this.config, {
      seed: settings.seed,
      schedule: { peak: settings.lr, warmup: WARMUP_STEPS, total: Number.POSITIVE_INFINITY },
      fixedTemperature: !settings.learnedTemperature,
      weightDecay: LAB_WEIGHT_DECAY,
      lockedVision: lit,
      initial: startWeights(this.config, settings.seed, lit ? vision : undefined),
    });
    const probe = probeItems(this.config.image_resolution);
    this.probeImages = encodeImages(probe.images, this.config.image_resolution);
    this.probeExpected = probe.objects;
    this.prompts = encodeTexts(
      tokenizer,
      zeroShotLabels().map((l) => l.prompt),
      this.config,
    );
  }

  /** Number of weights in the model (trainable or locked). */
  get parameters(): number {
    let n = 0;
    for (const shape of expectedShapes(this.config).values()) n += shape.reduce((a, b) => a * b, 1);
    return n;
  }

  get step(): number {
    return this.trainer.step;
  }

  /** The training batch of step k (0-based): a function of the seed and k only. */
  batchAt(k: number): { batch: PairBatch; captions: string[] } {
    const size = this.config.image_resolution;
    const world = makeBatch(deriveSeed(this.settings.seed, 7, k), this.settings.batchSize, {
      split: 'train',
      size,
    });
    return {
      batch: pairBatch(this.tokenizer, this.config, world.images, world.captions),
      captions: world.captions,
    };
  }

  /** One optimisation step on the next batch; the loss is measured before the update. */
  trainStep(): StepResult {
    this.last = this.batchAt(this.trainer.step);
    return this.trainer.trainStep(this.last.batch);
  }

  /** Logits of the first VIEW_PAIRS pairs of the last batch, with the current weights. */
  view(): LabView | null {
    if (!this.last) return null;
    const { batch, captions } = this.last;
    const n = Math.min(VIEW_PAIRS, captions.length);
    const r = batch.size;
    const w = this.trainer.weights;
    const logits = tf.tidy(() => {
      const ids = tf.tensor2d(batch.ids.subarray(0, n * batch.length), [n, batch.length], 'int32'); // [n, L]
      const pixels = tf.tensor4d(batch.pixels.subarray(0, n * 3 * r * r), [n, 3, r, r]); // [n, 3, R, R]
      const img = l2Normalize(encodeImage(pixels, w, this.config)); // [n, E]
      const txt = l2Normalize(encodeText(ids, w, this.config)); // [n, E]
      const scale = tf.exp(param(w, 'logit_scale')); // []
      return Float32Array.from(tf.mul(tf.matMul(img, txt, false, true), scale).dataSync()); // [n, n]
    });
    return { step: this.step, logits, n, captions: captions.slice(0, n) };
  }

  /** Zero-shot accuracy on the probe images and the features the lab projects. */
  probe(): LabProbe {
    const labels = zeroShotLabels();
    const r = this.config.image_resolution;
    const w = this.trainer.weights;
    const { imageFeatures, textFeatures, best } = tf.tidy(() => {
      const pixels = tf.tensor4d(this.probeImages, [PROBE_IMAGES, 3, r, r]); // [P, 3, R, R]
      const ids = tf.tensor2d(this.prompts.ids, [labels.length, this.prompts.length], 'int32'); // [K, L]
      const img = l2Normalize(encodeImage(pixels, w, this.config)); // [P, E]
      const txt = l2Normalize(encodeText(ids, w, this.config)); // [K, E]
      const scores = tf.matMul(img, txt, false, true); // [P, K]
      return {
        imageFeatures: Float32Array.from(img.dataSync()),
        textFeatures: Float32Array.from(txt.dataSync()),
        best: Int32Array.from(tf.argMax(scores, -1).dataSync()), // [P]
      };
    });
    let exact = 0;
    let colour = 0;
    let shape = 0;
    this.probeExpected.forEach((want, i) => {
      const got = labels[best[i]!]!;
      if (got.colour === want.colour) colour += 1;
      if (got.shape === want.shape) shape += 1;
      if (got.colour === want.colour && got.shape === want.shape) exact += 1;
    });
    return {
      step: this.step,
      accuracy: exact / PROBE_IMAGES,
      colourAccuracy: colour / PROBE_IMAGES,
      shapeAccuracy: shape / PROBE_IMAGES,
      imageFeatures,
      textFeatures,
      dim: this.config.embed_dim,
      objects: this.probeExpected,
    };
  }

  /** The current weights by OpenAI name and layout. */
  exportWeights(): WeightMap {
    return this.trainer.exportWeights();
  }

  dispose(): void {
    this.trainer.dispose();
  }
}
