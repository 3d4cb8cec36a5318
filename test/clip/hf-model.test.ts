// tiny-clip-a as a Hugging Face repository holds it (config.json + model.safetensors or pytorch_model.bin,
// HF tensor names): every OpenAI fixture, and with config.gelu.json the exact-GELU goldens, on cpu and wasm.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClipModel, disposeModel, forward, loadModel } from '../../src/clip/model';
import { preprocess } from '../../src/clip/preprocess';
import type { Checkpoint } from '../../src/clip/safetensors';
import { createWeights } from '../../src/clip/weights';
import { toOpenAiNames } from '../../src/clip/checkpoint-names';
import type { Trace } from '../../src/clip/trace';
import { type NodeBackend, useBackend } from '../../src/node/backend';
import { readImageFile } from '../../src/node/image-file';
import { loadTokenizer } from '../../src/node/vocab';
import { fromHfConfig } from '../../src/weights/hf-config';
import { REFERENCE, loadFixtures, maxAbsDiff, splitRows } from '../helpers/reference';

const HF = resolve(REFERENCE, 'hf-tiny-clip-a');
const TORCH_BIN = resolve('src/weights/torch-bin.ts');
const fx = loadFixtures();
const ids = splitRows(fx.get('text.tokens').data as Int32Array, 4);
const images = splitRows(fx.get('image.pixels').data as Float32Array, 3);
const hfConfig = (file: string) => fromHfConfig(JSON.parse(readFileSync(resolve(HF, file), 'utf8')), file);
const safetensors = new Uint8Array(readFileSync(resolve(HF, 'model.safetensors')));

interface Goldens {
  texts: string[];
  images: string[];
  logits_per_image: number[][];
  text_features: number[][];
  image_features: number[][];
}
const goldens = JSON.parse(readFileSync(resolve(HF, 'gelu-goldens.json'), 'utf8')) as Goldens;

const compared = Object.keys(fx.index.tensors).filter(
  (k) => !k.startsWith('square.') && k !== 'image.pixels' && k !== 'text.tokens',
);

/** Keys whose largest difference to the fixture is above `tol`, with that difference. */
function badStages(trace: Trace, tol: number): Record<string, number> {
  const bad: Record<string, number> = {};
  for (const key of compared) {
    const got = trace[key];
    const err = got ? maxAbsDiff(got.data, fx.get(key).data) : Infinity;
    if (!(err <= tol)) bad[key] = err;
  }
  return bad;
}

async function readTorch(bytes: Uint8Array): Promise<Checkpoint> {
  const mod = (await import(TORCH_BIN)) as { readTorchCheckpoint(b: Uint8Array): Promise<Checkpoint> };
  return mod.readTorchCheckpoint(bytes);
}

describe.each<NodeBackend>(['cpu', 'wasm'])('hf-tiny-clip-a on the %s backend', (backend) => {
  let model: ClipModel;
  let gelu: ClipModel;

  beforeAll(async () => {
    await useBackend(backend);
    model = loadModel(safetensors, { config: hfConfig('config.json') });
    gelu = loadModel(safetensors, { config: hfConfig('config.gelu.json') });
  });
  afterAll(() => {
    disposeModel(model);
    disposeModel(gelu);
  });

  it('reads HF tensor names and reproduces every stage of the OpenAI fixtures within 1e-4', () => {
    expect(model.scheme).toBe('hf');
    const trace = forward(model, { ids, images }, { capture: true }).trace;
    expect(badStages(trace, 1e-4)).toEqual({});
  });

  it('with config.gelu.json reproduces the exact-GELU goldens from the texts and PNGs', async () => {
    const tokenizer = await loadTokenizer();
    const textIds = tokenizer.tokenize(goldens.texts, { contextLength: 77 });
    const pixels = goldens.images.map((f) => preprocess(readImageFile(resolve(REFERENCE, f)), 32).pixels);
    const before = tf.memory().numTensors;
    const r = forward(gelu, { ids: textIds, images: pixels });
    expect(tf.memory().numTensors).toBe(before);
    expect(maxAbsDiff(r.textFeatures!.data, goldens.text_features.flat())).toBeLessThan(1e-4);
    expect(maxAbsDiff(r.imageFeatures!.data, goldens.image_features.flat())).toBeLessThan(1e-4);
    expect(maxAbsDiff(r.logitsPerImage!.data, goldens.logits_per_image.flat())).toBeLessThan(1e-4);
    // The same weights under QuickGELU are far from these goldens: the activation really switched.
    const quick = forward(model, { ids: textIds, images: pixels });
    expect(maxAbsDiff(quick.textFeatures!.data, goldens.text_features.flat())).toBeGreaterThan(1e-2);
  });

  it.runIf(existsSync(TORCH_BIN))('reads pytorch_model.bin to the same fixtures', async () => {
    const bytes = new Uint8Array(readFileSync(resolve(HF, 'pytorch_model.bin')));
    const { checkpoint, scheme } = toOpenAiNames(await readTorch(bytes));
    expect(scheme).toBe('hf');
    const cfg = hfConfig('config.json');
    const torchModel: ClipModel = { config: cfg, weights: createWeights(checkpoint, cfg) };
    try {
      const trace = forward(torchModel, { ids, images }, { capture: true }).trace;
      expect(badStages(trace, 1e-4)).toEqual({});
    } finally {
      disposeModel(torchModel);
    }
  });
});
