// The model picker's rows (components/ModelPanel.astro), mounted by model-panel-boot.ts on first open: one
// row per model from the page's JSON list, the choice remembered in localStorage, and for downloadable
// models the store's download (model-row.ts: progress, cancel, resume), its stored size and delete.
// Every text is set as text, never as markup.
import { hubModelLabel, isHubModel } from '../../src/runtime/hub-names';
import { removeHubModel, storedHubModels } from '../../src/runtime/hub-store';
import { modelDir } from '../../src/runtime/model-dir';
import { storedManifest as readStored } from '../../src/runtime/model-store';
import type { Manifest as StoredManifest } from '../../src/weights/manifest';
import { formatSeconds } from '../lib/speed';
import { announceChoice, readChoice, saveChoice } from '../lib/model-choice';
import { type ModelEntry, modelEntry } from '../lib/model-entry';
import { mountHub } from './hub-panel';
import { ModelRow, bytes, el, lang, t } from './model-row';

function optionRow(model: ModelEntry, group: string, checked: boolean, onPick: () => void): HTMLElement {
  const row = el('div', 'model-option');
  row.dataset.model = model.name;
  const id = `${group}-${model.name.replace(/[^\w-]/g, '_')}`;
  const radio = el('input', 'model-radio');
  Object.assign(radio, { type: 'radio', name: group, value: model.name, id, checked });
  radio.addEventListener('change', onPick);
  const label = el('label', 'model-name', isHubModel(model.name) ? hubModelLabel(model.name) : model.name);
  label.htmlFor = id;
  label.append(' ', el('span', 'model-dtype', model.dtype));
  const s = model.summary;
  const meta = el(
    'p',
    'model-meta',
    t.summary(
      s.resolution,
      s.patch,
      t.tower(s.visionLayers, s.visionWidth),
      t.tower(s.textLayers, s.textWidth),
      s.embedDim,
    ),
  );
  const sizes = el(
    'p',
    'model-meta',
    model.embedded
      ? t.embedded
      : isHubModel(model.name)
        ? t.hub.storedSizes(bytes(model.totalBytes), bytes(model.memoryBytes))
        : t.sizes(bytes(model.totalBytes), bytes(model.memoryBytes)),
  );
  row.append(radio, label, meta, sizes);
  return row;
}

const base = import.meta.env.BASE_URL;

const labelOf = (name: string): string => (isHubModel(name) ? hubModelLabel(name) : name);

/** Builds the panel's rows and hub section; the boot script calls it when the panel first opens. */
export function mount(panel: HTMLElement, index: number): void {
  const json = panel.querySelector('script[data-model-list]')?.textContent;
  const options = panel.querySelector<HTMLElement>('[data-model-options]');
  const current = panel.querySelector<HTMLElement>('[data-model-current]');
  const body = panel.querySelector<HTMLElement>('.model-panel-body');
  if (!json || !options || !current || !body) return;
  const models = JSON.parse(json) as ModelEntry[];
  const fallback = models.find((m) => m.embedded)?.name ?? models[0]?.name;
  const saved = readChoice();
  const chosen = models.some((m) => m.name === saved) ? saved : fallback;
  current.textContent = labelOf(chosen ?? '');
  const radio = (name: string): HTMLInputElement | null =>
    options.querySelector<HTMLInputElement>(`.model-option[data-model="${CSS.escape(name)}"] input`);
  const pickFallback = (): void => {
    if (!fallback) return;
    radio(fallback)!.checked = true;
    saveChoice(fallback);
    current.textContent = fallback;
    announceChoice(fallback);
  };
  // The figures switch only to a model they can load without a long download: embedded or stored.
  const usable = (model: ModelEntry, row: HTMLElement): boolean =>
    model.embedded || row.dataset.stored === 'all';
  for (const model of models) {
    const row = optionRow(model, 'model-choice', model.name === chosen, () => {
      saveChoice(model.name);
      current.textContent = model.name;
      if (usable(model, row)) announceChoice(model.name);
    });
    if (!model.embedded) {
      new ModelRow(row, model, {
        stored: () => {
          if (radio(model.name)?.checked) announceChoice(model.name);
        },
        removed: () => {
          if (radio(model.name)?.checked) pickFallback();
        },
      });
    }
    options.append(row);
  }
  options.hidden = false;

  // Hub models live only in this browser's cache: one row each, with delete.
  const addHubRow = (manifest: StoredManifest, checked: boolean): void => {
    if (radio(manifest.name)) return;
    const name = manifest.name;
    const row = optionRow(modelEntry(manifest.name, manifest, false), 'model-choice', checked, () => {
      saveChoice(name);
      current.textContent = labelOf(name);
      announceChoice(name);
    });
    row.dataset.stored = 'all';
    row.dataset.hub = 'true';
    const remove = el('button', 'model-button', t.hub.remove);
    remove.type = 'button';
    const state = el('p', 'model-state');
    state.setAttribute('role', 'status');
    remove.addEventListener('click', () => {
      const wasChecked = radio(name)?.checked ?? false;
      void removeHubModel(base, name).then(() => {
        row.remove();
        options.append(state);
        state.textContent = t.hub.removed(labelOf(name));
        if (wasChecked) pickFallback();
      });
    });
    const actions = el('div', 'model-actions');
    actions.append(remove);
    row.append(actions);
    options.append(row);
  };
  const stored = async (name: string): Promise<StoredManifest | null> =>
    readStored(modelDir(base, name)).catch(() => null);
  void storedHubModels(base).then(async (names) => {
    for (const name of names) {
      const manifest = await stored(name);
      if (manifest) addHubRow(manifest, name === saved);
    }
    if (saved && isHubModel(saved) && radio(saved)) current.textContent = labelOf(saved);
  });
  mountHub(body, {
    t: t.hub,
    bytes,
    seconds: (ms) => formatSeconds(ms, lang),
    el,
    uid: `model-panel-${index}`,
    added: async (name) => {
      const manifest = await stored(name);
      if (!manifest) return;
      addHubRow(manifest, false);
      radio(name)!.checked = true;
      saveChoice(name);
      current.textContent = labelOf(name);
      announceChoice(name);
    },
  });
}
