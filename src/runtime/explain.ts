// The attention explorer's computation (issue 6) for one image and one caption, with the reader's
// ablations applied (vision or text heads switched off, patches deleted): the class token's attention to
// each patch per layer and head, attention rollout, Chefer et al.'s relevance for the caption, and the three
// deletion curves (the similarity as each map's most relevant patches are removed first). Built on
// src/clip/relevance.ts and the forward hooks of src/clip/attention.ts; everything inside tf.tidy.
import * as tf from '@tensorflow/tfjs-core';
import type { AttentionHooks } from '../clip/attention';
import { dims } from '../clip/config';
import type { ClipModel } from '../clip/model';
import { withOpsOnly } from '../clip/fused';
import { classRollout, rankPatches } from '../clip/relevance';
import { l2Normalize } from '../clip/similarity';
import { encodeText } from '../clip/text-tower';
import { Recorder, type Trace, type TraceEntry } from '../clip/trace';
import { encodeImage } from '../clip/vision-tower';

export type HeadMask = Readonly<Record<number, readonly number[]>>;

export interface ExplainInputs {
  /** One preprocessed image, CHW float32 [3, R, R]. */
  pixels: Float32Array;
  /** One padded token row [L]. */
  ids: Int32Array;
  imageHeadMask?: HeadMask;
  textHeadMask?: HeadMask;
  /** Patch indices (row * g + col) deleted by the reader: only their positional embedding stays. */
  patchMask?: readonly number[];
  /** Patches removed per point of the deletion curves; default about a twelfth of them. */
  step?: number;
  /** Extra Trace keys (or prefixes) to record from the ablated image and text passes. */
  capture?: readonly string[];
}

export interface DeletionCurves {
  /** Patches removed at each point: 0, step, 2·step, ..., g*g. */
  counts: number[];
  attention: number[];
  rollout: number[];
  relevance: number[];
}

export interface Explanation {
  grid: number;
  /** The class token's attention to each patch, per layer and head: [layers, heads, g*g]. */
  classAttention: TraceEntry;
  /** The map the "attention" deletion curve ranks by: the last layer's class attention, mean over heads [g*g]. */
  attentionMap: Float32Array;
  /** Rollout: the class token's row without its own column [g*g]. */
  rollout: Float32Array;
  /** Relevance for the caption (Chefer et al.) [g*g]. */
  relevance: Float32Array;
  deletion: DeletionCurves;
  /** Cosine similarity with the ablations applied, and without any. */
  similarity: number;
  similarityPlain: number;
  /** Features before normalisation, with the ablations applied: [1, E] each. */
  imageFeatures: TraceEntry;
  textFeatures: TraceEntry;
  trace: Trace;
}

const probsKey = (l: number): string => `visual.transformer.resblocks.${l}.attn.probs`;
const PROBS = /^visual\.transformer\.resblocks\.\d+\.attn\.probs$/;
const FEATURES = ['image.features', 'text.features'];

const entry = (t: tf.Tensor): TraceEntry => ({
  shape: t.shape.slice(),
  data: Float32Array.from(t.dataSync()),
});

/** The reader's patch mask as a 0/1 keep row, checked against the grid. */
function keepRow(mask: readonly number[] | undefined, total: number): Float32Array {
  const keep = new Float32Array(total).fill(1);
  for (const p of mask ?? []) {
    if (!Number.isInteger(p) || p < 0 || p >= total) {
      throw new RangeError(`patch ${p} is outside the ${total} patches of the image`);
    }
    keep[p] = 0;
  }
  return keep;
}

/** 0, step, 2·step, ... and the total itself last. */
export function deletionCounts(total: number, step: number): number[] {
  if (!Number.isInteger(step) || step < 1)
    throw new RangeError(`step must be a positive integer, got ${step}`);
  const ks: number[] = [];
  for (let k = 0; k < total; k += step) ks.push(k);
  ks.push(total);
  return ks;
}

/**
 * Cosine similarities of the image with each row of `keeps` ([K, g*g] of 0/1) deleted, the image hooks
 * (head mask) applied, against the normalised text features textN [1, E]; batches of 8 images.
 */
function maskedSimilarities(
  model: ClipModel,
  pixels: tf.Tensor,
  textN: tf.Tensor,
  keeps: Float32Array[],
  headMask: HeadMask | undefined,
): number[] {
  const { config: cfg, weights: w } = model;
  const total = dims(cfg).grid ** 2;
  const out: number[] = [];
  for (let start = 0; start < keeps.length; start += 8) {
    const chunk = keeps.slice(start, start + 8);
    const flat = new Float32Array(chunk.length * total);
    chunk.forEach((row, i) => flat.set(row, i * total));
    const sims = tf.tidy(() => {
      const images = tf.tile(pixels, [chunk.length, 1, 1, 1]); // [K, 3, R, R]
      const patchKeep = tf.tensor2d(flat, [chunk.length, total]); // [K, g*g]
      const features = l2Normalize(encodeImage(images, w, cfg, undefined, { headMask, patchKeep })); // [K, E]
      return tf.matMul(features, textN, false, true); // [K, 1]
    });
    out.push(...sims.dataSync());
    sims.dispose();
  }
  return out;
}

/** The deletion curves of three maps from a base keep row: the first point is shared. */
function deletionCurves(
  model: ClipModel,
  pixels: tf.Tensor,
  textN: tf.Tensor,
  base: Float32Array,
  maps: { attention: Float32Array; rollout: Float32Array; relevance: Float32Array },
  step: number,
  headMask: HeadMask | undefined,
): DeletionCurves {
  const counts = deletionCounts(base.length, step);
  const names = ['attention', 'rollout', 'relevance'] as const;
  const keeps: Float32Array[] = [base];
  for (const name of names) {
    const order = rankPatches(maps[name]);
    for (const k of counts.slice(1)) {
      const keep = base.slice();
      order.slice(0, k).forEach((p) => (keep[p] = 0));
      keeps.push(keep);
    }
  }
  const sims = maskedSimilarities(model, pixels, textN, keeps, headMask);
  const per = counts.length - 1;
  const curve = (i: number): number[] => [sims[0]!, ...sims.slice(1 + i * per, 1 + (i + 1) * per)];
  return { counts, attention: curve(0), rollout: curve(1), relevance: curve(2) };
}

/**
 * Everything the explorer shows for one image and one caption; every tensor is disposed. Op by op throughout
 * (see clip/fused.ts): the gradients need it, and the plain similarity then equals the unmasked one exactly.
 */
export function explain(model: ClipModel, inputs: ExplainInputs): Explanation {
  return withOpsOnly(() => explainByOps(model, inputs));
}

function explainByOps(model: ClipModel, inputs: ExplainInputs): Explanation {
  const { config: cfg, weights: w } = model;
  const d = dims(cfg);
  const total = d.grid * d.grid;
  const n = d.visionTokens;
  const keep = keepRow(inputs.patchMask, total);
  const masked = keep.some((v) => v === 0);
  const step = inputs.step ?? Math.max(1, Math.ceil(total / 12));
  const extra = inputs.capture ?? [];
  const wanted = (key: string): boolean =>
    extra.some((p) => key === p || key.startsWith(p.endsWith('.') ? p : `${p}.`));
  const rec = new Recorder((key) => PROBS.test(key) || FEATURES.includes(key) || wanted(key));
  let out = null as Explanation | null;
  tf.tidy(() => {
    const pixels = tf.tensor4d(inputs.pixels, [1, 3, cfg.image_resolution, cfg.image_resolution]); // [1, 3, R, R]
    const ids = tf.tensor2d(inputs.ids, [1, inputs.ids.length], 'int32'); // [1, L]
    const textN = l2Normalize(encodeText(ids, w, cfg, rec, { headMask: inputs.textHeadMask })); // [1, E]
    const patchKeep = masked ? tf.tensor2d(keep, [1, total]) : undefined; // [1, g*g]
    const zeros = Array.from({ length: cfg.vision_layers }, () => tf.zeros([1, d.visionHeads, n, n])); // [1, H, n, n]
    const cosine = (...offsets: tf.Tensor[]): tf.Scalar => {
      const hooks: AttentionHooks = {
        headMask: inputs.imageHeadMask,
        patchKeep,
        probsOffset: (l) => offsets[l],
      };
      const image = l2Normalize(encodeImage(pixels, w, cfg, rec, hooks)); // [1, E]
      return tf.sum(tf.mul(image, textN)) as tf.Scalar; // []
    };
    const { value, grads } = tf.valueAndGrads(cosine)(zeros);
    const probs = Array.from({ length: cfg.vision_layers }, (_, l) => {
      const e = rec.trace[probsKey(l)]!;
      return tf.tensor(e.data, e.shape); // [1, H, n, n]
    });
    const classAttention = tf.stack(
      probs.map((p) => tf.reshape(tf.slice(p, [0, 0, 0, 1], [1, -1, 1, -1]), [d.visionHeads, total])),
    ); // [layers, H, g*g]
    const lastLayer = tf.slice(classAttention, [cfg.vision_layers - 1, 0, 0], [1, -1, -1]); // [1, H, g*g]
    const attentionMap = tf.mean(lastLayer, [0, 1]); // [g*g]
    const rollout = classRollout(probs); // [g*g]
    let r = tf.eye(n); // [n, n]
    probs.forEach((a, l) => {
      const cam = tf.mean(tf.relu(tf.mul(grads[l]!, a)), [0, 1]); // [n, n]
      r = tf.add(r, tf.matMul(cam, r)); // [n, n]
    });
    const relevance = tf.reshape(tf.slice(r, [0, 1], [1, -1]), [total]); // [g*g]
    const maps = {
      attention: Float32Array.from(attentionMap.dataSync()),
      rollout: Float32Array.from(rollout.dataSync()),
      relevance: Float32Array.from(relevance.dataSync()),
    };
    const deletion = deletionCurves(model, pixels, textN, keep, maps, step, inputs.imageHeadMask);
    const similarity = value.dataSync()[0]!;
    const hooked = masked || Boolean(inputs.imageHeadMask) || Boolean(inputs.textHeadMask);
    const similarityPlain = hooked
      ? tf.tidy(() => {
          const image = l2Normalize(encodeImage(pixels, w, cfg)); // [1, E]
          const text = inputs.textHeadMask ? l2Normalize(encodeText(ids, w, cfg)) : textN; // [1, E]
          return tf.sum(tf.mul(image, text)).dataSync()[0]!;
        })
      : similarity;
    out = {
      grid: d.grid,
      classAttention: entry(classAttention),
      attentionMap: maps.attention,
      rollout: maps.rollout,
      relevance: maps.relevance,
      deletion,
      similarity,
      similarityPlain,
      imageFeatures: rec.trace['image.features']!,
      textFeatures: rec.trace['text.features']!,
      trace: Object.fromEntries(Object.entries(rec.trace).filter(([k]) => wanted(k))),
    };
  });
  if (!out) throw new Error('the explorer computed nothing');
  return out;
}
