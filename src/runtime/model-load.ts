// A model by name for the engine: its manifest from the server (or, offline, the copy the model panel
// stored), its shards from Cache Storage when the panel stored them (same keys as model-store.ts, so no
// request goes out), else from the server, each checked against its size and sha256. Loading never writes
// to the cache: only the panel does.
import { validateConfig } from '../clip/config';
import type { ClipModel } from '../clip/model';
import { modelFromShards } from '../clip/shards';
import type { Manifest } from '../train/export';
import { NetworkError } from './messages';
import { type CacheLike, downloadModel, openCache, storedManifest } from './model-store';

export interface LoadOptions {
  fetch?: typeof fetch;
  /** Cache Storage's store by default; null reads nothing from it. */
  cache?: CacheLike | null;
}

/** The absolute URL of models/<name>/, as the model panel writes it into its cache keys. */
export function modelDir(base: string, name: string): string {
  const here = typeof location === 'undefined' ? undefined : location.href;
  return new URL(`${base.replace(/\/?$/, '/')}models/${name}/`, here).href;
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
  try {
    return (await res.json()) as Manifest;
  } catch {
    throw new Error(`the ${name} model's manifest.json is not valid JSON`);
  }
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
  try {
    manifest = await fetchManifest(dir, name, fetchFn);
  } catch (err) {
    // Offline only: a server that answers 404 no longer offers the model, and its stored copy is not used.
    const stored = err instanceof UnreachableError && cache ? await storedManifest(dir, { cache }) : null;
    if (!stored) throw err;
    manifest = stored;
  }
  const config = validateConfig(manifest.config, `models/${name}/manifest.json`);
  const files = (manifest.files ?? []).filter((f) => f.path.endsWith('.safetensors'));
  if (files.length === 0) throw new Error(`the ${name} model manifest lists no .safetensors file`);
  const got = await downloadModel(
    dir,
    { name, files },
    { fetch: fetchFn, cache: cache && readOnly(cache), persist: async () => false },
  );
  return modelFromShards(
    files.map((f) => got.get(f.path)!),
    config,
  );
}
