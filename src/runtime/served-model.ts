// A model served with the site, under <base>/models/<name>/: its manifest, then every shard it lists, each
// checked against its size and sha256 before anything is parsed. The engine loads tiny this way (the HTTP
// cache may hold it) and the BPE merges through the same fetch; other models go through model-load.ts.
import type { ClipModel } from '../clip/model';
import { modelFromShards } from '../clip/shards';
import { readManifest, verifyFile } from '../weights/manifest';
import { NetworkError } from './messages';

/** A GET that throws a NetworkError when the server cannot be reached and an Error on an HTTP error. */
export async function fetchOk(url: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (err) {
    throw new NetworkError(`could not download ${url} (${(err as Error).message})`);
  }
  if (!res.ok) throw new Error(`could not download ${url} (HTTP ${res.status})`);
  return res;
}

/**
 * Loads <base>/models/<name>/: manifest.json, then every .safetensors shard it lists (in parallel), each
 * checked against its size and sha256 before anything is parsed.
 */
export async function loadManifestModel(base: string, name: string): Promise<ClipModel> {
  const dir = `${base.replace(/\/?$/, '/')}models/${name}/`;
  const manifest = readManifest(
    await (await fetchOk(`${dir}manifest.json`)).json(),
    `models/${name}/manifest.json`,
  );
  const shards = await Promise.all(
    manifest.files.map(async (file) => {
      const bytes = new Uint8Array(await (await fetchOk(`${dir}${file.path}`)).arrayBuffer());
      await verifyFile(file, bytes).catch((err: Error) => {
        throw new Error(
          `the downloaded model file ${file.path} does not match its manifest (${err.message}); reload the page`,
        );
      });
      return bytes;
    }),
  );
  return modelFromShards(shards, manifest.config);
}

export function loadTinyModel(base: string): Promise<ClipModel> {
  return loadManifestModel(base, 'tiny');
}
