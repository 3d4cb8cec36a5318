// A hub model converted into Cache Storage beside the site's own models: shards under
// models/hf--<org>--<name>--<commit>--<dtype>/ with the keys model-store.ts uses, the manifest written last,
// so a model is usable only once whole. Any failure but a cancel removes what this conversion wrote.
import { isQuantised } from '../clip/quantize';
import type { Hub, RepoRef } from '../weights/hub';
import { HubError } from '../weights/hub-error';
import { type HubModel, readHubModel } from '../weights/hub-model';
import type { Manifest } from '../weights/manifest';
import type { StoreDtype } from '../weights/shards';
import { streamConversion } from '../weights/stream-convert';
import { HUB_PREFIX, hubModelName } from './hub-names';
import { modelDir } from './model-dir';
import { keepOnly, partialKey, readPartial, resumedBytes, writePartial } from './hub-partial';
import {
  type CacheLike,
  cacheKey,
  manifestKey,
  memoryNeeded,
  openCache,
  storedManifest,
} from './model-store';

export const SHARD_BYTES = 32e6;

/** What the reader is shown before agreeing to a download. */
export interface HubOffer {
  name: string;
  repo: string;
  revision: string;
  commit: string;
  weights: string;
  downloadBytes: number;
  storedBytes: number;
  /** float32 weights once loaded, plus the conversion's peak (measured: about 4 × the largest tensor). */
  memoryBytes: number;
  alreadyStored: boolean;
  /** Bytes of the download a stopped conversion already covers: it resumes there. */
  resumeBytes: number;
}

const BYTES: Record<StoreDtype, number> = { F32: 4, F16: 2, I8: 1 };

function storedBytes(layout: [string, number[]][], dtype: StoreDtype): number {
  let sum = 0;
  for (const [, shape] of layout) {
    const n = shape.reduce((a, b) => a * b, 1);
    const matrix = dtype === 'I8' && isQuantised(shape);
    sum += matrix ? n + 4 * shape[0]! : n * (dtype === 'I8' ? 4 : BYTES[dtype]);
  }
  return sum;
}

export async function offerHubModel(
  hub: Hub,
  ref: RepoRef,
  dtype: StoreDtype,
  base: string,
  options: { cache?: CacheLike | null; signal?: AbortSignal; shardBytes?: number } = {},
): Promise<{ offer: HubOffer; model: HubModel }> {
  const model = await readHubModel(hub, ref, options.signal);
  const name = hubModelName(ref.repo, model.commit, dtype);
  const largest = Math.max(...model.plan.layout.map(([, s]) => s.reduce((a, b) => a * b, 1)));
  const dir = modelDir(base, name);
  const stored = await storedManifest(dir, { cache: options.cache }).catch(() => null);
  const cache = await openCache(options.cache);
  const partial = cache
    ? await readPartial(cache, dir, model.commit, options.shardBytes ?? SHARD_BYTES)
    : null;
  return {
    model,
    offer: {
      name,
      repo: ref.repo,
      revision: ref.revision,
      commit: model.commit,
      weights: model.weights,
      downloadBytes: model.plan.downloadBytes,
      storedBytes: storedBytes(model.plan.layout, dtype),
      memoryBytes: memoryNeeded({ config: model.config }) + 4 * 4 * largest,
      alreadyStored: stored !== null,
      resumeBytes: resumedBytes(
        partial,
        model.plan.files.map((f) => f.size),
      ),
    },
  };
}

function storageError(err: unknown): HubError {
  if ((err as { name?: string } | null)?.name === 'QuotaExceededError') {
    return new HubError('the browser has no storage space left for this model', 'quota');
  }
  return new HubError(`the browser refused to store the model (${(err as Error).message})`, 'storage');
}

/** Removes every cache entry under the model's folder. */
export async function removeHubModel(base: string, name: string, cache?: CacheLike | null): Promise<number> {
  const store = await openCache(cache);
  if (!store) return 0;
  const dir = modelDir(base, name);
  let removed = 0;
  for (const req of await store.keys())
    if (req.url.startsWith(dir) && (await store.delete(req.url))) removed++;
  return removed;
}

export interface ConvertHubOptions {
  cache?: CacheLike | null;
  signal?: AbortSignal;
  onProgress?: (doneBytes: number, totalBytes: number) => void;
  maxShardBytes?: number;
}

/** Streams the model into the cache; resolves with its manifest once stored whole. */
export async function convertHubModel(
  offer: HubOffer,
  model: HubModel,
  dtype: StoreDtype,
  base: string,
  options: ConvertHubOptions = {},
): Promise<Manifest> {
  const cache = await openCache(options.cache);
  if (!cache)
    throw new HubError('this browser gives the page no Cache Storage to keep a model in', 'storage');
  const dir = modelDir(base, offer.name);
  const put = async (key: string, body: BodyInit, type: string): Promise<void> => {
    try {
      await cache.put(key, new Response(body, { headers: { 'content-type': type } }));
    } catch (err) {
      throw storageError(err);
    }
  };
  const shardBytes = options.maxShardBytes ?? SHARD_BYTES;
  const resume = await readPartial(cache, dir, offer.commit, shardBytes);
  let checkpoint = resume;
  try {
    const manifest = await streamConversion(model.plan, {
      name: offer.name,
      dtype,
      maxShardBytes: shardBytes,
      signal: options.signal,
      onProgress: options.onProgress,
      resume: resume ?? undefined,
      onShard: (shard) =>
        put(
          cacheKey(dir, { path: shard.path, bytes: shard.bytes.byteLength, sha256: shard.sha256 }),
          shard.bytes as Uint8Array<ArrayBuffer>,
          'application/octet-stream',
        ),
      onCheckpoint: async (c) => {
        await writePartial(cache, dir, offer.commit, shardBytes, c).catch((err: unknown) => {
          throw storageError(err);
        });
        checkpoint = c;
      },
    });
    const whole: Manifest = {
      ...manifest,
      source: { from: `${offer.repo}@${offer.commit}`, scheme: model.plan.scheme },
    };
    await put(manifestKey(dir), JSON.stringify(whole), 'application/json');
    await cache.delete(partialKey(dir)).catch(() => false);
    return whole;
  } catch (err) {
    const error = err instanceof HubError ? err : new HubError((err as Error).message, 'format');
    // A cancel or a lost connection keeps what a checkpoint covers, for a resume; anything else, nothing.
    const resumable = error.kind === 'cancelled' || error.kind === 'network';
    await keepOnly(cache, dir, resumable ? checkpoint : null).catch(() => undefined);
    throw error;
  }
}

/** Names of the hub models whole in the cache (their manifest is stored). */
export async function storedHubModels(base: string, cache?: CacheLike | null): Promise<string[]> {
  const store = await openCache(cache);
  if (!store) return [];
  const root = modelDir(base, `${HUB_PREFIX}x`).replace(/hf--x\/$/, '');
  const names: string[] = [];
  for (const req of await store.keys()) {
    const m = req.url.startsWith(root)
      ? /^(hf--[\w.-]+)\/manifest\.json$/.exec(req.url.slice(root.length))
      : null;
    if (m) names.push(m[1]!);
  }
  return names.sort();
}
