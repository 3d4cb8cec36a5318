// The whole CLIP: load a checkpoint, run both towers and the similarity in one tidy forward pass, and
// hand back plain typed arrays plus the Trace of whatever intermediates were asked for.
import * as tf from '@tensorflow/tfjs-core';
import type { AttentionHooks } from './attention';
import { type NamingScheme, toOpenAiNames } from './checkpoint-names';
import type { ClipConfig } from './config';
import { readSafetensors } from './safetensors';
import { similarity } from './similarity';
import { reaches } from './speed';
import { textPass } from './text-tower';
import { type Capture, Recorder, type Trace, type TraceEntry } from './trace';
import { imagePass } from './vision-tower';
import { type Weights, createWeights, param, resolveConfig } from './weights';

export interface ClipModel {
  config: ClipConfig;
  weights: Weights;
  /** The tensor naming of the checkpoint it was loaded from; absent for models built in memory. */
  scheme?: NamingScheme;
}

/**
 * Parses a safetensors checkpoint with OpenAI, Hugging Face CLIPModel or open_clip tensor names; the config is
 * given, in its metadata, or inferred.
 */
export function loadModel(bytes: Uint8Array, options: { config?: ClipConfig } = {}): ClipModel {
  const { checkpoint: ckpt, scheme } = toOpenAiNames(readSafetensors(bytes));
  const cfg = resolveConfig(ckpt, options.config);
  return { config: cfg, weights: createWeights(ckpt, cfg), scheme };
}

/** Frees a model's weights (the only tensors that outlive a request) and empties its map. */
export function disposeModel(model: ClipModel): void {
  for (const t of model.weights.values()) t.dispose();
  model.weights.clear();
}

export interface ForwardInputs {
  /** Padded token ids, one row of context_length (or fewer) per text. */
  ids?: readonly Int32Array[];
  /** Preprocessed images, each float32 [3, R, R] in CHW order. */
  images?: readonly Float32Array[];
  /**
   * Features already computed for exactly these inputs (see runtime/feature-cache.ts): that tower does not
   * run, so none of its stages is recorded.
   */
  known?: { image?: TraceEntry; text?: TraceEntry };
}

export interface ForwardResult {
  imageFeatures?: TraceEntry;
  textFeatures?: TraceEntry;
  logitsPerImage?: TraceEntry;
  logitsPerText?: TraceEntry;
  trace: Trace;
}

function stackIds(ids: readonly Int32Array[]): tf.Tensor {
  const len = ids[0]?.length ?? 0;
  if (ids.some((row) => row.length !== len)) throw new Error('every text must be padded to the same length');
  const flat = new Int32Array(ids.length * len);
  ids.forEach((row, i) => flat.set(row, i * len));
  return tf.tensor2d(flat, [ids.length, len], 'int32'); // [Nt, L]
}

function stackImages(images: readonly Float32Array[], resolution: number): tf.Tensor {
  const size = 3 * resolution * resolution;
  images.forEach((img, i) => {
    if (img.length !== size) {
      throw new Error(
        `image ${i} has ${img.length} values, expected 3 x ${resolution} x ${resolution} = ${size}`,
      );
    }
  });
  const flat = new Float32Array(images.length * size);
  images.forEach((img, i) => flat.set(img, i * size));
  return tf.tensor4d(flat, [images.length, 3, resolution, resolution]); // [Ni, 3, R, R]
}

const entry = (t: tf.Tensor): TraceEntry => ({
  shape: t.shape.slice(),
  data: Float32Array.from(t.dataSync()),
});

export interface ForwardOptions {
  capture?: Capture;
  /** Interventions per tower (switched-off heads, attention offsets, deleted patches); see attention.ts. */
  hooks?: { image?: AttentionHooks; text?: AttentionHooks };
  /**
   * The caller reads only the trace: work that no captured key depends on is skipped (later blocks, a
   * tower's head, the similarity); the result then has features and logits only where they were computed.
   */
  traceOnly?: boolean;
}

/** One forward pass; every tensor it makes is disposed before it returns. */
export function forward(
  model: ClipModel,
  inputs: ForwardInputs,
  options: ForwardOptions = {},
): ForwardResult {
  const rec = new Recorder(options.capture ?? false);
  const { config: cfg, weights: w } = model;
  const result: ForwardResult = { trace: rec.trace };
  const pair = Boolean(
    (inputs.known?.image ?? inputs.images?.length) && (inputs.known?.text ?? inputs.ids?.length),
  );
  const reach = reaches(cfg, rec, { traceOnly: options.traceOnly ?? false, pair });
  const known = (e: TraceEntry): tf.Tensor => tf.tensor(e.data, e.shape, 'float32');
  const image = { rec, hooks: options.hooks?.image ?? {}, reach: reach.image };
  const text = { rec, hooks: options.hooks?.text ?? {}, reach: reach.text };
  tf.tidy(() => {
    let img: tf.Tensor | null = null; // [Ni, E]
    if (inputs.known?.image) img = known(inputs.known.image);
    else if (inputs.images?.length)
      img = imagePass(stackImages(inputs.images, cfg.image_resolution), w, cfg, image);
    let txt: tf.Tensor | null = null; // [Nt, E]
    if (inputs.known?.text) txt = known(inputs.known.text);
    else if (inputs.ids?.length) txt = textPass(stackIds(inputs.ids), w, cfg, text);
    if (img) result.imageFeatures = entry(img);
    if (txt) result.textFeatures = entry(txt);
    if (img && txt) {
      const s = similarity(img, txt, param(w, 'logit_scale'));
      rec.keep('image.features_normalized', s.imageNormalized);
      rec.keep('text.features_normalized', s.textNormalized);
      rec.keep('logit_scale.exp', s.scale);
      rec.keep('logits_per_image', s.logitsPerImage);
      rec.keep('logits_per_text', s.logitsPerText);
      result.logitsPerImage = entry(s.logitsPerImage);
      result.logitsPerText = entry(s.logitsPerText);
    }
  });
  return result;
}

/** A [rows, cols] entry as nested arrays, for JSON output. */
export function toRows(e: TraceEntry): number[][] {
  const cols = e.shape[e.shape.length - 1] ?? 1;
  const out: number[][] = [];
  for (let i = 0; i < e.data.length; i += cols) out.push(Array.from(e.data.subarray(i, i + cols)));
  return out;
}
