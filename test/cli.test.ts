// The command line contract: `npm run --silent clip -- <tokenize | preprocess | run>`, JSON out,
// one-line messages and non-zero exits for bad input.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../src/clip/config';
import { initWeights } from '../src/clip/init';
import { writeSafetensors } from '../src/clip/safetensors';
import { REFERENCE, TINY_A, loadFixtures, maxAbsDiff } from './helpers/reference';

const TSX = resolve('node_modules/.bin/tsx');
const tmp = mkdtempSync(join(tmpdir(), 'clip-cli-'));
const CHECKPOINT = resolve(TINY_A, 'weights.safetensors');

function clip(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(TSX, ['scripts/clip.ts', ...args], { encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function expectOneLineError(r: { code: number; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(r.code).not.toBe(0);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
}

describe('clip tokenize', () => {
  it('prints ids from SOT to EOT and the BPE strings', () => {
    const r = clip('tokenize', 'a diagram', 'Hello, world!');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { text: string; ids: number[]; tokens: string[] }[];
    expect(out[0]).toEqual({
      text: 'a diagram',
      ids: [49406, 320, 22697, 49407],
      tokens: ['<|startoftext|>', 'a</w>', 'diagram</w>', '<|endoftext|>'],
    });
    expect(out[1]!.ids[0]).toBe(49406);
    expect(out[1]!.tokens).toHaveLength(out[1]!.ids.length);
  });

  it('prints a literal <|endoftext|> and the EOT that closes the text, as clip.tokenize writes them', () => {
    const r = clip('tokenize', 'a cat<|endoftext|>', 'a red circle <|endoftext|> blue');
    const out = JSON.parse(r.stdout) as { ids: number[] }[];
    expect(out.map((o) => o.ids)).toEqual([
      [49406, 320, 2368, 49407, 49407],
      [49406, 320, 736, 7117, 49407, 1746, 49407],
    ]);
  });

  it('fails on a text too long for the context, and truncates with --truncate', () => {
    const long = Array.from({ length: 76 }, () => 'dog').join(' ');
    expectOneLineError(clip('tokenize', long), /78.*77|77.*78/);
    const r = clip('tokenize', '--truncate', long);
    const ids = (JSON.parse(r.stdout) as { ids: number[] }[])[0]!.ids;
    expect(ids).toHaveLength(77);
    expect(ids[76]).toBe(49407);
    const short = JSON.parse(clip('tokenize', '--truncate', '--context', '4', long).stdout) as {
      ids: number[];
    }[];
    expect(short[0]!.ids).toEqual([49406, 1929, 1929, 49407]);
  });

  it('names a bad option value', () => {
    expectOneLineError(clip('tokenize', '--context', 'many', 'a'), /--context must be a positive integer/);
  });
});

describe('clip preprocess', () => {
  it('writes the float32 [3, N, N] tensor of OpenAI’s transform', () => {
    const out = join(tmp, 'chelsea.f32');
    const png = resolve(REFERENCE, 'preprocess/rgb_chelsea_crop_333x251.png');
    expect(clip('preprocess', png, '--size', '224', '--out', out).code).toBe(0);
    const got = new Float32Array(readFileSync(out).buffer.slice(0));
    const want = new Float32Array(
      readFileSync(resolve(REFERENCE, 'preprocess/rgb_chelsea_crop_333x251.f32.bin')).buffer.slice(0),
    );
    expect(got.length).toBe(3 * 224 * 224);
    expect(maxAbsDiff(got, want)).toBeLessThan(1e-6);
  });

  it('names a missing file and a file that is not an image', () => {
    expectOneLineError(
      clip('preprocess', join(tmp, 'nope.png'), '--size', '32', '--out', join(tmp, 'x')),
      /nope\.png/,
    );
    const txt = join(tmp, 'notes.txt');
    writeFileSync(txt, 'just words');
    expectOneLineError(
      clip('preprocess', txt, '--size', '32', '--out', join(tmp, 'x')),
      /notes\.txt.*not .*image|not .*image.*notes\.txt/i,
    );
  });
});

describe('clip run', () => {
  const fx = loadFixtures();
  const texts = fx.index.inputs.texts;
  const images = fx.index.inputs.images.map((i) => resolve(REFERENCE, i.file));
  const args = [...texts.flatMap((t) => ['--text', t]), ...images.flatMap((i) => ['--image', i])];

  it.each(['cpu', 'wasm'])('reproduces the reference features and logits from files on %s', (backend) => {
    const r = clip('run', '--checkpoint', CHECKPOINT, ...args, '--backend', backend);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as Record<string, number[][]>;
    expect(maxAbsDiff(out.imageFeatures!.flat(), fx.get('image.features').data)).toBeLessThan(1e-4);
    expect(maxAbsDiff(out.textFeatures!.flat(), fx.get('text.features').data)).toBeLessThan(1e-4);
    expect(maxAbsDiff(out.logitsPerImage!.flat(), fx.get('logits_per_image').data)).toBeLessThan(1e-4);
    expect(maxAbsDiff(out.logitsPerText!.flat(), fx.get('logits_per_text').data)).toBeLessThan(1e-4);
    expect(out.probs).toHaveLength(3);
    for (const row of out.probs!) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    const best = out.logitsPerImage![1]!.indexOf(Math.max(...out.logitsPerImage![1]!));
    expect(out.probs![1]!.indexOf(Math.max(...out.probs![1]!))).toBe(best);
  });

  it('takes the config from a file', () => {
    const cfg = join(tmp, 'config.json');
    writeFileSync(cfg, readFileSync(resolve(TINY_A, 'config.json')));
    const r = clip('run', '--checkpoint', CHECKPOINT, '--config', cfg, '--text', 'a dog');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { textFeatures: number[][] }).textFeatures[0]).toHaveLength(32);
  });

  it('gives one-line errors for bad input', () => {
    expectOneLineError(
      clip('run', '--checkpoint', join(tmp, 'missing.safetensors')),
      /cannot read checkpoint .*missing\.safetensors: no such file/,
    );
    expectOneLineError(
      clip('run', '--checkpoint', CHECKPOINT, '--image', join(tmp, 'gone.png')),
      /gone\.png/,
    );
    expectOneLineError(
      clip('run', '--checkpoint', CHECKPOINT, '--backend', 'tpu'),
      /--backend must be cpu or wasm/,
    );
    expectOneLineError(clip('bogus'), /unknown command "bogus"/);
    expectOneLineError(clip('run'), /--checkpoint .* is required/);

    const other = { ...PRESETS['tiny-reference']!, transformer_width: 64 };
    const wrongShapes = join(tmp, 'wrong.safetensors');
    writeFileSync(
      wrongShapes,
      writeSafetensors(initWeights(other), { metadata: { config: JSON.stringify(other) } }),
    );
    const cfg = join(tmp, 'tiny.json');
    writeFileSync(cfg, JSON.stringify(PRESETS['tiny-reference']));
    expectOneLineError(
      clip('run', '--checkpoint', wrongShapes, '--config', cfg),
      /"[^"]+" has shape \[\d+(, \d+)*\], expected \[\d+/,
    );

    const extra = join(tmp, 'extra.safetensors');
    const weights = initWeights(PRESETS['tiny-reference']!);
    weights.set('visual.bonus', { shape: [2], data: new Float32Array(2) });
    writeFileSync(
      extra,
      writeSafetensors(weights, { metadata: { config: JSON.stringify(PRESETS['tiny-reference']) } }),
    );
    expectOneLineError(clip('run', '--checkpoint', extra), /unknown tensor "visual.bonus"/);

    const bad = join(tmp, 'i64.safetensors');
    const bytes = writeSafetensors([['logit_scale', { shape: [], data: new Float32Array(1) }]]);
    writeFileSync(bad, new TextDecoder().decode(bytes).replace('"F32"', '"I64"'));
    expectOneLineError(clip('run', '--checkpoint', bad), /unsupported dtype I64/);

    const badConfig = join(tmp, 'bad.json');
    writeFileSync(badConfig, '{"embed_dim": 3');
    expectOneLineError(
      clip('run', '--checkpoint', CHECKPOINT, '--config', badConfig),
      /bad\.json is not valid JSON/,
    );
  });
});

describe('clip eval-world and the default model', () => {
  it('prints the five metrics of the tiny model as fractions', () => {
    const r = clip('eval-world', '--model', 'tiny', '--n', '64', '--seed', '5');
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as Record<string, number>;
    expect(Object.keys(out).sort()).toEqual(
      ['logitScale', 'recallImageToText', 'recallTextToImage', 'top1Heldout', 'top1Seen'].sort(),
    );
    for (const k of ['recallImageToText', 'recallTextToImage', 'top1Heldout', 'top1Seen']) {
      expect(out[k]).toBeGreaterThanOrEqual(0);
      expect(out[k]).toBeLessThanOrEqual(1);
    }
  });

  it('runs the tiny model by name, and names a missing model', () => {
    const r = clip('run', '--model', 'tiny', '--text', 'a red circle', '--text', 'a blue star');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { textFeatures: number[][] }).textFeatures).toHaveLength(2);
    expectOneLineError(clip('run', '--model', 'nope'), /model "nope" not found/);
    expectOneLineError(clip('eval-world', '--model', 'nope'), /model "nope" not found/);
  });
});
