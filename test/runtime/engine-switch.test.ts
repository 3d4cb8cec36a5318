// Switching the engine's model by name (the reader's pick in the model panel), in Node on the cpu backend:
// a second model with 2 + 2 layers served by an injected fetch or read from the panel's cache without a
// request, back to tiny, tf.memory() flat across switches, and a failed load keeping the previous model.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClipConfig } from '../../src/clip/config';
import { initWeights } from '../../src/clip/init';
import { writeSafetensors } from '../../src/clip/safetensors';
import { useBackend } from '../../src/node/backend';
import { loadNamedModel } from '../../src/node/models';
import { loadTokenizer } from '../../src/node/vocab';
import { Engine } from '../../src/runtime/engine';
import { modelDir } from '../../src/runtime/model-load';
import { cacheKey, deleteModel, storeManifest, storedManifest } from '../../src/runtime/model-store';
import type { RunRequest } from '../../src/runtime/protocol';
import type { Manifest } from '../../src/weights/manifest';
import { sha256Hex } from '../../src/weights/sha256';
import { MemoryCache } from '../helpers/model-server';

const BASE = 'http://site.test/';
const TINY_DIR = resolve('public/models/tiny');

/** URL → body, as the site would serve it. */
const served = new Map<string, Uint8Array>();
const requests: string[] = [];

const fakeFetch: typeof fetch = async (input) => {
  const url = String(input instanceof Request ? input.url : input);
  requests.push(url.slice(BASE.length));
  const body = served.get(url);
  return body ? new Response(body.slice()) : new Response('not found', { status: 404 });
};

const tinyManifest = JSON.parse(readFileSync(`${TINY_DIR}/manifest.json`, 'utf8')) as Manifest;
let twoManifest: Manifest;

/** A model with 2 text and 2 vision layers (tiny has 3 and 3), its files served under models/<name>/. */
async function serveModel(name: string, damaged = false): Promise<Manifest> {
  const config: ClipConfig = { ...tinyManifest.config, vision_layers: 2, transformer_layers: 2 };
  const shard = writeSafetensors(initWeights(config, { seed: 1 }));
  const file = { path: 'model.safetensors', bytes: shard.byteLength, sha256: await sha256Hex(shard) };
  const manifest: Manifest = { format: 'inside-clip-weights/1', name, dtype: 'F32', config, files: [file] };
  const dir = modelDir(BASE, name);
  served.set(`${dir}manifest.json`, new TextEncoder().encode(JSON.stringify(manifest)));
  const body = damaged ? shard.slice() : shard;
  if (damaged) body[body.length - 1]! ^= 0xff;
  served.set(`${dir}model.safetensors`, body);
  return manifest;
}

let engine: Engine;
const options = { fetch: fakeFetch, cache: null };
const req: RunRequest = { type: 'run', id: 1, channel: 'c', texts: ['a red circle'], capture: [] };
const textLayers = (trace: Record<string, unknown>): number =>
  Object.keys(trace).filter((k) => /^transformer\.resblocks\.\d+\.attn\.probs$/.test(k)).length;

beforeAll(async () => {
  await useBackend('cpu');
  engine = Engine.from('cpu', loadNamedModel('tiny'), await loadTokenizer());
  for (const f of ['manifest.json', ...tinyManifest.files.map((x) => x.path)]) {
    served.set(`${modelDir(BASE, 'tiny')}${f}`, readFileSync(`${TINY_DIR}/${f}`));
  }
  twoManifest = await serveModel('two');
  await serveModel('broken', true);
});

describe('Engine.switchTo', () => {
  it('loads a second model by name, and back to tiny, with tf.memory() flat across switches', async () => {
    const counts: number[] = [];
    for (const [name, layers] of [
      ['two', 2],
      ['tiny', 3],
      ['two', 2],
      ['tiny', 3],
    ] as const) {
      expect(await engine.switchTo(BASE, name, options)).toBe(true);
      expect(engine.modelName).toBe(name);
      expect(engine.config.transformer_layers).toBe(layers);
      const res = engine.run({ ...req, capture: ['transformer.resblocks.'] });
      expect(res.model).toBe(name);
      expect(textLayers(res.trace)).toBe(layers);
      counts.push(tf.memory().numTensors);
    }
    expect(counts[2]).toBe(counts[0]);
    expect(counts[3]).toBe(counts[1]);
    expect(counts[0]).not.toBe(counts[1]);
  });

  it('reads the shards the model panel stored from the cache, with no request for them', async () => {
    const cache = new MemoryCache();
    const dir = modelDir(BASE, 'two');
    const file = twoManifest.files[0]!;
    cache.entries.set(cacheKey(dir, file), served.get(`${dir}${file.path}`)!);
    requests.length = 0;
    expect(await engine.switchTo(BASE, 'two', { fetch: fakeFetch, cache })).toBe(true);
    expect(requests).toEqual(['models/two/manifest.json']);
    expect(cache.entries.size).toBe(1);
    expect(await engine.switchTo(BASE, 'tiny', options)).toBe(true);
  });

  it('loads a stored model offline from the manifest kept beside its shards, but not after a 404', async () => {
    const cache = new MemoryCache();
    const dir = modelDir(BASE, 'two');
    const file = twoManifest.files[0]!;
    cache.entries.set(cacheKey(dir, file), served.get(`${dir}${file.path}`)!);
    await storeManifest(dir, twoManifest, { cache });
    expect(await storedManifest(dir, { cache })).toEqual(twoManifest);
    const offline: typeof fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect(await engine.switchTo(BASE, 'two', { fetch: offline, cache })).toBe(true);
    expect(engine.config.vision_layers).toBe(2);
    expect(await engine.switchTo(BASE, 'tiny', options)).toBe(true);
    const gone: typeof fetch = async () => new Response('not found', { status: 404 });
    await expect(engine.switchTo(BASE, 'two', { fetch: gone, cache })).rejects.toThrow(/HTTP 404/);
    expect(await deleteModel(dir, twoManifest, { cache })).toBe(2);
    expect(await storedManifest(dir, { cache })).toBeNull();
    await expect(engine.switchTo(BASE, 'two', { fetch: offline, cache })).rejects.toThrow(/offline/);
    expect(engine.modelName).toBe('tiny');
  });

  it('keeps the previous model working when a load fails, and says why', async () => {
    const before = tf.memory().numTensors;
    await expect(engine.switchTo(BASE, 'broken', options)).rejects.toThrow(/model\.safetensors.*sha256/);
    await expect(engine.switchTo(BASE, 'missing', options)).rejects.toThrow(/missing.*HTTP 404/);
    await expect(engine.switchTo(BASE, '../tiny', options)).rejects.toThrow(/not a model name/);
    expect(engine.modelName).toBe('tiny');
    expect(engine.run(req).model).toBe('tiny');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('drops a switch that a newer one overtook', async () => {
    const before = tf.memory().numTensors;
    const first = engine.switchTo(BASE, 'two', options);
    const second = engine.switchTo(BASE, 'tiny', options);
    expect(await first).toBe(false);
    expect(await second).toBe(true);
    expect(engine.modelName).toBe('tiny');
    expect(tf.memory().numTensors).toBe(before);
  });
});
