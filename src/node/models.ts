// Models by name from public/models/<name>/ (manifest.json + files), checked against their sha256.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateConfig } from '../clip/config';
import { type ClipModel, loadModel } from '../clip/model';
import type { Manifest } from '../train/export';

export const MODELS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../public/models');

export function readManifest(name: string): { manifest: Manifest; dir: string } {
  if (!/^[\w.-]+$/.test(name)) throw new Error(`invalid model name "${name}"`);
  const dir = resolve(MODELS_DIR, name);
  const path = resolve(dir, 'manifest.json');
  if (!existsSync(path)) throw new Error(`model "${name}" not found: no ${path}`);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch (err) {
    throw new Error(`model "${name}": manifest.json is not valid JSON`, { cause: err });
  }
  manifest.config = validateConfig(manifest.config, `model "${name}" config`);
  return { manifest, dir };
}

/** Loads public/models/<name>/model.safetensors after checking its size and sha256 against the manifest. */
export function loadNamedModel(name: string): ClipModel {
  const { manifest, dir } = readManifest(name);
  const file = manifest.files.find((f) => f.path.endsWith('.safetensors'));
  if (!file) throw new Error(`model "${name}": the manifest lists no .safetensors file`);
  const path = resolve(dir, file.path);
  if (!existsSync(path)) throw new Error(`model "${name}": missing file ${path}`);
  const bytes = new Uint8Array(readFileSync(path));
  if (bytes.byteLength !== file.bytes) {
    throw new Error(
      `model "${name}": ${file.path} has ${bytes.byteLength} bytes, the manifest says ${file.bytes}`,
    );
  }
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (sha !== file.sha256)
    throw new Error(`model "${name}": ${file.path} does not match its sha256 (corrupt or changed)`);
  return loadModel(bytes, { config: manifest.config });
}
