// The browser's model store, run in Node against a local HTTP server, the real fetch and an in-memory
// Cache: progress, checks, resume from the cache, retries, every failure the reader can meet, deletion.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/clip/config';
import { writeSafetensors } from '../../src/clip/safetensors';
import { ModelDownloadError } from '../../src/runtime/download-error';
import {
  type DownloadProgress,
  cacheKey,
  cachedBytes,
  deleteModel,
  downloadModel,
  memoryNeeded,
} from '../../src/runtime/model-store';
import type { Manifest } from '../../src/weights/manifest';
import { sha256Hex } from '../../src/weights/sha256';
import { MemoryCache, type ShardServer, deadUrl, serveShards } from '../helpers/model-server';

const SHARDS = 5;
const files = new Map<string, Uint8Array>();
let manifest: Manifest;

beforeAll(async () => {
  const listed: Manifest['files'] = [];
  for (let s = 0; s < SHARDS; s++) {
    const data = Float32Array.from({ length: 1500 + 100 * s }, (_, i) => Math.sin(i + s));
    const bytes = writeSafetensors([[`tensor.${s}`, { shape: [data.length], data }]]);
    const path = `model-0000${s + 1}-of-0000${SHARDS}.safetensors`;
    files.set(path, bytes);
    listed.push({ path, bytes: bytes.byteLength, sha256: await sha256Hex(bytes) });
  }
  manifest = {
    format: 'inside-clip-weights/1',
    name: 'test',
    dtype: 'F32',
    config: PRESETS['ViT-B/32']!,
    files: listed,
  };
});

let server: ShardServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const start = async (delayMs?: number): Promise<ShardServer> => (server = await serveShards(files, delayMs));
const refused = async (): Promise<boolean> => false;
const total = (): number => manifest.files.reduce((a, f) => a + f.bytes, 0);

/** The error a promise rejects with (fails the test if it resolves). */
async function failure(p: Promise<unknown>): Promise<ModelDownloadError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ModelDownloadError);
  return err as ModelDownloadError;
}

/** Every cache entry is a whole file whose bytes match its manifest sha256. */
async function onlyWholeFiles(cache: MemoryCache): Promise<void> {
  for (const [key, bytes] of cache.entries) {
    const file = manifest.files.find((f) => key.endsWith(`${f.path}?sha256=${f.sha256}`));
    expect(file, key).toBeDefined();
    expect(await sha256Hex(bytes)).toBe(file!.sha256);
  }
}

describe('downloadModel', () => {
  it('downloads every file with progress that only grows and ends at the total', async () => {
    const { baseUrl } = await start();
    const seen: DownloadProgress[] = [];
    const cache = new MemoryCache();
    const got = await downloadModel(baseUrl, manifest, {
      cache,
      persist: refused,
      onProgress: (p) => seen.push(p),
    });
    expect([...got.keys()]).toEqual(expect.arrayContaining([...files.keys()]));
    for (const [path, bytes] of files) expect(got.get(path)).toEqual(bytes);
    expect(got.warning).toBeNull();
    expect(seen.length).toBeGreaterThan(SHARDS * 2); // within files, not only between them
    for (let k = 1; k < seen.length; k++) {
      expect(seen[k]!.loadedBytes).toBeGreaterThanOrEqual(seen[k - 1]!.loadedBytes);
      expect(seen[k]!.filesDone).toBeGreaterThanOrEqual(seen[k - 1]!.filesDone);
    }
    expect(seen.at(-1)).toEqual({
      loadedBytes: total(),
      totalBytes: total(),
      filesDone: SHARDS,
      filesTotal: SHARDS,
    });
    expect(cache.entries.size).toBe(SHARDS);
    expect(cache.entries.has(cacheKey(baseUrl, manifest.files[0]!))).toBe(true);
  });

  it('takes a second download from the cache without a single request', async () => {
    const s = await start(0);
    const cache = new MemoryCache();
    await downloadModel(s.baseUrl, manifest, { cache, persist: refused });
    s.requests.length = 0;
    const seen: DownloadProgress[] = [];
    const again = await downloadModel(s.baseUrl, manifest, {
      cache,
      persist: refused,
      onProgress: (p) => seen.push(p),
    });
    expect(s.requests).toEqual([]);
    expect(again.size).toBe(SHARDS);
    expect(seen.at(-1)?.loadedBytes).toBe(total());
  });

  it('refetches a file that arrives damaged once, and succeeds with progress that never goes back', async () => {
    const s = await start(0);
    const bad = manifest.files[2]!.path;
    s.corrupt.set(bad, 1);
    const cache = new MemoryCache();
    const loaded: number[] = [];
    const onProgress = (p: DownloadProgress): number => loaded.push(p.loadedBytes);
    const got = await downloadModel(s.baseUrl, manifest, { cache, persist: refused, onProgress });
    expect(got.get(bad)).toEqual(files.get(bad));
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
    expect(loaded.at(-1)).toBe(total());
    expect(s.requests.filter((p) => p === bad)).toHaveLength(2);
    await onlyWholeFiles(cache);
  });

  it('fails naming the file when it arrives damaged twice, and stores nothing of it', async () => {
    const s = await start(0);
    const bad = manifest.files[1]!.path;
    s.corrupt.set(bad, Infinity);
    const cache = new MemoryCache();
    const err = await failure(downloadModel(s.baseUrl, manifest, { cache, persist: refused }));
    expect(err.kind).toBe('integrity');
    expect(err.cancelled).toBe(false);
    expect(err.message).toContain(bad);
    expect(err.message).toMatch(/sha256/);
    expect(s.requests.filter((p) => p === bad)).toHaveLength(2);
    await onlyWholeFiles(cache);
  });

  it('names the file and the status when the server has no such file', async () => {
    const s = await start(0);
    const missing = {
      ...manifest,
      files: [...manifest.files, { path: 'gone.safetensors', bytes: 8, sha256: 'x' }],
    };
    const err = await failure(
      downloadModel(s.baseUrl, missing, { cache: new MemoryCache(), persist: refused }),
    );
    expect(err.kind).toBe('http');
    expect(err.file).toBe('gone.safetensors');
    expect(err.message).toMatch(/gone\.safetensors.*HTTP 404/);
  });

  it('says the server cannot be reached when it is down', async () => {
    const err = await failure(
      downloadModel(await deadUrl(), manifest, { cache: new MemoryCache(), persist: refused }),
    );
    expect(err.kind).toBe('offline');
    expect(err.message).toMatch(/Could not reach the server.*offline/);
  });

  it('cancels midway: reports cancelled, leaves only whole files cached, and a rerun fetches only the rest', async () => {
    const s = await start(2);
    const stalled = manifest.files[3]!.path;
    s.stall.add(stalled);
    const cache = new MemoryCache();
    const controller = new AbortController();
    const onProgress = (): void => {
      // Cancel once the stalled file is half in: the others are done or under way.
      if (s.requests.includes(stalled)) setTimeout(() => controller.abort(), 30);
    };
    const err = await failure(
      downloadModel(s.baseUrl, manifest, {
        cache,
        persist: refused,
        signal: controller.signal,
        onProgress,
        concurrency: 2,
      }),
    );
    expect(err.cancelled).toBe(true);
    expect(err.message).toBe('The download was cancelled.');
    expect(cache.entries.size).toBeGreaterThan(0);
    expect(cache.entries.size).toBeLessThan(SHARDS);
    await onlyWholeFiles(cache);
    expect(await cachedBytes(s.baseUrl, manifest, { cache })).toBe(
      manifest.files
        .filter((f) => cache.entries.has(cacheKey(s.baseUrl, f)))
        .reduce((a, f) => a + f.bytes, 0),
    );

    s.stall.clear();
    s.requests.length = 0;
    const kept = manifest.files.filter((f) => cache.entries.has(cacheKey(s.baseUrl, f))).map((f) => f.path);
    const got = await downloadModel(s.baseUrl, manifest, { cache, persist: refused });
    expect(got.size).toBe(SHARDS);
    expect(s.requests.sort()).toEqual(
      manifest.files
        .map((f) => f.path)
        .filter((p) => !kept.includes(p))
        .sort(),
    );
  });

  it('keeps the bytes in memory and says so when the cache is full', async () => {
    const s = await start(0);
    const cache = new MemoryCache();
    cache.full = true;
    const got = await downloadModel(s.baseUrl, manifest, { cache, persist: refused });
    expect(got.size).toBe(SHARDS);
    for (const [path, bytes] of files) expect(got.get(path)).toEqual(bytes);
    expect(got.warning?.kind).toBe('quota');
    expect(got.warning?.message).toMatch(/not enough storage space to keep the test model for offline use/);
    expect(cache.entries.size).toBe(0);
  });

  it('never has more requests in flight than the bound', async () => {
    for (const concurrency of [1, 3]) {
      const s = await start(10);
      await downloadModel(s.baseUrl, manifest, { cache: new MemoryCache(), persist: refused, concurrency });
      expect(s.maxInFlight).toBe(concurrency);
      await s.close();
      server = null;
    }
  });

  it('asks for persistent storage once, and a refusal or an error changes nothing', async () => {
    const s = await start(0);
    let asked = 0;
    const persist = async (): Promise<boolean> => {
      asked++;
      throw new Error('not allowed');
    };
    await downloadModel(s.baseUrl, manifest, { cache: new MemoryCache(), persist });
    const got = await downloadModel(s.baseUrl, manifest, { cache: new MemoryCache(), persist });
    expect(got.size).toBe(SHARDS);
    expect(asked).toBe(1);
  });

  it('stops at once when the signal is already aborted', async () => {
    const s = await start(0);
    const err = await failure(
      downloadModel(s.baseUrl, manifest, {
        cache: new MemoryCache(),
        persist: refused,
        signal: AbortSignal.abort(),
      }),
    );
    expect(err.cancelled).toBe(true);
    expect(s.requests).toEqual([]);
  });
});

describe('cachedBytes and deleteModel', () => {
  it('count what is stored and remove every entry of the model, older versions included', async () => {
    const s = await start(0);
    const cache = new MemoryCache();
    expect(await cachedBytes(s.baseUrl, manifest, { cache })).toBe(0);
    await downloadModel(s.baseUrl, manifest, { cache, persist: refused });
    expect(await cachedBytes(s.baseUrl, manifest, { cache })).toBe(total());
    const old = `${s.baseUrl}${manifest.files[0]!.path}?sha256=0ld`;
    const other = 'http://127.0.0.1:1/models/other/model.safetensors?sha256=abc';
    cache.entries.set(old, new Uint8Array(4));
    cache.entries.set(other, new Uint8Array(4));
    expect(await deleteModel(s.baseUrl, manifest, { cache })).toBe(SHARDS + 1);
    expect([...cache.entries.keys()]).toEqual([other]);
    expect(await cachedBytes(s.baseUrl, manifest, { cache })).toBe(0);
  });
});

describe('memoryNeeded', () => {
  it('is four bytes per parameter of the config', () => {
    expect(memoryNeeded({ config: PRESETS['ViT-B/32']! })).toBe(151277313 * 4);
  });
});
