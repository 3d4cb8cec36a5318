// The model the page's words follow: the one picked in the model panel (read from the panel's list, so no
// worker needs to start for a sentence to change), then the one the figures' worker actually has in use.
// At startup the remembered pick counts only when the figures can use it too (embedded, or stored whole),
// as in follow-model.ts, so the words never describe a model the figures are not computing with.
import type { ClipConfig } from '../../src/clip/config';
import { getClient } from '../../src/runtime/client';
import { MODEL_EVENT, type ModelChoice, readChoice } from './model-choice';
import type { ModelEntry } from './model-list';

export interface PickedModel {
  name: string;
  config: ClipConfig;
}

function listed(): ModelEntry[] {
  const json = document.querySelector('script[data-model-list]')?.textContent;
  try {
    const list: unknown = json ? JSON.parse(json) : [];
    return Array.isArray(list) ? (list as ModelEntry[]) : [];
  } catch {
    return [];
  }
}

const find = (name: string): ModelEntry | undefined => listed().find((m) => m.name === name);

async function remembered(): Promise<ModelEntry | null> {
  const saved = readChoice();
  const entry = saved ? find(saved) : undefined;
  if (!entry?.config) return null;
  if (entry.embedded) return entry;
  // The cache's reader loads only for a reader who picked a model that is not embedded.
  const { cachedBytes } = await import('../../src/runtime/model-store');
  const url = new URL(`${import.meta.env.BASE_URL.replace(/\/?$/, '/')}models/${entry.name}/`, location.href);
  const stored = await cachedBytes(url.href, entry).catch(() => 0);
  return stored >= entry.totalBytes ? entry : null;
}

/** Calls `on` with each model the page now follows (not at startup when that is the embedded tiny one). */
export function followPickedModel(on: (m: PickedModel) => void): void {
  let current = 'tiny';
  let picked = false;
  const say = (name: string, config: ClipConfig | undefined): void => {
    if (!config || name === current) return;
    current = name;
    on({ name, config });
  };
  void remembered().then((entry) => {
    if (entry && !picked) say(entry.name, entry.config);
  });
  document.addEventListener(MODEL_EVENT, (e) => {
    picked = true;
    const name = (e as CustomEvent<ModelChoice>).detail?.name;
    if (typeof name === 'string') say(name, find(name)?.config);
  });
  const client = getClient(import.meta.env.BASE_URL);
  client.onModel((e) => {
    if (e.type === 'ready') return say(e.model, e.config);
    // The pick could not load: the words go back to the model the figures still use.
    const back = client.loaded;
    if (back) say(back.model, back.config);
    else say('tiny', find('tiny')?.config);
  });
}
