// Models by name from public/models/<name>/ (manifest.json + one or more safetensors shards), each file
// checked against its size and sha256 in the manifest before anything is parsed.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateConfig } from '../clip/config';
import type { ClipModel } from '../clip/model';
import { modelFromShards } from '../clip/shards';
import type { Manifest } from '../weights/manifest';

export const MODELS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../public/models');

/** manifest.json of a model folder, its config validated; `label` names the model in messages. */
export function readManifestDir(dir: string, label: string): Manifest {
  const path = resolve(dir, 'manifest.json');
  if (!existsSync(path)) throw new Error(`${label} not found: no ${path}`);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch (err) {
    throw new Error(`${label}: manifest.json is not valid JSON`, { cause: err });
  }
  manifest.config = validateConfig(manifest.config, `${label} config`);
  return manifest;
}

export function readManifest(name: string): { manifest: Manifest; dir: string } {
  if (!/^[\w.-]+$/.test(name)) throw new Error(`invalid model name "${name}"`);
  const dir = resolve(MODELS_DIR, name);
  return { manifest: readManifestDir(dir, `model "${name}"`), dir };
}

/** The bytes of every .safetensors file the manifest lists, each checked against its size and sha256. */
export function readShardFiles(manifest: Manifest, dir: string, label: string): Uint8Array[] {
  const files = manifest.files.filter((f) => f.path.endsWith('.safetensors'));
  if (files.length === 0) throw new Error(`${label}: the manifest lists no .safetensors file`);
  return files.map((file) => {
    const path = resolve(dir, file.path);
    if (!existsSync(path)) throw new Error(`${label}: missing file ${path}`);
    const bytes = new Uint8Array(readFileSync(path));
    if (bytes.byteLength !== file.bytes) {
      throw new Error(
        `${label}: ${file.path} has ${bytes.byteLength} bytes, the manifest says ${file.bytes}`,
      );
    }
    const sha = createHash('sha256').update(bytes).digest('hex');
    if (sha !== file.sha256)
      throw new Error(`${label}: ${file.path} does not match its sha256 (corrupt or changed)`);
    return bytes;
  });
}

/** Loads the model in a folder holding manifest.json and its shards. */
export function loadModelDir(dir: string, label = dir): ClipModel {
  const manifest = readManifestDir(dir, label);
  return modelFromShards(readShardFiles(manifest, dir, label), manifest.config);
}

/** Loads public/models/<name>/ after checking every file against the manifest. */
export function loadNamedModel(name: string): ClipModel {
  const { dir } = readManifest(name);
  return loadModelDir(dir, `model "${name}"`);
}
