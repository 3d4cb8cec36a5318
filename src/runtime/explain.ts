// The attention explorer's computation (issue 6) for one image and one caption, with the reader's
// ablations applied (vision or text heads switched off, patches deleted): typed arrays in, typed arrays out.
// The maps (class attention, rollout, relevance) and the deletion curves are src/clip/relevance.ts; this
// file checks the patch mask, builds the hooks, runs it op by op inside tf.tidy and copies the results out.
import * as tf from '@tensorflow/tfjs-core';
import { dims } from '../clip/config';
import type { ClipModel } from '../clip/model';
import { withOpsOnly } from '../clip/speed';
import {
  classAttention,
  classRollout,
  deletionCurves,
  lastLayerAttention,
  rankPatches,
  relevanceFromGradients,
  similarityGradients,
} from '../clip/relevance';
import { l2Normalize } from '../clip/similarity';
import { encodeText } from '../clip/text-tower';
import { keyUnder, type Trace, type TraceEntry } from '../clip/trace';
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

/**
 * Everything the explorer shows for one image and one caption; every tensor is disposed. Op by op throughout
 * (see clip/speed.ts): the gradients need it, and the plain similarity then equals the unmasked one exactly.
 */
export function explain(model: ClipModel, inputs: ExplainInputs): Explanation {
  return withOpsOnly(() => explainByOps(model, inputs));
}

function explainByOps(model: ClipModel, inputs: ExplainInputs): Explanation {
  const { config: cfg, weights: w } = model;
  const d = dims(cfg);
  const total = d.grid * d.grid;
  const keep = keepRow(inputs.patchMask, total);
  const masked = keep.some((v) => v === 0);
  const step = inputs.step ?? Math.max(1, Math.ceil(total / 12));
  const extra = inputs.capture ?? [];
  const wanted = (key: string): boolean => extra.some((p) => keyUnder(key, p));
  let out = null as Explanation | null;
  tf.tidy(() => {
    const pixels = tf.tensor4d(inputs.pixels, [1, 3, cfg.image_resolution, cfg.image_resolution]); // [1, 3, R, R]
    const ids = tf.tensor2d(inputs.ids, [1, inputs.ids.length], 'int32'); // [1, L]
    const patchKeep = masked ? tf.tensor2d(keep, [1, total]) : undefined; // [1, g*g]
    const g = similarityGradients(model, pixels, ids, {
      image: { headMask: inputs.imageHeadMask, patchKeep },
      text: { headMask: inputs.textHeadMask },
      capture: (key) => FEATURES.includes(key) || wanted(key),
    });
    const attention = classAttention(g.probs); // [layers, H, g*g]
    const maps = {
      attention: Float32Array.from(lastLayerAttention(attention).dataSync()),
      rollout: Float32Array.from(classRollout(g.probs).dataSync()),
      relevance: Float32Array.from(relevanceFromGradients(g.probs, g.grads).dataSync()),
    };
    const orders = [maps.attention, maps.rollout, maps.relevance].map(rankPatches);
    const headMask = inputs.imageHeadMask;
    const { counts, curves } = deletionCurves(model, pixels, g.text, orders, step, { keep, headMask });
    const deletion = { counts, attention: curves[0]!, rollout: curves[1]!, relevance: curves[2]! };
    const similarity = g.similarity.dataSync()[0]!;
    const hooked = masked || Boolean(inputs.imageHeadMask) || Boolean(inputs.textHeadMask);
    const similarityPlain = hooked
      ? tf.tidy(() => {
          const image = l2Normalize(encodeImage(pixels, w, cfg)); // [1, E]
          const text = inputs.textHeadMask ? l2Normalize(encodeText(ids, w, cfg)) : g.text; // [1, E]
          return tf.sum(tf.mul(image, text)).dataSync()[0]!;
        })
      : similarity;
    out = {
      grid: d.grid,
      classAttention: entry(attention),
      attentionMap: maps.attention,
      rollout: maps.rollout,
      relevance: maps.relevance,
      deletion,
      similarity,
      similarityPlain,
      imageFeatures: g.trace['image.features']!,
      textFeatures: g.trace['text.features']!,
      trace: Object.fromEntries(Object.entries(g.trace).filter(([k]) => wanted(k))),
    };
  });
  if (!out) throw new Error('the explorer computed nothing');
  return out;
}
