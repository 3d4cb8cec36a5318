// The text encoder (seed section 3): token + positional embedding, causal transformer, ln_final on
// every position, the feature read at the first EOT (argmax of the ids), then text_projection.
// Lookups that need a gradient (the embedding rows of a reduced vocabulary, the EOT row) are written as
// one-hot products: exact, and differentiable on backends without a scatter kernel (wasm).
import * as tf from '@tensorflow/tfjs-core';
import { type ClipConfig, dims } from './config';
import { type AttentionHooks, transformer } from './attention';
import { layerNorm } from './layers';
import { matMul2d } from './matmul';
import { type Reach, fullReach } from './reach';
import { NO_TRACE, type Recorder } from './trace';
import { type Weights, param } from './weights';

/**
 * token_embedding[ids]. With a reduced vocabulary (cfg.token_ids), row k belongs to BPE id token_ids[k]
 * and every other id shares the last row.
 */
export function embedTokens(ids: tf.Tensor, w: Weights, cfg: ClipConfig): tf.Tensor {
  const table = param(w, 'token_embedding.weight'); // [V, W]
  if (!cfg.token_ids) return tf.gather(table, ids); // [N, L, W]
  const [batch, len] = ids.shape as [number, number];
  const flat = tf.reshape(ids, [batch * len, 1]); // [N*L, 1]
  const known = tf.cast(tf.equal(flat, tf.tensor1d(cfg.token_ids, 'int32')), 'float32'); // [N*L, K]
  const other = tf.sub(1, tf.sum(known, -1, true)); // [N*L, 1]
  const rows = matMul2d(tf.concat([known, other], -1), table); // [N*L, W]
  return tf.reshape(rows, [batch, len, table.shape[1]!]); // [N, L, W]
}

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

/** The keys that hold one row per position: a pass that records any of them computes all positions. */
export const TEXT_POSITIONAL = [
  'text.tokens',
  'token_embedding',
  'text.embeddings',
  'transformer',
  'ln_final',
];
/** The keys recorded after the blocks, by the head. */
export const TEXT_HEAD = ['ln_final', 'text.eot_index', 'text.pooled', 'text.features'];

/**
 * ids [N, L] int32 → text features [N, embed_dim], before normalisation; `hooks` as in attention.ts.
 * Without hooks or a recorded per-position key, only the positions up to the latest EOT are computed (see
 * usedLength).
 */
export function encodeText(
  ids: tf.Tensor,
  w: Weights,
  cfg: ClipConfig,
  rec: Recorder = NO_TRACE,
  hooks: AttentionHooks = {},
): tf.Tensor {
  return textPass(ids, w, cfg, rec, hooks, fullReach(cfg.transformer_layers))!;
}

/** encodeText as far as `reach` goes: null when the head is left out. */
export function textPass(
  ids: tf.Tensor,
  w: Weights,
  cfg: ClipConfig,
  rec: Recorder,
  hooks: AttentionHooks,
  reach: Reach,
): tf.Tensor | null {
  const d = dims(cfg);
  const [batch, full] = ids.shape as [number, number];
  if (full > cfg.context_length) {
    throw new Error(`text has ${full} positions but the model's context length is ${cfg.context_length}`);
  }
  const whole =
    hooks.headMask !== undefined ||
    hooks.probsOffset !== undefined ||
    TEXT_POSITIONAL.some((k) => rec.mayWant(k));
  const len = whole ? full : usedLength(ids.dataSync() as Int32Array, batch, full);
  const used = len < full ? tf.slice(ids, [0, 0], [batch, len]) : ids; // [N, L]
  rec.keep('text.tokens', used);
  const tokens = embedTokens(used, w, cfg); // [N, L, W]
  rec.keep('token_embedding.out', tokens);
  const pos = tf.slice(param(w, 'positional_embedding'), [0, 0], [len, d.textWidth]); // [L, W]
  const x = tf.add(tokens, pos); // [N, L, W]
  rec.keep('text.embeddings', x);
  const h = transformer(x, w, rec, {
    prefix: 'transformer',
    layers: reach.layers,
    heads: d.textHeads,
    causal: true,
    hooks,
    cfg,
  }); // [N, L, W]
  if (!reach.head) return null;
  const normed = layerNorm(h, w, 'ln_final', cfg); // [N, L, W]
  rec.keep('ln_final.out', normed);
  const eot = tf.cast(tf.argMax(used, -1), 'int32'); // [N]
  rec.keep('text.eot_index', eot);
  const pick = tf.reshape(tf.oneHot(eot, len), [batch, 1, len]); // [N, 1, L]
  const pooled = tf.reshape(tf.matMul(pick, normed), [batch, d.textWidth]); // [N, W]
  rec.keep('text.pooled', pooled);
  const features = matMul2d(pooled, param(w, 'text_projection')); // [N, E]
  rec.keep('text.features', features);
  return features;
}
