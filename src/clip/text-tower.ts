// The text encoder (seed section 3), as OpenAI's encode_text: token + positional embedding, causal
// transformer, ln_final on every position, the feature read at the first EOT (argmax of the ids), then
// text_projection. Positions after the batch's last EOT are skipped when nothing reads them (speed.ts).
// Lookups that need a gradient (the embedding rows of a reduced vocabulary, the EOT row) are written as
// one-hot products: exact, and differentiable on backends without a scatter kernel (wasm).
import * as tf from '@tensorflow/tfjs-core';
import { type ClipConfig, dims } from './config';
import { type AttentionHooks, type TowerPass, transformer } from './attention';
import { layerNorm } from './layers';
import { matMul2d, textPositions } from './speed';
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

/** ids [N, L] int32 → text features [N, embed_dim], before normalisation; `hooks` as in attention.ts. */
export function encodeText(
  ids: tf.Tensor,
  w: Weights,
  cfg: ClipConfig,
  rec: Recorder = NO_TRACE,
  hooks: AttentionHooks = {},
): tf.Tensor {
  return textPass(ids, w, cfg, { rec, hooks, reach: { layers: cfg.transformer_layers, head: true } })!;
}

/** encodeText as far as `reach` goes: null when the head is left out. */
export function textPass(ids: tf.Tensor, w: Weights, cfg: ClipConfig, o: TowerPass): tf.Tensor | null {
  const { rec, hooks, reach } = o;
  const d = dims(cfg);
  const [batch, full] = ids.shape as [number, number];
  if (full > cfg.context_length) {
    throw new Error(`text has ${full} positions but the model's context length is ${cfg.context_length}`);
  }
  const len = textPositions(ids, rec, hooks);
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
