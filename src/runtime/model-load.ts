// A model by name for the engine: its manifest from the server (or, offline, the copy the model panel
// stored), its shards from Cache Storage when the panel stored them (same keys as model-store.ts, so no
// request goes out), else from the server, each checked against its size and sha256. Loading never writes
// to the cache: only the panel does. Either manifest goes through readManifest (format version included).
// TF.js comes in by a dynamic import when a model is built, so page code may import modelDir from here.
import type { ClipModel } from '../clip/model';
import { type Manifest, readManifest } from '../weights/manifest';
import { hubModelLabel, isHubModel } from './hub-names';
import { NetworkError } from './messages';
import { modelDir } from './model-dir';
import { type CacheLike, downloadModel, openCache, storedManifest } from './model-store';

export { modelDir };

export interface LoadOptions {
  fetch?: typeof fetch;
  /** Cache Storage's store by default; null reads nothing from it. */
  cache?: CacheLike | null;
}

const readOnly = (cache: CacheLike): CacheLike => ({
  match: (key) => cache.match(key),
  put: async () => undefined,
  delete: async () => false,
  keys: () => cache.keys(),
});

/** The server could not be reached at all (as opposed to answering with an error). */
class UnreachableError extends NetworkError {}

async function fetchManifest(dir: string, name: string, fetchFn: typeof fetch): Promise<Manifest> {
  let res: Response;
  try {
    res = await fetchFn(`${dir}manifest.json`);
  } catch {
    throw new UnreachableError(`could not reach the server for the ${name} model (are you offline?)`);
  }
  if (!res.ok) throw new Error(`the ${name} model is not on this site (HTTP ${res.status})`);
  let raw: unknown;
  try {
    raw = await res.json();
  } catch {
    throw new Error(`the ${name} model's manifest.json is not valid JSON`);
  }
  return readManifest(raw, `models/${name}/manifest.json`);
}

export async function loadStoredModel(
  base: string,
  name: string,
  options: LoadOptions = {},
): Promise<ClipModel> {
  // A folder name only: the name comes from localStorage and must not reach outside models/.
  if (!/^[\w.-]+$/.test(name) || name.startsWith('.')) throw new Error(`"${name}" is not a model name`);
  const fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
  const dir = modelDir(base, name);
  const cache = await openCache(options.cache);
  let manifest: Manifest;
  if (isHubModel(name)) {
    // Converted from the hub in this browser: the cache is its only copy.
    const stored = cache ? await storedManifest(dir, { cache }) : null;
    if (!stored) throw new Error(`the ${hubModelLabel(name)} model is no longer stored in this browser`);
    manifest = stored;
  } else
    try {
      manifest = await fetchManifest(dir, name, fetchFn);
    } catch (err) {
      // Offline only: a server that answers 404 no longer offers the model, and its stored copy is not used.
      const stored = err instanceof UnreachableError && cache ? await storedManifest(dir, { cache }) : null;
      if (!stored) throw err;
      manifest = stored;
    }
  const files = manifest.files;
  const got = await downloadModel(
    dir,
    { name, files },
    { fetch: fetchFn, cache: cache && readOnly(cache), persist: async () => false },
  );
  const { modelFromShards } = await import('../clip/shards');
  return modelFromShards(
    files.map((f) => got.get(f.path)!),
    manifest.config,
  );
}
