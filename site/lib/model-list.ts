// Build time (Node): the models the site ships, one per public/models/<name>/manifest.json, summarised for
// the model picker. Only the tiny model is committed; `npm run weights` adds converted checkpoints locally.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { readManifest } from '../../src/weights/manifest';
import { type ModelEntry, modelEntry } from './model-entry';

/** The model every page embeds: its figures need no download. */
export const EMBEDDED_MODEL = 'tiny';

export type { ModelEntry, ModelSummary } from './model-entry';

function entry(dir: string, name: string): ModelEntry {
  const path = resolve(dir, name, 'manifest.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path} is not valid JSON`, { cause: err });
  }
  // The same checks as every loader, so a manifest the page would refuse fails the build instead.
  return modelEntry(name, readManifest(raw, path), name === EMBEDDED_MODEL);
}

/** Every model folder with a manifest: the embedded one first, then the smallest download first. */
// From the working directory, like site/lib/model.ts: Vite moves this module when it bundles.
export function listModels(modelsDir = resolve(process.cwd(), 'public/models')): ModelEntry[] {
  const names = readdirSync(modelsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(resolve(modelsDir, d.name, 'manifest.json')))
    .map((d) => d.name);
  return names
    .map((name) => entry(modelsDir, name))
    .sort((a, b) => Number(b.embedded) - Number(a.embedded) || a.totalBytes - b.totalBytes);
}

/** The list as JSON safe inside <script type="application/json"> (no '<', so no early '</script>'). */
export function modelListJson(models: ModelEntry[]): string {
  return JSON.stringify(models).replaceAll('<', '\\u003c');
}
