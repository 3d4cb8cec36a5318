// The page's loaders read the manifest through readManifest: the shipped tiny model still loads by name,
// and a manifest of another format version (from the server, or the copy stored for offline use) is
// refused with the sentence that says so, as is a manifest whose files are not plain shard names.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { disposeModel } from '../../src/clip/model';
import { useBackend } from '../../src/node/backend';
import { loadStoredModel, modelDir } from '../../src/runtime/model-load';
import { storeManifest, storedManifest } from '../../src/runtime/model-store';
import type { Manifest } from '../../src/weights/manifest';
import { MemoryCache } from '../helpers/model-server';

const BASE = 'http://site.test/';
const TINY = resolve('public/models/tiny');
const tiny = JSON.parse(readFileSync(`${TINY}/manifest.json`, 'utf8')) as Manifest;
const NEXT = /is format "inside-clip-weights\/2"; this site reads inside-clip-weights\/1/;

/** Serves the tiny model's shard under models/<name>/ beside the given manifest. */
function site(name: string, manifest: unknown): typeof fetch {
  const dir = modelDir(BASE, name);
  const served = new Map<string, Uint8Array>([
    [`${dir}manifest.json`, new TextEncoder().encode(JSON.stringify(manifest))],
    [`${dir}model.safetensors`, new Uint8Array(readFileSync(`${TINY}/model.safetensors`))],
  ]);
  return async (input) => {
    const body = served.get(String(input));
    return body ? new Response(body.slice()) : new Response('not found', { status: 404 });
  };
}

const offline: typeof fetch = async () => {
  throw new TypeError('Failed to fetch');
};

beforeAll(() => useBackend('cpu'));

describe('loadStoredModel', () => {
  it('loads the tiny model from its manifest and shard', async () => {
    const before = tf.memory().numTensors;
    const model = await loadStoredModel(BASE, 'tiny', { fetch: site('tiny', tiny), cache: null });
    expect(model.config).toEqual(tiny.config);
    disposeModel(model);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a server manifest of another format version, naming it', async () => {
    const next = { ...tiny, format: 'inside-clip-weights/2' };
    const load = loadStoredModel(BASE, 'next', { fetch: site('next', next), cache: null });
    await expect(load).rejects.toThrow(NEXT);
    await expect(load).rejects.toThrow(/^models\/next\/manifest\.json/);
  });

  it('refuses a manifest listing a file outside the folder', async () => {
    const escape = { ...tiny, files: [{ ...tiny.files[0]!, path: '../tiny/model.safetensors' }] };
    const load = loadStoredModel(BASE, 'escape', { fetch: site('escape', escape), cache: null });
    await expect(load).rejects.toThrow(/has path "\.\.\/tiny\/model\.safetensors", not a plain/);
  });

  it('refuses a stored copy of another format version when offline, and loads a stored tiny one', async () => {
    const cache = new MemoryCache();
    const dir = modelDir(BASE, 'kept');
    await storeManifest(dir, { ...tiny, format: 'inside-clip-weights/2' } as unknown as Manifest, { cache });
    await expect(storedManifest(dir, { cache })).rejects.toThrow(NEXT);
    await expect(loadStoredModel(BASE, 'kept', { fetch: offline, cache })).rejects.toThrow(NEXT);

    await storeManifest(dir, tiny, { cache });
    expect(await storedManifest(dir, { cache })).toEqual(tiny);
    const shard = site('kept', tiny);
    const model = await loadStoredModel(BASE, 'kept', {
      fetch: async (input, init) =>
        String(input).endsWith('manifest.json') ? offline(input, init) : shard(input, init),
      cache,
    });
    expect(model.config.vision_layers).toBe(tiny.config.vision_layers);
    disposeModel(model);
  });
});
