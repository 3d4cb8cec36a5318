// A hub repository streamed into the cache (the worker's path, run in Node against the stand-in hub):
// tiny-clip-a as the hub holds it converts to shards whose model gives every OpenAI fixture; each fault the
// hub can show is one clear HubError and leaves nothing in the cache.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disposeModel, forward } from '../../src/clip/model';
import { useBackend } from '../../src/node/backend';
import { convertHubModel, offerHubModel, storedHubModels } from '../../src/runtime/hub-store';
import { loadStoredModel } from '../../src/runtime/model-load';
import { Hub, parseRepoRef } from '../../src/weights/hub';
import { HubError } from '../../src/weights/hub-error';
import { type StandInHub, startStandInHub } from '../helpers/hub-server';
import { MemoryCache } from '../helpers/model-server';
import { REFERENCE, loadFixtures, maxAbsDiff, splitRows } from '../helpers/reference';

const HF = resolve(REFERENCE, 'hf-tiny-clip-a');
const read = (f: string): Uint8Array => new Uint8Array(readFileSync(resolve(HF, f)));
const config = read('config.json');
const safetensors = read('model.safetensors');
const fx = loadFixtures();
const ids = splitRows(fx.get('text.tokens').data as Int32Array, 4);
const images = splitRows(fx.get('image.pixels').data as Float32Array, 3);
const BASE = 'http://site.test/';

let hub: StandInHub;

beforeAll(async () => {
  await useBackend('cpu');
  const text = (s: string): Uint8Array => new TextEncoder().encode(s);
  const bert = text(JSON.stringify({ model_type: 'bert', architectures: ['BertModel'] }));
  const geluless = JSON.parse(new TextDecoder().decode(config)) as Record<string, Record<string, unknown>>;
  geluless.text_config!.hidden_act = 'relu';
  geluless.vision_config!.hidden_act = 'relu';
  const hugeHeader = new Uint8Array(64);
  new DataView(hugeHeader.buffer).setBigUint64(0, BigInt(40 << 20), true);
  hub = await startStandInHub({
    'test/tiny-clip-a': { files: { 'config.json': config, 'model.safetensors': safetensors } },
    'test/torch': { files: { 'config.json': config, 'pytorch_model.bin': read('pytorch_model.bin') } },
    'test/cut-once': {
      files: { 'config.json': config, 'model.safetensors': safetensors },
      truncate: { path: 'model.safetensors', after: 4 << 20 },
    },
    'test/bare': { files: { 'config.json': config, 'model.safetensors': safetensors }, bareListing: true },
    'test/gated': { files: { 'config.json': config }, status: 401 },
    'test/forbidden': { files: { 'config.json': config }, status: 403 },
    'test/bert': { files: { 'config.json': bert, 'model.safetensors': safetensors } },
    'test/relu': {
      files: { 'config.json': text(JSON.stringify(geluless)), 'model.safetensors': safetensors },
    },
    'test/no-weights': { files: { 'config.json': config, 'README.md': text('# hi') } },
    'test/wrong-sha': {
      files: { 'config.json': config, 'model.safetensors': safetensors },
      wrongSha: 'model.safetensors',
    },
    'test/truncated': {
      files: { 'config.json': config, 'model.safetensors': safetensors },
      truncate: { path: 'model.safetensors', after: 5000 }, // every response cut: the resumes fail too
    },
    'test/huge-header': {
      files: {
        'config.json': config,
        'model.safetensors': new Uint8Array(64 << 20).fill(0x20).map((v, i) => (i < 64 ? hugeHeader[i]! : v)),
      },
    },
  });
});
afterAll(() => hub?.close());

async function convert(repo: string, cache: MemoryCache) {
  const h = new Hub(hub.endpoint);
  const ref = parseRepoRef(repo);
  const { offer, model } = await offerHubModel(h, ref, 'F32', BASE, { cache });
  const manifest = await convertHubModel(offer, model, 'F32', BASE, { cache, maxShardBytes: 1e6 });
  return { offer, manifest };
}

describe('a hub repository streamed into the cache', () => {
  it.each([
    ['test/tiny-clip-a', 'model.safetensors'],
    ['test/torch', 'pytorch_model.bin'],
  ])('%s (%s) gives every OpenAI fixture through the stored shards (fp32, 1e-4)', async (repo, file) => {
    const cache = new MemoryCache();
    const { offer, manifest } = await convert(repo, cache);
    expect(offer.weights).toBe(file);
    expect(offer.downloadBytes).toBe(read(file).byteLength);
    expect(manifest.files.length).toBeGreaterThan(3); // 1 MB shards of a 6.9 MB model
    expect(manifest.source?.from).toBe(`${repo}@${'c0ffee'.padEnd(40, '0')}`);
    expect(await storedHubModels(BASE, cache)).toEqual([offer.name]);
    const model = await loadStoredModel(BASE, offer.name, {
      cache,
      fetch: () => Promise.reject(new Error('no network')),
    });
    const before = tf.memory().numTensors;
    const trace = forward(model, { ids, images }, { capture: true }).trace;
    expect(tf.memory().numTensors).toBe(before);
    const keys = Object.keys(fx.index.tensors).filter(
      (k) => !k.startsWith('square.') && k !== 'image.pixels' && k !== 'text.tokens',
    );
    expect(keys.length).toBeGreaterThan(20);
    const bad = keys.filter((k) => !(maxAbsDiff(trace[k]?.data ?? [], fx.get(k).data) <= 1e-4));
    expect(bad).toEqual([]);
    disposeModel(model);
  });

  it('resumes a dropped connection where it stopped (Range from the byte reached)', async () => {
    const cache = new MemoryCache();
    const { manifest } = await convert('test/cut-once', cache);
    expect(manifest.files.length).toBeGreaterThan(3);
    const ranges = hub.log.filter((l) => l.includes('cdn /blobs/test/cut-once/model.safetensors'));
    expect(ranges.map((l) => l.split(' ').pop())).toContain(`bytes=${4 << 20}-`);
  });

  it('resumes a cancelled conversion from its last checkpoint, hash and all, after a fresh read', async () => {
    const cache = new MemoryCache();
    const h = new Hub(hub.endpoint);
    const ref = parseRepoRef('test/tiny-clip-a');
    const first = await offerHubModel(h, ref, 'F32', BASE, { cache, shardBytes: 2e5 });
    expect(first.offer.resumeBytes).toBe(0);
    const stop = new AbortController();
    const err = await convertHubModel(first.offer, first.model, 'F32', BASE, {
      cache,
      maxShardBytes: 2e5,
      signal: stop.signal,
      // The 6.3 MB token embedding comes first in the file: checkpoints come after it.
      onProgress: (done) => done > 6.5e6 && stop.abort(),
    }).catch((e: unknown) => e);
    expect((err as HubError).kind).toBe('cancelled');
    expect(await storedHubModels(BASE, cache)).toEqual([]); // no manifest: not a model yet
    const again = await offerHubModel(h, ref, 'F32', BASE, { cache, shardBytes: 2e5 });
    const from = again.offer.resumeBytes;
    expect(from).toBeGreaterThan(6.3e6); // after the token embedding
    expect(from).toBeLessThan(safetensors.byteLength);
    const mark = hub.log.length;
    const manifest = await convertHubModel(again.offer, again.model, 'F32', BASE, {
      cache,
      maxShardBytes: 2e5,
    });
    expect(hub.log.slice(mark).filter((l) => l.startsWith('GET cdn'))).toEqual([
      `GET cdn /blobs/test/tiny-clip-a/model.safetensors bytes=${from}-`,
    ]);
    const model = await loadStoredModel(BASE, manifest.name, { cache });
    const trace = forward(model, { ids, images }, { capture: true }).trace;
    expect(maxAbsDiff(trace.logits_per_image!.data, fx.get('logits_per_image').data)).toBeLessThan(1e-4);
    disposeModel(model);
    expect([...cache.entries.keys()].some((k) => k.endsWith('partial.json'))).toBe(false);
  });

  it('probes sizes with one byte when the listing gives none', async () => {
    const cache = new MemoryCache();
    await convert('test/bare', cache);
    expect(hub.log.some((l) => l.includes('model.safetensors bytes=0-0'))).toBe(true);
  });

  it.each([
    ['test/missing', 'not-found', /not found/],
    ['test/gated', 'gated', /private or gated/],
    ['test/forbidden', 'gated', /HTTP 403/],
    ['test/bert', 'not-clip', /not a CLIP/],
    ['test/relu', 'unsupported', /relu/],
    ['test/no-weights', 'not-clip', /no model\.safetensors or pytorch_model\.bin/],
    ['test/wrong-sha', 'integrity', /sha256/],
    ['test/truncated', 'network', /lost|reach/],
    ['test/huge-header', 'format', /limit/],
  ])('%s: a clear %s error, nothing left in the cache', async (repo, kind, message) => {
    const cache = new MemoryCache();
    const err = await convert(repo, cache).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(HubError);
    expect((err as HubError).kind).toBe(kind);
    expect((err as Error).message).toMatch(message);
    expect(cache.entries.size).toBe(0);
  });

  it('refuses names that are not org/name[@revision]', () => {
    for (const bad of ['', 'nope', 'a/b/c', '../x/y', 'a/-b', 'a--b/c', 'a/b@', 'a/b@../../x']) {
      expect(() => parseRepoRef(bad), bad).toThrow(HubError);
    }
    expect(parseRepoRef('openai/clip-vit-base-patch32')).toEqual({
      repo: 'openai/clip-vit-base-patch32',
      revision: 'main',
    });
    expect(parseRepoRef(' org/name@refs/pr/3 ')).toEqual({ repo: 'org/name', revision: 'refs/pr/3' });
  });
});
