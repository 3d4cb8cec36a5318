// The image encoder (seed section 4): patch embedding (conv1 with kernel = stride = patch, written as
// one matmul over flattened patches), class token, positional embedding, ln_pre, a transformer without
// mask, ln_post on the class token, then visual.proj.
import * as tf from '@tensorflow/tfjs-core';
import { type ClipConfig, dims } from './config';
import { type AttentionHooks, type TowerPass, transformer } from './attention';
import { layerNorm } from './layers';
import { matMul2d, product } from './speed';
import { NO_TRACE, type Recorder } from './trace';
import { type Weights, laidOut, param } from './weights';

/** pixels [N, 3, R, R] → patch embeddings [N, g*g, width], patch index = row * g + col. */
export function patchEmbed(pixels: tf.Tensor, w: Weights, cfg: ClipConfig): tf.Tensor {
  const { patch: p, grid: g, visionWidth: vw } = dims(cfg);
  const batch = pixels.shape[0]!;
  // Two 4-D transposes instead of one 6-D one: wasm has no fast kernel above rank 4 (about 30 ms against
  // 1.3 ms for ViT-B/32, measured here).
  const blocks = tf.reshape(pixels, [batch * 3 * g, p, g, p]); // [N*C*gy, py, gx, px]
  const cells = tf.reshape(tf.transpose(blocks, [0, 2, 1, 3]), [batch, 3, g * g, p * p]); // [N, C, gy*gx, py*px]
  const rows = tf.reshape(tf.transpose(cells, [0, 2, 1, 3]), [batch * g * g, 3 * p * p]); // [N*g*g, C*p*p]
  const embedded = product(rows, laidOut(w, 'visual.conv1.weight')); // [N*g*g, width]
  return tf.reshape(embedded, [batch, g * g, vw]); // [N, g*g, width]
}

/**
 * pixels [N, 3, R, R] (CLIP-normalised) → image features [N, embed_dim], before normalisation. `hooks`
 * switch heads off, perturb attention or delete patches (attention.ts); left out, nothing changes.
 */
export function encodeImage(
  pixels: tf.Tensor,
  w: Weights,
  cfg: ClipConfig,
  rec: Recorder = NO_TRACE,
  hooks: AttentionHooks = {},
): tf.Tensor {
  return imagePass(pixels, w, cfg, { rec, hooks, reach: { layers: cfg.vision_layers, head: true } })!;
}

/** encodeImage as far as `reach` goes: null when the head is left out. */
export function imagePass(pixels: tf.Tensor, w: Weights, cfg: ClipConfig, o: TowerPass): tf.Tensor | null {
  const { rec, hooks, reach } = o;
  const d = dims(cfg);
  const [batch, channels, height, width] = pixels.shape as number[];
  if (channels !== 3 || height !== cfg.image_resolution || width !== cfg.image_resolution) {
    throw new Error(
      `image tensor has shape [${pixels.shape.join(', ')}], expected [N, 3, ${cfg.image_resolution}, ${cfg.image_resolution}]`,
    );
  }
  rec.keep('image.pixels', pixels);
  let patches = patchEmbed(pixels, w, cfg); // [N, g*g, Wv]
  if (hooks.patchKeep) {
    const keep = tf.reshape(hooks.patchKeep, [batch!, d.grid * d.grid, 1]); // [N, g*g, 1]
    patches = tf.mul(patches, tf.cast(keep, 'float32')); // [N, g*g, Wv]
  }
  rec.keep('visual.conv1.out', () =>
    tf.transpose(tf.reshape(patches, [batch!, d.grid, d.grid, d.visionWidth]), [0, 3, 1, 2]),
  ); // [N, Wv, g, g]
  rec.keep('visual.patches', patches);
  const cls = tf.broadcastTo(tf.reshape(param(w, 'visual.class_embedding'), [1, 1, d.visionWidth]), [
    batch!,
    1,
    d.visionWidth,
  ]); // [N, 1, Wv]
  const tokens = tf.concat([cls, patches], 1); // [N, 1 + g*g, Wv]
  const x = tf.add(tokens, param(w, 'visual.positional_embedding')); // [N, 1 + g*g, Wv]
  rec.keep('visual.embeddings', x);
  const pre = layerNorm(x, w, 'visual.ln_pre', cfg); // [N, 1 + g*g, Wv]
  rec.keep('visual.ln_pre.out', pre);
  const h = transformer(pre, w, rec, {
    prefix: 'visual.transformer',
    layers: reach.layers,
    heads: d.visionHeads,
    causal: false,
    hooks,
    cfg,
  }); // [N, 1 + g*g, Wv]
  if (!reach.head) return null;
  const clsOut = tf.reshape(tf.slice(h, [0, 0, 0], [batch!, 1, d.visionWidth]), [batch!, d.visionWidth]); // [N, Wv]
  const post = layerNorm(clsOut, w, 'visual.ln_post', cfg); // [N, Wv]
  rec.keep('visual.ln_post.out', post);
  const features = matMul2d(post, param(w, 'visual.proj')); // [N, E]
  rec.keep('image.features', features);
  return features;
}
