// Real CLIP weights in the browser: downloads the .safetensors files a model manifest lists, with progress,
// size and sha256 checks, and keeps each verified file in Cache Storage, so a reload resumes where it
// stopped and a finished model opens offline. Only fetch, caches, crypto and navigator.storage are used
// (each can be injected), so the page can import this without TF.js and tests can run it in Node.
import { expectedShapes } from '../clip/shapes';
import { type Manifest, readManifest } from '../weights/manifest';
import { ModelDownloadError, cancelledError, storeFailure } from './download-error';
import { fetchOnce, fromCache } from './model-file';

export const CACHE_NAME = 'inside-clip-models-v1';

type ModelFileList = Pick<Manifest, 'name' | 'files'>;
type ModelFile = Manifest['files'][number];

/** The part of the Cache interface used here; the browser's Cache fits it. */
export interface CacheLike {
  match(key: string): Promise<Response | undefined>;
  put(key: string, response: Response): Promise<void>;
  delete(key: string): Promise<boolean>;
  keys(): Promise<readonly Request[]>;
}

export interface DownloadProgress {
  loadedBytes: number;
  totalBytes: number;
  filesDone: number;
  filesTotal: number;
}

/** The model's files by manifest path; `warning` says when they could not be kept for offline use. */
export class ModelFiles extends Map<string, Uint8Array> {
  warning: ModelDownloadError | null = null;
}

export interface StoreOptions {
  /** Cache Storage's 'inside-clip-models-v1' by default; null stores nothing. */
  cache?: CacheLike | null;
}

export interface DownloadOptions extends StoreOptions {
  fetch?: typeof fetch;
  onProgress?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
  concurrency?: number;
  /** Asked once before the first write: navigator.storage.persist() by default; refusal is fine. */
  persist?: () => Promise<boolean>;
}

export const fileUrl = (baseUrl: string, path: string): string => `${baseUrl.replace(/\/?$/, '/')}${path}`;

/** The Cache Storage key of one verified file: a new sha256 is a new entry, never a stale hit. */
export const cacheKey = (baseUrl: string, file: ModelFile): string =>
  `${fileUrl(baseUrl, file.path)}?sha256=${file.sha256}`;

/** The given cache, or Cache Storage's store when none is given (null where the browser has none). */
export async function openCache(given: CacheLike | null | undefined): Promise<CacheLike | null> {
  if (given !== undefined) return given;
  if (typeof caches === 'undefined') return null; // insecure page or old browser
  try {
    return await caches.open(CACHE_NAME);
  } catch {
    return null; // e.g. private windows that refuse storage
  }
}

const defaultPersist = async (): Promise<boolean> =>
  typeof navigator === 'undefined' ? false : ((await navigator.storage?.persist?.()) ?? false);

const asked = new WeakSet<() => Promise<boolean>>();

function askPersistOnce(persist: () => Promise<boolean>): void {
  if (asked.has(persist)) return;
  asked.add(persist);
  void Promise.resolve()
    .then(persist)
    .catch(() => false);
}

/**
 * Every file the manifest lists, from the cache when it is there and still matches its sha256, else from
 * baseUrl (at most `concurrency` requests at once), each checked and then stored.
 */
export async function downloadModel(
  baseUrl: string,
  manifest: ModelFileList,
  options: DownloadOptions = {},
): Promise<ModelFiles> {
  const fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
  const persist = options.persist ?? defaultPersist;
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 3));
  const cache = await openCache(options.cache);
  const files = manifest.files;
  const result = new ModelFiles();
  let storing = cache !== null;

  // One controller for all requests: the reader's cancel, or the first failure, stops the others.
  const inner = new AbortController();
  const outer = options.signal;
  const onAbort = (): void => inner.abort();
  if (outer?.aborted) throw cancelledError();
  outer?.addEventListener('abort', onAbort);

  const loaded = files.map(() => 0);
  const totalBytes = files.reduce((sum, f) => sum + f.bytes, 0);
  let filesDone = 0;
  const report = (): void =>
    options.onProgress?.({
      loadedBytes: loaded.reduce((a, b) => a + b, 0),
      totalBytes,
      filesDone,
      filesTotal: files.length,
    });

  const store = async (file: ModelFile, bytes: Uint8Array): Promise<void> => {
    if (!cache || !storing) return;
    askPersistOnce(persist);
    const headers = {
      'content-type': 'application/octet-stream',
      'content-length': String(bytes.byteLength),
    };
    try {
      await cache.put(cacheKey(baseUrl, file), new Response(bytes as Uint8Array<ArrayBuffer>, { headers }));
    } catch (err) {
      storing = false; // keep downloading into memory; one warning is enough
      result.warning ??= storeFailure(manifest.name, err);
    }
  };

  const one = async (i: number): Promise<void> => {
    const file = files[i]!;
    let bytes = cache ? await fromCache(cache, cacheKey(baseUrl, file), file) : null;
    // A second try, because a proxy or a flaky link can damage one response; a third would rarely help.
    for (let attempt = 0; !bytes && attempt < 2; attempt++) {
      if (inner.signal.aborted) throw cancelledError();
      // max(): a retry restarts the file, but the reader's progress bar never moves backwards.
      const url = fileUrl(baseUrl, file.path);
      bytes = await fetchOnce(url, file, fetchFn, inner.signal, (n) => {
        if (n > loaded[i]!) loaded[i] = n;
        report();
      });
      if (bytes) {
        if (inner.signal.aborted) throw cancelledError();
        await store(file, bytes);
      }
    }
    if (!bytes) {
      throw new ModelDownloadError(
        `The model file ${file.path} arrived damaged twice (its size or sha256 does not match the manifest); ` +
          'try again later.',
        'integrity',
        { file: file.path },
      );
    }
    result.set(file.path, bytes);
    loaded[i] = file.bytes;
    filesDone++;
    report();
  };

  let failure: unknown = null;
  const queue = files.map((_, i) => i);
  const worker = async (): Promise<void> => {
    for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
      try {
        await one(i);
      } catch (err) {
        failure ??= err;
        inner.abort();
        return;
      }
    }
  };
  try {
    report();
    await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  } finally {
    outer?.removeEventListener('abort', onAbort);
  }
  if (outer?.aborted) throw cancelledError();
  if (failure) throw failure;
  // Cache Storage was wanted but the browser gave none (e.g. a page not served over https).
  if (!cache && options.cache === undefined) result.warning = storeFailure(manifest.name, null);
  return result;
}

/** The manifest's own cache key, beside the shards, so a stored model also loads offline. */
export const manifestKey = (baseUrl: string): string => fileUrl(baseUrl, 'manifest.json');

/** Keeps the manifest with the stored shards; a failure only costs offline loading. */
export async function storeManifest(
  baseUrl: string,
  manifest: Manifest,
  options: StoreOptions = {},
): Promise<void> {
  const cache = await openCache(options.cache);
  if (!cache) return;
  const body = JSON.stringify(manifest);
  await cache
    .put(manifestKey(baseUrl), new Response(body, { headers: { 'content-type': 'application/json' } }))
    .catch(() => undefined);
}

/**
 * The stored manifest, or null when there is none or it is not JSON; one this site cannot read (another
 * format version, a bad entry) throws readManifest's ManifestError, which says why.
 */
export async function storedManifest(baseUrl: string, options: StoreOptions = {}): Promise<Manifest | null> {
  const cache = await openCache(options.cache);
  const res = cache ? await cache.match(manifestKey(baseUrl)).catch(() => undefined) : undefined;
  if (!res) return null;
  let raw: unknown;
  try {
    raw = await res.json();
  } catch {
    return null;
  }
  return readManifest(raw, `the stored copy of ${manifestKey(baseUrl)}`);
}

/** Bytes of this model already verified and stored (not re-hashed: downloadModel checks on use). */
export async function cachedBytes(
  baseUrl: string,
  manifest: ModelFileList,
  options: StoreOptions = {},
): Promise<number> {
  const cache = await openCache(options.cache);
  if (!cache) return 0;
  let sum = 0;
  for (const file of manifest.files) {
    if (await cache.match(cacheKey(baseUrl, file)).catch(() => undefined)) sum += file.bytes;
  }
  return sum;
}

const withoutQuery = (url: string): string => {
  const u = new URL(url, typeof location === 'undefined' ? undefined : location.href);
  u.search = '';
  return u.href;
};

/** Removes every stored copy of the model's files, older versions (other sha256) included. */
export async function deleteModel(
  baseUrl: string,
  manifest: ModelFileList,
  options: StoreOptions = {},
): Promise<number> {
  const cache = await openCache(options.cache);
  if (!cache) return 0;
  const urls = new Set(manifest.files.map((f) => withoutQuery(fileUrl(baseUrl, f.path))));
  urls.add(withoutQuery(manifestKey(baseUrl)));
  let removed = 0;
  for (const req of await cache.keys()) {
    if (urls.has(withoutQuery(req.url)) && (await cache.delete(req.url))) removed++;
  }
  return removed;
}

/** Memory the weights take once decoded to float32 (what TF.js holds), from the config alone. */
export function memoryNeeded(manifest: Pick<Manifest, 'config'>): number {
  let elements = 0;
  for (const shape of expectedShapes(manifest.config).values()) elements += shape.reduce((a, b) => a * b, 1);
  return elements * 4;
}
