// `clip run` on a Hugging Face repository's files as they are: model.safetensors or pytorch_model.bin with
// HF tensor names, and the hub's config.json (detected, mapped by fromHfConfig), against the fixtures.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REFERENCE, loadFixtures, maxAbsDiff } from './helpers/reference';

const TSX = resolve('node_modules/.bin/tsx');
const HF = resolve(REFERENCE, 'hf-tiny-clip-a');
const tmp = mkdtempSync(join(tmpdir(), 'clip-hub-files-'));
const fx = loadFixtures();
const texts = fx.index.inputs.texts;
const images = fx.index.inputs.images.map((i) => resolve(REFERENCE, i.file));

interface RunOut {
  imageFeatures: number[][];
  textFeatures: number[][];
  logitsPerImage: number[][];
}

function clipRun(checkpoint: string, config: string, backend = 'cpu') {
  const args = ['run', '--checkpoint', checkpoint, '--config', config, '--backend', backend];
  for (const t of texts) args.push('--text', t);
  for (const i of images) args.push('--image', i);
  const r = spawnSync(TSX, ['scripts/clip.ts', ...args], { encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function expectFixtures(stdout: string): void {
  const out = JSON.parse(stdout) as RunOut;
  expect(maxAbsDiff(out.textFeatures.flat(), fx.get('text.features').data)).toBeLessThan(1e-4);
  expect(maxAbsDiff(out.imageFeatures.flat(), fx.get('image.features').data)).toBeLessThan(1e-4);
  expect(maxAbsDiff(out.logitsPerImage.flat(), fx.get('logits_per_image').data)).toBeLessThan(1e-4);
}

describe('clip run on hub files', () => {
  it.each(['cpu', 'wasm'])('reads model.safetensors with config.json on %s', (backend) => {
    const r = clipRun(resolve(HF, 'model.safetensors'), resolve(HF, 'config.json'), backend);
    expect(r.code, r.stderr).toBe(0);
    expectFixtures(r.stdout);
  });

  it.runIf(existsSync(resolve('src/weights/torch-bin.ts')))('reads pytorch_model.bin', () => {
    const r = clipRun(resolve(HF, 'pytorch_model.bin'), resolve(HF, 'config.json'));
    expect(r.code, r.stderr).toBe(0);
    expectFixtures(r.stdout);
  });

  it("gives fromHfConfig's sentence for a hub config that is not a CLIP", () => {
    const bert = join(tmp, 'config.json');
    writeFileSync(bert, JSON.stringify({ model_type: 'bert' }));
    const r = clipRun(resolve(HF, 'model.safetensors'), bert);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`clip: ${bert} is not a CLIP model (model_type "bert")\n`);
  });
});
