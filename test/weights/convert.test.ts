// tiny-clip-a converted by `npm run weights` at each precision, loaded back through the web format's
// loaders (Node and browser), against the reference numbers: fp32 exact, fp16 and int8 close.
import { copyFileSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disposeModel, forward } from '../../src/clip/model';
import { type Checkpoint, readSafetensors } from '../../src/clip/safetensors';
import { mergeShards } from '../../src/weights/shards';
import { param } from '../../src/clip/weights';
import { useBackend } from '../../src/node/backend';
import { loadModelDir, loadNamedModel, readManifestDir, readShardFiles } from '../../src/node/models';
import { loadManifestModel, loadTinyModel } from '../../src/runtime/served-model';
import type { Manifest } from '../../src/weights/manifest';
import { TINY_A, loadFixtures, maxAbsDiff, splitRows } from '../helpers/reference';
import { listen, staticFiles, weights } from './helpers';

const fx = loadFixtures();
const ids = splitRows(fx.get('text.tokens').data as Int32Array, 4);
const images = splitRows(fx.get('image.pixels').data as Float32Array, 3);
const wantLogits = fx.get('logits_per_image').data as Float32Array; // [3 images, 4 texts]
const SOURCE = resolve(TINY_A, 'weights.safetensors');
const source = readSafetensors(new Uint8Array(readFileSync(SOURCE)));
// Root of a site: models/<dtype>/ holds each conversion, as the browser loader expects.
const root = mkdtempSync(join(tmpdir(), 'weights-convert-'));
const dirOf = (dtype: string): string => join(root, 'models', dtype);

function logitsOf(dir: string): Float32Array {
  const model = loadModelDir(dir);
  try {
    return Float32Array.from(forward(model, { ids, images }).logitsPerImage!.data);
  } finally {
    disposeModel(model);
  }
}

const relErr = (got: Float32Array, want: Float32Array): number =>
  maxAbsDiff(got, want) / Math.max(...Array.from(want, Math.abs));

function merged(dir: string): Checkpoint {
  return mergeShards(readShardFiles(readManifestDir(dir, dir), dir, dir).map((b) => readSafetensors(b)));
}

beforeAll(async () => {
  await useBackend('cpu');
  // 1 MB shards: the 6.3 MB fp32 token embedding is cut into parts, so every dtype has several shards.
  const runs = await Promise.all(
    ['fp32', 'fp16', 'int8'].map((d) =>
      weights(['--from', SOURCE, '--name', `a-${d}`, '--dtype', d, '--shard-mb', '1', '--out', dirOf(d)]),
    ),
  );
  for (const r of runs) expect(r.code, r.stderr).toBe(0);
}, 300_000);

describe.each(['fp32', 'fp16', 'int8'])('tiny-clip-a converted to %s', (dtype) => {
  it('writes several shards within the size limit, all listed, each used', () => {
    const dir = dirOf(dtype);
    const manifest = readManifestDir(dir, dtype);
    expect(manifest.format).toBe('inside-clip-weights/1');
    expect(manifest.dtype).toBe({ fp32: 'F32', fp16: 'F16', int8: 'I8' }[dtype]);
    expect(manifest.source).toEqual({ from: 'weights.safetensors', scheme: 'openai' });
    expect(manifest.files.length).toBeGreaterThan(1);
    const shards = readShardFiles(manifest, dir, dtype);
    expect(manifest.totalBytes).toBe(shards.reduce((a, b) => a + b.byteLength, 0));
    for (const bytes of shards) {
      expect(bytes.byteLength).toBeLessThanOrEqual(1e6);
      expect(readSafetensors(bytes).tensors.size).toBeGreaterThan(0);
    }
    expect([...merged(dir).tensors.keys()].sort()).toEqual([...source.tensors.keys()].sort());
  });

  it('leaves tf.memory() flat around load and dispose', () => {
    const before = tf.memory();
    const model = loadModelDir(dirOf(dtype));
    expect(tf.memory().numTensors).toBeGreaterThan(before.numTensors);
    disposeModel(model);
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
  });
});

describe('precision', () => {
  it('fp32: every tensor bit-identical to the source, logits equal to the reference', () => {
    const back = merged(dirOf('fp32'));
    for (const [name, t] of source.tensors) {
      const got = back.tensors.get(name)!;
      expect(got.shape, name).toEqual(t.shape);
      expect(new Uint32Array(got.data.buffer, got.data.byteOffset, got.data.length), name).toEqual(
        new Uint32Array(t.data.buffer, t.data.byteOffset, t.data.length),
      );
    }
    // The model test's cpu tolerance.
    expect(maxAbsDiff(logitsOf(dirOf('fp32')), wantLogits)).toBeLessThan(1e-5);
  });

  it('fp16: weights within half precision, logits within 1e-2 relative', () => {
    const back = merged(dirOf('fp16'));
    const off: string[] = [];
    for (const [name, t] of source.tensors) {
      const got = back.tensors.get(name)!.data;
      // Round to nearest at 11 significant bits; below 2^-14 the step is the subnormal 2^-24.
      const far = t.data.findIndex(
        (v, i) => Math.abs(got[i]! - v) > Math.max(Math.abs(v) * 2 ** -11, 2 ** -25),
      );
      if (far >= 0) off.push(`${name}[${far}]`);
    }
    expect(off).toEqual([]);
    // Measured: max abs 0.0040, relative 0.0011.
    expect(relErr(logitsOf(dirOf('fp16')), wantLogits)).toBeLessThan(1e-2);
  });

  it('int8: records a plausible fidelity, and logits stay close', () => {
    const { fidelity } = readManifestDir(dirOf('int8'), 'int8');
    expect(fidelity).toBeDefined();
    for (const f of [fidelity!.images, fidelity!.texts]) {
      expect(f.n).toBe(4);
      expect(f.min).toBeGreaterThan(0.9);
      expect(f.min).toBeLessThanOrEqual(f.mean);
      expect(f.mean).toBeLessThanOrEqual(1 + 1e-6);
    }
    // Measured: cosine min 0.99998 (images), 0.99979 (texts); logits max abs 0.054, relative 0.015.
    expect(relErr(logitsOf(dirOf('int8')), wantLogits)).toBeLessThan(5e-2);
  });
});

describe('integrity', () => {
  it('refuses a shard whose sha256 or size does not match the manifest', () => {
    const dir = join(root, 'models', 'corrupt');
    cpSync(dirOf('fp16'), dir, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    const shard = join(dir, manifest.files[1]!.path);
    const bytes = readFileSync(shard);
    bytes[bytes.byteLength - 1]! ^= 1;
    writeFileSync(shard, bytes);
    expect(() => loadModelDir(dir, 'model "corrupt"')).toThrow(
      `model "corrupt": ${manifest.files[1]!.path} does not match its sha256 (corrupt or changed)`,
    );
    writeFileSync(shard, bytes.subarray(1));
    expect(() => loadModelDir(dir)).toThrow(/has \d+ bytes, the manifest says \d+/);
    copyFileSync(join(dirOf('fp16'), manifest.files[1]!.path), shard);
    expect(() => loadModelDir(dir)).not.toThrow();
  });
});

describe('the browser loader', () => {
  let base: string;
  let server: { close(): void };
  beforeAll(async () => {
    const s = await listen(staticFiles(root));
    [base, server] = [s.url, s.server];
  });
  afterAll(() => server.close());

  it('fetches every shard, checks it and loads the same weights as Node', async () => {
    const web = await loadManifestModel(base, 'int8');
    const node = loadModelDir(dirOf('int8'));
    for (const name of ['token_embedding.weight', 'visual.conv1.weight', 'logit_scale']) {
      const [a, b] = tf.tidy(() => [
        param(web.weights, name).dataSync(),
        param(node.weights, name).dataSync(),
      ]);
      expect(a, name).toEqual(b);
    }
    disposeModel(web);
    disposeModel(node);
  });

  it('names a shard whose bytes do not match the manifest', async () => {
    const dir = join(root, 'models', 'grown');
    cpSync(dirOf('fp16'), dir, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    const shard = join(dir, manifest.files[0]!.path);
    writeFileSync(shard, Buffer.concat([readFileSync(shard), Buffer.from([0])]));
    await expect(loadManifestModel(base, 'grown')).rejects.toThrow(
      `the downloaded model file ${manifest.files[0]!.path} does not match its manifest`,
    );
  });

  it('still loads the committed tiny model exactly as Node does', async () => {
    const { url, server: pub } = await listen(staticFiles(resolve('public')));
    try {
      const web = await loadTinyModel(url);
      const node = loadNamedModel('tiny');
      expect(web.config).toEqual(node.config);
      expect([...web.weights.keys()]).toEqual([...node.weights.keys()]);
      for (const [name, t] of node.weights)
        expect(web.weights.get(name)!.dataSync(), name).toEqual(t.dataSync());
      disposeModel(web);
      disposeModel(node);
    } finally {
      pub.close();
    }
  });
});
