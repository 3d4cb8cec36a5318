// OpenAI's README example with real weights: CLIP.png against ["a diagram", "a dog", "a cat"] gives
// probabilities [0.9927937, 0.00421068, 0.00299572] with ViT-B/32. Real weights cannot be downloaded on these
// machines, so the test runs only where CLIP_CHECKPOINT names a ViT-B/32 checkpoint: a .safetensors file in
// OpenAI, Hugging Face or open_clip naming, or a folder written by `npm run weights`.
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { disposeModel, forward, loadModel, type ClipModel } from '../../src/clip/model';
import { preprocess } from '../../src/clip/preprocess';
import { useBackend } from '../../src/node/backend';
import { readImageFile } from '../../src/node/image-file';
import { loadModelDir } from '../../src/node/models';
import { loadTokenizer } from '../../src/node/vocab';

const checkpoint = process.env.CLIP_CHECKPOINT;
const IMAGE = resolve(__dirname, '../../../shared/reference/data/images/CLIP.png');
const TEXTS = ['a diagram', 'a dog', 'a cat'];
const OPENAI_PROBS = [0.9927937, 0.00421068, 0.00299572];

function load(path: string): ClipModel {
  return statSync(path).isDirectory() ? loadModelDir(path) : loadModel(new Uint8Array(readFileSync(path)));
}

function softmax(row: number[]): number[] {
  const max = Math.max(...row);
  const exps = row.map((v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

describe("OpenAI's README example", () => {
  const name = checkpoint
    ? `CLIP.png is "a diagram" with OpenAI's probabilities within 1e-2 (${checkpoint})`
    : 'CLIP.png with real ViT-B/32 weights: skipped, CLIP_CHECKPOINT is not set (real weights cannot be downloaded here)';
  it.skipIf(!checkpoint)(name, { timeout: 600_000 }, async () => {
    await useBackend('wasm');
    const model = load(checkpoint!);
    try {
      const tokenizer = await loadTokenizer();
      const ids = tokenizer.tokenize(TEXTS, { contextLength: model.config.context_length });
      const images = [preprocess(readImageFile(IMAGE), model.config.image_resolution).pixels];
      const logits = forward(model, { ids, images }).logitsPerImage!;
      const probs = softmax(Array.from(logits.data));
      probs.forEach((p, i) => expect(Math.abs(p - OPENAI_PROBS[i]!), TEXTS[i]).toBeLessThan(1e-2));
    } finally {
      disposeModel(model);
    }
  });
});
