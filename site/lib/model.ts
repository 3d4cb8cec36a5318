// Build time (Astro frontmatter, Node): the shipped tiny model and the tokenizer, loaded once per build
// from public/ (paths from the working directory, since Vite moves this module when it bundles), on the
// cpu backend: the exact reference path. The same Engine as the browser's worker computes every trace.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// Gradients, for the attention explorer's relevance map (see src/node/backend.ts for why the union package).
import '@tensorflow/tfjs';
import { type ClipConfig, validateConfig } from '../../src/clip/config';
import { loadModel } from '../../src/clip/model';
import { createTokenizer, type ClipTokenizer } from '../../src/clip/tokenizer';
import { Engine } from '../../src/runtime/engine';
import type { Manifest } from '../../src/weights/manifest';

export const PUBLIC_DIR = resolve(process.cwd(), 'public');

export function readTinyManifest(): Manifest {
  const path = resolve(PUBLIC_DIR, 'models/tiny/manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  manifest.config = validateConfig(manifest.config, path);
  return manifest;
}

export function tinyConfig(): ClipConfig {
  return readTinyManifest().config;
}

let tokenizer: ClipTokenizer | null = null;

export function buildTokenizer(): ClipTokenizer {
  tokenizer ??= createTokenizer(readFileSync(resolve(PUBLIC_DIR, 'tokenizer/bpe-merges.txt'), 'utf8'));
  return tokenizer;
}

let engine: Promise<Engine> | null = null;

async function createEngine(): Promise<Engine> {
  tf.env().set('PROD', true);
  if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend could not start at build time');
  await tf.ready();
  const manifest = readTinyManifest();
  const file = manifest.files.find((f) => f.path.endsWith('.safetensors'));
  if (!file) throw new Error('models/tiny/manifest.json lists no .safetensors file');
  const bytes = new Uint8Array(readFileSync(resolve(PUBLIC_DIR, 'models/tiny', file.path)));
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (sha !== file.sha256) throw new Error(`models/tiny/${file.path} does not match its sha256`);
  return Engine.from('cpu', loadModel(bytes, { config: manifest.config }), buildTokenizer());
}

/** The build's engine (cpu backend), created on first use. */
export function buildEngine(): Promise<Engine> {
  engine ??= createEngine();
  return engine;
}
