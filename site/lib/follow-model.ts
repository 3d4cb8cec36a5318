// The figures follow the model panel: at startup the remembered model when the page can use it (embedded,
// or whole in the panel's cache, so no long download starts unasked), then each model the panel announces.
import type { ModelClient } from '../../src/runtime/client';
import { isHubModel } from '../../src/runtime/hub-names';
import { modelDir } from '../../src/runtime/model-dir';
import { MODEL_EVENT, type ModelChoice, readChoice } from './model-choice';
import type { ModelEntry } from './model-list';

function listedModels(): ModelEntry[] {
  const json = document.querySelector('script[data-model-list]')?.textContent;
  try {
    return json ? (JSON.parse(json) as ModelEntry[]) : [];
  } catch {
    return [];
  }
}

async function rememberedModel(): Promise<string | null> {
  const saved = readChoice();
  const entry = listedModels().find((m) => m.name === saved);
  if (!saved || entry?.embedded) return entry?.name ?? null;
  // The cache's reader loads only for a reader who picked a model that is not embedded.
  const { cachedBytes, storedManifest } = await import('../../src/runtime/model-store');
  if (isHubModel(saved)) {
    // Converted from the hub in this browser: usable once its manifest is stored (written last).
    const dir = modelDir(import.meta.env.BASE_URL, saved);
    return (await storedManifest(dir).catch(() => null)) ? saved : null;
  }
  if (!entry) return null;
  // The same folder URL the panel stores under (scripts/model-panel.ts).
  const url = new URL(`${import.meta.env.BASE_URL.replace(/\/?$/, '/')}models/${entry.name}/`, location.href);
  const stored = await cachedBytes(url.href, entry).catch(() => 0);
  return stored >= entry.totalBytes ? entry.name : null;
}

export function followModelChoice(client: ModelClient): void {
  let picked = false;
  void rememberedModel().then((name) => {
    if (name && !picked) client.use(name);
  });
  document.addEventListener(MODEL_EVENT, (e) => {
    picked = true; // a pick made while the cache is read wins over the remembered one
    client.use((e as CustomEvent<ModelChoice>).detail.name);
  });
}
