// Node-only: the BPE vocabulary asset. Builds public/tokenizer/bpe-merges.txt from the modelzoo package's
// copy of OpenAI's bpe_simple_vocab_16e6.txt (sha256-checked) and loads a tokenizer from it.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MERGE_COUNT } from '../clip/bpe';
import { createTokenizer, type ClipTokenizer } from '../clip/tokenizer';
import type { CleanOptions } from '../clip/text-clean';

export const VOCAB_SHA256 = '67603cfda2e032ad77b5f8808af37789d590db664b26df8705d2bf8b3c553fc8';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const VOCAB_SOURCE = join(REPO_ROOT, 'node_modules', 'modelzoo', 'bpe_simple_vocab_16e6.txt');
export const MERGES_ASSET = join(REPO_ROOT, 'public', 'tokenizer', 'bpe-merges.txt');

export const sha256 = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

/** The asset text: a header recording the source hash, then the MERGE_COUNT merges CLIP uses. */
export function buildMergesAsset(source: Uint8Array): string {
  const hash = sha256(source);
  if (hash !== VOCAB_SHA256) {
    throw new Error(`bpe_simple_vocab_16e6.txt: sha256 ${hash} differs from the expected ${VOCAB_SHA256}`);
  }
  const lines = new TextDecoder().decode(source).split('\n');
  const merges = lines.slice(1, MERGE_COUNT + 1);
  return `#version: 0.2 bpe_simple_vocab_16e6.txt sha256=${hash} merges=${merges.length}\n${merges.join('\n')}\n`;
}

export function readVocabSource(path = VOCAB_SOURCE): Uint8Array {
  if (!existsSync(path)) throw new Error(`bpe_simple_vocab_16e6.txt missing at ${path} (run npm install)`);
  return readFileSync(path);
}

/** Writes the asset unless it already holds exactly that text; returns whether it wrote. */
export function writeMergesAsset(out = MERGES_ASSET, source = VOCAB_SOURCE): boolean {
  const text = buildMergesAsset(readVocabSource(source));
  if (existsSync(out) && readFileSync(out, 'utf8') === text) return false;
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  return true;
}

/** The tokenizer from public/tokenizer/bpe-merges.txt, or straight from the modelzoo file if absent. */
export async function loadTokenizer(options: CleanOptions = {}): Promise<ClipTokenizer> {
  const text = existsSync(MERGES_ASSET)
    ? readFileSync(MERGES_ASSET, 'utf8')
    : buildMergesAsset(readVocabSource());
  return createTokenizer(text, options);
}
