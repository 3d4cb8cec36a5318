// The forward pass's speed choices, in one place. The readable path (model.ts, text-tower.ts,
// vision-tower.ts, attention.ts, layers.ts) computes CLIP with plain ops and asks here wherever a faster way
// gives the same numbers:
// - products: matrices that multiply activations are held as [in, out] (weights.ts), gradients take
//   explicit transposes, and the fused linear kernel adds the bias and activation as it writes;
// - LayerNorm and attention: one fused kernel each where the backend registers it (fused.ts) and nothing
//   needs the ops (a gradient tape, hooks, recorded intermediates the kernel never forms);
// - the EOT cut: text positions after the batch's last EOT are not computed;
// - reach: a pass whose caller reads only the trace stops after the last block a captured key names.
// Each must equal the plain ops: test/clip/model.test.ts runs the reference stages with and without them.
import * as tf from '@tensorflow/tfjs-core';
import { type Activation, activate } from './activations';
import type { AttentionHooks, LayerHooks } from './attention';
import type { ClipConfig } from './config';
import {
  FUSED_ATTENTION,
  type FusedAttentionAttrs,
  FUSED_LAYER_NORM,
  type FusedLayerNormAttrs,
  FUSED_LINEAR,
  type FusedLinearAttrs,
} from './fused';
import type { Recorder } from './trace';

let opsOnly = 0;

/**
 * Runs `fn` with every fused kernel off: for callers that compare passes with and without a gradient tape
 * and need them to agree bit for bit (the attention explorer).
 */
export function withOpsOnly<T>(fn: () => T): T {
  opsOnly++;
  try {
    return fn();
  } finally {
    opsOnly--;
  }
}

/** Whether the running backend has the kernel, no gradient is being recorded and ops are not forced. */
function canRunFused(name: string): boolean {
  return opsOnly === 0 && !tf.engine().isTapeOn() && tf.getKernel(name, tf.getBackend()) !== undefined;
}

type FusedAttrs = FusedAttentionAttrs | FusedLayerNormAttrs | FusedLinearAttrs;

function runFused(name: string, inputs: tf.NamedTensorMap, attrs: FusedAttrs): tf.Tensor {
  return tf.engine().runKernel(name, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}

/** A fused kernel with several outputs, in the order the kernel returns them. */
function runFusedAll(name: string, inputs: tf.NamedTensorMap, attrs: FusedAttrs): tf.Tensor[] {
  return tf.engine().runKernel(name, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
}

// On the wasm backend a matMul with a transposed operand runs about ten times slower than transposing first
// (measured here for [4736, 96] x [96, 384]: 250 ms against 25 ms), and TF.js's own matMul gradient uses
// those flags: these two products write their gradients with explicit transposes.

/** a [m, k] @ b [k, n]. */
export const matMul2d = tf.customGrad(((a: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
  save([a, b]);
  return {
    value: tf.matMul(a, b), // [m, n]
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved as [tf.Tensor, tf.Tensor];
      return [tf.matMul(dy, tf.transpose(sb)), tf.matMul(tf.transpose(sa), dy)]; // [m, k], [k, n]
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;

/** x [m, k] @ w [k, n] + bias [n] in one fused kernel (the bias added as the product is written). */
const matMulBias = tf.customGrad(((x: tf.Tensor, w: tf.Tensor, bias: tf.Tensor, save: tf.GradSaveFunc) => {
  save([x, w]);
  return {
    value: tf.fused.matMul({ a: x, b: w, bias }), // [m, n]
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sx, sw] = saved as [tf.Tensor, tf.Tensor];
      return [tf.matMul(dy, tf.transpose(sw)), tf.matMul(tf.transpose(sx), dy), tf.sum(dy, 0)]; // [m, k], [k, n], [n]
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as (
  x: tf.Tensor,
  w: tf.Tensor,
  bias: tf.Tensor,
) => tf.Tensor;

/** act(x [m, k] @ w [k, n] + bias [n]), w laid out [in, out]; the fused kernel where it runs. */
export function product(x: tf.Tensor, w: tf.Tensor, bias?: tf.Tensor, act?: Activation): tf.Tensor {
  if (canRunFused(FUSED_LINEAR)) {
    return runFused(FUSED_LINEAR, bias ? { x, w, bias } : { x, w }, act ? { activation: act } : {}); // [m, n]
  }
  const y = bias ? matMulBias(x, w, bias) : matMul2d(x, w); // [m, n]
  return act ? activate(y, act) : y;
}

/** LayerNorm of x [..., D] in one kernel, or null where the ops must run. */
export function fusedLayerNorm(
  x: tf.Tensor,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  eps: number,
): tf.Tensor | null {
  if (!canRunFused(FUSED_LAYER_NORM)) return null;
  return runFused(FUSED_LAYER_NORM, { x, gamma, beta }, { epsilon: eps }); // [..., D]
}

/**
 * Attention's context [N, n, D] from qkv [N, n, 3D] in one kernel, with the probabilities [N, H, n, n] when
 * `probs` asks; null where a hook needs the probabilities op by op or the kernel cannot run.
 */
export function fusedAttention(
  qkv: tf.Tensor,
  o: { heads: number; causal: boolean; probs: boolean; hooks: LayerHooks },
): { context: tf.Tensor; probs?: tf.Tensor } | null {
  if (o.hooks.probsOffset || o.hooks.maskedHeads?.length || !canRunFused(FUSED_ATTENTION)) return null;
  const attrs = { heads: o.heads, causal: o.causal };
  if (!o.probs) return { context: runFused(FUSED_ATTENTION, { qkv }, attrs) }; // [N, n, D]
  const [context, probs] = runFusedAll(FUSED_ATTENTION, { qkv }, { ...attrs, probs: true }); // [N, n, D], [N, H, n, n]
  return { context: context!, probs: probs! };
}

/** The text keys that hold one row per position: a pass that records any of them computes all positions. */
export const TEXT_POSITIONAL = [
  'text.tokens',
  'token_embedding',
  'text.embeddings',
  'transformer',
  'ln_final',
];
/** The keys each tower records after its blocks, in its head. */
export const TEXT_HEAD = ['ln_final', 'text.eot_index', 'text.pooled', 'text.features'];
export const VISION_HEAD = ['visual.ln_post', 'image.features'];
/** Every key the image tower records (as prefixes). */
export const VISION_KEYS = ['image.pixels', 'visual', 'image.features'];

/**
 * Positions a pass must compute for features alone: through the latest EOT of the batch (each row's argmax,
 * the first if tied). The causal mask keeps every position from seeing later ones, so the padding after
 * that cannot change a feature.
 */
export function usedLength(ids: Int32Array, batch: number, len: number): number {
  let last = 0;
  for (let r = 0; r < batch; r++) {
    let best = 0;
    for (let i = 1; i < len; i++) if (ids[r * len + i]! > ids[r * len + best]!) best = i;
    last = Math.max(last, best);
  }
  return last + 1;
}

/** The positions the text tower computes for ids [N, L]: all of them when hooks or the trace see them. */
export function textPositions(ids: tf.Tensor, rec: Recorder, hooks: AttentionHooks): number {
  const [batch, full] = ids.shape as [number, number];
  const whole =
    hooks.headMask !== undefined ||
    hooks.probsOffset !== undefined ||
    TEXT_POSITIONAL.some((k) => rec.mayWant(k));
  return whole ? full : usedLength(ids.dataSync() as Int32Array, batch, full);
}

/** How far a pass runs a tower: residual blocks from the first, and whether its head gives features. */
export interface Reach {
  layers: number;
  head: boolean;
}

const fullReach = (layers: number): Reach => ({ layers, head: true });

/** `blocks`: the tower's stack ('transformer'); `after`: the keys recorded after its blocks. */
function towerReach(rec: Recorder, blocks: string, layers: number, after: readonly string[]): Reach {
  if (after.some((k) => rec.mayWant(k))) return fullReach(layers);
  let n = layers;
  while (n > 0 && !rec.mayWant(`${blocks}.resblocks.${n - 1}`)) n--;
  return { layers: n, head: false };
}

/** Keys recorded from both towers' features. */
const PAIR_KEYS = [
  'image.features_normalized',
  'text.features_normalized',
  'logit_scale.exp',
  'logits_per_image',
  'logits_per_text',
];

/**
 * Each tower's reach: everything, unless the caller reads only the trace (and, with both towers, none of the
 * keys that need their features).
 */
export function reaches(
  cfg: ClipConfig,
  rec: Recorder,
  o: { traceOnly: boolean; pair: boolean },
): { image: Reach; text: Reach } {
  if (!o.traceOnly || (o.pair && PAIR_KEYS.some((k) => rec.wants(k)))) {
    return { image: fullReach(cfg.vision_layers), text: fullReach(cfg.transformer_layers) };
  }
  return {
    image: towerReach(rec, 'visual.transformer', cfg.vision_layers, VISION_HEAD),
    text: towerReach(rec, 'transformer', cfg.transformer_layers, TEXT_HEAD),
  };
}
