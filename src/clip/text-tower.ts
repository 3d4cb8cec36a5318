// The text encoder (seed section 3): token + positional embedding, causal transformer, ln_final on
// every position, the feature read at the first EOT (argmax of the ids), then text_projection.
import * as tf from '@tensorflow/tfjs-core';
import { type ClipConfig, dims } from './config';
import { transformer } from './attention';
import { layerNorm } from './layers';
import { NO_TRACE, type Recorder } from './trace';
import { type Weights, param } from './weights';

/** ids [N, L] int32 → text features [N, embed_dim], before normalisation. */
export function encodeText(ids: tf.Tensor, w: Weights, cfg: ClipConfig, rec: Recorder = NO_TRACE): tf.Tensor {
  const d = dims(cfg);
  const [batch, len] = ids.shape as [number, number];
  if (len > cfg.context_length) {
    throw new Error(`text has ${len} positions but the model's context length is ${cfg.context_length}`);
  }
  rec.keep('text.tokens', ids);
  const tokens = tf.gather(param(w, 'token_embedding.weight'), ids); // [N, L, W]
  rec.keep('token_embedding.out', tokens);
  const pos = tf.slice(param(w, 'positional_embedding'), [0, 0], [len, d.textWidth]); // [L, W]
  const x = tf.add(tokens, pos); // [N, L, W]
  rec.keep('text.embeddings', x);
  const h = transformer(x, w, 'transformer.', cfg.transformer_layers, d.textHeads, true, rec); // [N, L, W]
  const normed = layerNorm(h, w, 'ln_final'); // [N, L, W]
  rec.keep('ln_final.out', normed);
  const eot = tf.cast(tf.argMax(ids, -1), 'int32'); // [N]
  rec.keep('text.eot_index', eot);
  const rows = tf.add(tf.range(0, batch * len, len, 'int32'), eot); // [N]
  const pooled = tf.gather(tf.reshape(normed, [batch * len, d.textWidth]), rows); // [N, W]
  rec.keep('text.pooled', pooled);
  const features = tf.matMul(pooled, param(w, 'text_projection')); // [N, E]
  rec.keep('text.features', features);
  return features;
}
