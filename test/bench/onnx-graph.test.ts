// The bench's ONNX graphs (scripts/bench/onnx-clip.ts) run by onnxruntime agree with our TF.js model
// and with OpenAI's fixtures, on tiny-clip-a and on a config the fixtures do not cover.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { clipOnnx, type WeightSource } from '../../scripts/bench/onnx-clip';
import { type ClipConfig, validateConfig } from '../../src/clip/config';
import { initWeights, seededRandom } from '../../src/clip/init';
import { type Checkpoint, type TensorEntry, readSafetensors } from '../../src/clip/safetensors';
import { encodeText } from '../../src/clip/text-tower';
import { encodeImage } from '../../src/clip/vision-tower';
import { createWeights } from '../../src/clip/weights';
import { useBackend } from '../../src/node/backend';
import { TINY_A, loadFixtures, maxAbsDiff } from '../helpers/reference';

const source =
  (ckpt: Checkpoint): WeightSource =>
  (name) => {
    const t = ckpt.tensors.get(name);
    if (!t) throw new Error(`no tensor "${name}" in the checkpoint`);
    return t;
  };

/** Runs each row through onnxruntime at batch 1; returns the features of all rows, concatenated. */
async function runOnnx(
  bytes: Uint8Array,
  input: 'pixels' | 'ids',
  rows: (Float32Array | BigInt64Array)[],
  shape: number[],
) {
  const session = await ort.InferenceSession.create(bytes);
  const out: number[] = [];
  try {
    for (const row of rows) {
      const tensor =
        row instanceof Float32Array
          ? new ort.Tensor('float32', row, shape)
          : new ort.Tensor('int64', row, shape);
      const result = await session.run({ [input]: tensor });
      out.push(...(result.features!.data as Float32Array));
    }
  } finally {
    await session.release();
  }
  return Float32Array.from(out);
}

/** Our TF.js encoders on the whole batch, every tensor disposed. */
function runTf(ckpt: Checkpoint, cfg: ClipConfig, pixels: Float32Array, ids: Int32Array) {
  const w = createWeights(ckpt, cfg);
  try {
    const R = cfg.image_resolution;
    const images = pixels.length / (3 * R * R);
    const texts = ids.length / cfg.context_length;
    return tf.tidy(() => ({
      image: encodeImage(tf.tensor4d(pixels, [images, 3, R, R]), w, cfg).dataSync() as Float32Array,
      text: encodeText(
        tf.tensor2d(ids, [texts, cfg.context_length], 'int32'),
        w,
        cfg,
      ).dataSync() as Float32Array,
    }));
  } finally {
    for (const t of w.values()) t.dispose();
  }
}

const rowsOf = (data: Float32Array | Int32Array, size: number) =>
  Array.from({ length: data.length / size }, (_, i) => data.subarray(i * size, (i + 1) * size));

async function compare(ckpt: Checkpoint, cfg: ClipConfig, pixels: Float32Array, ids: Int32Array) {
  const R = cfg.image_resolution;
  const L = cfg.context_length;
  const onnxImage = await runOnnx(
    clipOnnx(source(ckpt), cfg, 'image'),
    'pixels',
    rowsOf(pixels, 3 * R * R) as Float32Array[],
    [1, 3, R, R],
  );
  const onnxText = await runOnnx(
    clipOnnx(source(ckpt), cfg, 'text'),
    'ids',
    rowsOf(ids, L).map((r) => BigInt64Array.from(r, (v) => BigInt(v))),
    [1, L],
  );
  const before = tf.memory().numTensors;
  const ours = runTf(ckpt, cfg, pixels, ids);
  expect(tf.memory().numTensors).toBe(before);
  const diff = { image: maxAbsDiff(onnxImage, ours.image), text: maxAbsDiff(onnxText, ours.text) };
  return { onnxImage, onnxText, diff };
}

beforeAll(() => useBackend('wasm'));

describe('the ONNX CLIP graphs', () => {
  const tinyCkpt = readSafetensors(new Uint8Array(readFileSync(resolve(TINY_A, 'weights.safetensors'))));
  const tinyCfg = validateConfig(
    JSON.parse(readFileSync(resolve(TINY_A, 'config.json'), 'utf8')),
    'tiny-clip-a',
  );

  it('match our model and OpenAI on tiny-clip-a', async () => {
    const fx = loadFixtures();
    const pixels = fx.get('image.pixels').data as Float32Array;
    const ids = fx.get('text.tokens').data as Int32Array;
    const { onnxImage, onnxText, diff } = await compare(tinyCkpt, tinyCfg, pixels, ids);
    const openai = {
      image: maxAbsDiff(onnxImage, fx.get('image.features').data),
      text: maxAbsDiff(onnxText, fx.get('text.features').data),
    };
    console.log('tiny-clip-a max |onnx - tfjs|', diff, 'max |onnx - openai|', openai);
    expect(diff.image).toBeLessThan(1e-4);
    expect(diff.text).toBeLessThan(1e-4);
    expect(openai.image).toBeLessThan(1e-4);
    expect(openai.text).toBeLessThan(1e-4);
  });

  it('match our model on a config the fixtures do not cover', async () => {
    // Explicit vision heads (4 of width 32) and text heads of width 16 prove the graph reads dims().
    const cfg = validateConfig({
      embed_dim: 24,
      image_resolution: 24,
      vision_layers: 3,
      vision_width: 128,
      vision_heads: 4,
      vision_patch_size: 4,
      context_length: 12,
      vocab_size: 300,
      transformer_width: 48,
      transformer_heads: 3,
      transformer_layers: 2,
    });
    const tensors = new Map<string, TensorEntry>();
    for (const [name, t] of initWeights(cfg, { seed: 7, perturb: true }))
      tensors.set(name, { dtype: 'F32', ...t });
    const rand = seededRandom(3);
    const ids = new Int32Array(2 * cfg.context_length);
    for (const [row, len] of [5, 10].entries()) {
      for (let t = 0; t < len; t++)
        ids[row * cfg.context_length + t] = Math.floor(rand() * (cfg.vocab_size - 1));
      ids[row * cfg.context_length + len] = cfg.vocab_size - 1;
    }
    const pixels = Float32Array.from({ length: 2 * 3 * cfg.image_resolution ** 2 }, () => rand() * 4 - 2);
    const { diff } = await compare({ tensors, metadata: {} }, cfg, pixels, ids);
    console.log('random config max |onnx - tfjs|', diff);
    expect(diff.image).toBeLessThan(1e-4);
    expect(diff.text).toBeLessThan(1e-4);
  });

  it('name a missing weight and refuse a reduced vocabulary', () => {
    const missing = 'visual.transformer.resblocks.1.mlp.c_fc.bias';
    const without: WeightSource = (name) => {
      if (name === missing) throw new Error('not found');
      return source(tinyCkpt)(name);
    };
    expect(() => clipOnnx(without, tinyCfg, 'image')).toThrow(`weight "${missing}" is missing`);
    const undef = ((name: string) =>
      name === 'ln_final.bias' ? undefined : source(tinyCkpt)(name)) as WeightSource;
    expect(() => clipOnnx(undef, tinyCfg, 'text')).toThrow('weight "ln_final.bias" is missing');
    const reduced: ClipConfig = { ...tinyCfg, vocab_size: 4, token_ids: [1, 2, 3] };
    expect(() => clipOnnx(source(tinyCkpt), reduced, 'text')).toThrow(/only the full BPE vocabulary/);
  });
});
