// Multi-head self-attention as torch's nn.MultiheadAttention computes it for CLIP, and the pre-norm
// residual block around it (seed sections 3.4.2, 3.4.3 and 4.5), with optional hooks for the attention
// explorer (switch heads off, perturb the probabilities, delete patches); without hooks nothing changes.
import * as tf from '@tensorflow/tfjs-core';
import { type LayerConfig, layerNorm, linear, mlp } from './layers';
import { type Reach, fusedAttention } from './speed';
import type { Recorder } from './trace';
import type { Weights } from './weights';

/** Interventions on one tower's forward pass; every field is optional and an empty object changes nothing. */
export interface AttentionHooks {
  /** Heads to switch off, per layer: their context columns are set to zero before out_proj. */
  headMask?: Readonly<Record<number, readonly number[]>>;
  /**
   * A tensor [N, H, n, n] added to a layer's attention probabilities after softmax. At value 0 it changes
   * nothing, and tf.grads with respect to it is the gradient with respect to the probabilities.
   */
  probsOffset?: (layer: number) => tf.Tensor | undefined;
  /** Vision tower only: [N, g*g] of 0/1 multiplying the patch embeddings before the class token. */
  patchKeep?: tf.Tensor;
}

/** What one pass of a tower records, its interventions and how far it runs (speed.ts). */
export interface TowerPass {
  rec: Recorder;
  hooks: AttentionHooks;
  reach: Reach;
}

/** The hooks of one layer, as transformer hands them to the block. */
export interface LayerHooks {
  maskedHeads?: readonly number[];
  probsOffset?: tf.Tensor;
}

const NO_HOOKS: LayerHooks = {};

/** [1, H, 1, 1] of 1, with 0 at the masked heads: multiplies ctx [N, H, n, hd]. */
function headKeep(heads: number, masked: readonly number[]): tf.Tensor {
  const bad = masked.filter((h) => !Number.isInteger(h) || h < 0 || h >= heads);
  if (bad.length) throw new Error(`headMask names heads ${bad.join(', ')}, but the layer has ${heads}`);
  const keep = Array.from({ length: heads }, (_, h) => (masked.includes(h) ? 0 : 1));
  return tf.tensor4d(keep, [1, heads, 1, 1]); // [1, H, 1, 1]
}

/** Splits [N, n, D] into heads: [N, H, n, D / H]; head h owns feature columns [h*hd, (h+1)*hd). */
function splitHeads(x: tf.Tensor, heads: number): tf.Tensor {
  const [batch, n, width] = x.shape as [number, number, number];
  return tf.transpose(tf.reshape(x, [batch, n, heads, width / heads]), [0, 2, 1, 3]);
}

/**
 * The causal mask as an additive bias: 0 where query i may attend to key j (j <= i), -Infinity elsewhere.
 * Adding it broadcasts over batch and heads for free; tf.where would tile it to [N, H, n, n] first. Written
 * here and uploaded once per pass: on wasm, building it from ops cost five kernels per pass.
 */
export function causalBias(n: number): tf.Tensor {
  const bias = new Float32Array(n * n);
  for (let i = 0; i < n; i++) bias.fill(-Infinity, i * n + i + 1, (i + 1) * n);
  return tf.tensor2d(bias, [n, n]); // [n, n]
}

/** q, k and v [N, H, n, hd], split from qkv [N, n, 3D] only when recorded. */
function keepQkv(qkv: tf.Tensor, heads: number, prefix: string, rec: Recorder): void {
  const width = qkv.shape[2]! / 3;
  ['q', 'k', 'v'].forEach((stage, i) =>
    rec.keep(`${prefix}.${stage}`, () =>
      splitHeads(tf.slice(qkv, [0, 0, i * width], [-1, -1, width]), heads),
    ),
  );
}

/** Attention op by op, recording q, k, v and the probabilities, with the hooks applied. */
export function contextByOps(
  qkv: tf.Tensor,
  heads: number,
  mask: tf.Tensor | null,
  prefix: string,
  rec: Recorder,
  hooks: LayerHooks,
): tf.Tensor {
  const [batch, n, packed] = qkv.shape as [number, number, number];
  const width = packed / 3;
  const hd = width / heads;
  const [q, k, v] = tf.split(qkv, 3, -1).map((t) => splitHeads(t, heads)) as [
    tf.Tensor,
    tf.Tensor,
    tf.Tensor,
  ]; // [N, H, n, hd]
  rec.keep(`${prefix}.q`, q);
  rec.keep(`${prefix}.k`, k);
  rec.keep(`${prefix}.v`, v);
  let scores = tf.matMul(tf.div(q, Math.sqrt(hd)), k, false, true); // [N, H, n, n]
  if (mask) scores = tf.add(scores, mask); // [N, H, n, n]
  let probs = tf.softmax(scores, -1); // [N, H, n, n]
  if (hooks.probsOffset) probs = tf.add(probs, hooks.probsOffset); // [N, H, n, n]
  rec.keep(`${prefix}.probs`, probs);
  let ctx = tf.matMul(probs, v); // [N, H, n, hd]
  if (hooks.maskedHeads?.length) ctx = tf.mul(ctx, headKeep(heads, hooks.maskedHeads)); // [N, H, n, hd]
  return tf.reshape(tf.transpose(ctx, [0, 2, 1, 3]), [batch, n, width]); // [N, n, D]
}

/** One block's attention and MLP settings; `mask` is the causal bias from causalBias, or null. */
export interface BlockOptions {
  prefix: string;
  heads: number;
  mask: tf.Tensor | null;
  hooks?: LayerHooks;
  cfg?: LayerConfig;
}

/** softmax(q k^T / sqrt(hd) + mask) v per head, between in_proj and out_proj. */
export function multiHeadAttention(x: tf.Tensor, w: Weights, rec: Recorder, o: BlockOptions): tf.Tensor {
  const { prefix, heads, mask, hooks = NO_HOOKS } = o;
  const qkv = linear(x, w, `${prefix}.in_proj_weight`, `${prefix}.in_proj_bias`); // [N, n, 3D]
  const causal = mask !== null;
  const fused = fusedAttention(qkv, { heads, causal, probs: rec.wants(`${prefix}.probs`), hooks });
  if (fused) {
    keepQkv(qkv, heads, prefix, rec);
    if (fused.probs) rec.keep(`${prefix}.probs`, fused.probs);
  }
  const merged = fused ? fused.context : contextByOps(qkv, heads, mask, prefix, rec, hooks); // [N, n, D]
  rec.keep(`${prefix}.context`, merged);
  const out = linear(merged, w, `${prefix}.out_proj.weight`, `${prefix}.out_proj.bias`); // [N, n, D]
  rec.keep(`${prefix}.out`, out);
  return out;
}

/** x = x + attn(ln_1(x)); x = x + mlp(ln_2(x)). */
export function residualBlock(x: tf.Tensor, w: Weights, rec: Recorder, o: BlockOptions): tf.Tensor {
  const { prefix, cfg = {} } = o;
  const h1 = layerNorm(x, w, `${prefix}.ln_1`, cfg); // [N, n, D]
  rec.keep(`${prefix}.ln_1.out`, h1);
  const attn = multiHeadAttention(h1, w, rec, { ...o, prefix: `${prefix}.attn` }); // [N, n, D]
  const afterAttn = tf.add(x, attn); // [N, n, D]
  rec.keep(`${prefix}.after_attn`, afterAttn);
  const h2 = layerNorm(afterAttn, w, `${prefix}.ln_2`, cfg); // [N, n, D]
  rec.keep(`${prefix}.ln_2.out`, h2);
  const out = tf.add(afterAttn, mlp(h2, w, `${prefix}.mlp`, rec, cfg)); // [N, n, D]
  rec.keep(`${prefix}.out`, out);
  return out;
}

export interface TransformerOptions {
  /** The stack's weight and trace name without a trailing dot: 'transformer', 'visual.transformer'. */
  prefix: string;
  layers: number;
  heads: number;
  /** The text tower's mask: position i attends to positions ≤ i. */
  causal: boolean;
  hooks?: AttentionHooks;
  /** The activation and LayerNorm epsilon. */
  cfg?: LayerConfig;
}

/** A stack of residual blocks named `${prefix}.resblocks.{l}`, as OpenAI's Transformer. */
export function transformer(x: tf.Tensor, w: Weights, rec: Recorder, o: TransformerOptions): tf.Tensor {
  const { prefix, layers, heads, causal, hooks = {}, cfg = {} } = o;
  const mask = causal ? causalBias(x.shape[1]!) : null; // [n, n]
  let h = x;
  for (let l = 0; l < layers; l++) {
    const layer = { maskedHeads: hooks.headMask?.[l], probsOffset: hooks.probsOffset?.(l) };
    h = residualBlock(h, w, rec, { prefix: `${prefix}.resblocks.${l}`, heads, mask, hooks: layer, cfg }); // [N, n, D]
  }
  return h;
}
