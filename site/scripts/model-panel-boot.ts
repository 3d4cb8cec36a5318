// What the model picker runs before the reader opens it: the closed line names the chosen model, and the
// rows, downloads and hub section (model-panel.ts, the bulk of its code) load on the panel's first opening,
// so a lesson's JavaScript before any interaction stays small (npm run bench, "JS before interaction").
import { hubModelLabel, isHubModel } from '../../src/runtime/hub-names';
import { readChoice } from '../lib/model-choice';
import type { ModelEntry } from '../lib/model-entry';

function boot(panel: HTMLElement, index: number): void {
  const json = panel.querySelector('script[data-model-list]')?.textContent;
  const current = panel.querySelector<HTMLElement>('[data-model-current]');
  if (!json || !current) return;
  const models = JSON.parse(json) as ModelEntry[];
  const saved = readChoice();
  if (saved && isHubModel(saved)) current.textContent = hubModelLabel(saved);
  else if (saved && models.some((m) => m.name === saved)) current.textContent = saved;
  let mounted = false;
  const open = (): void => {
    if (mounted) return;
    mounted = true;
    void import('./model-panel').then(({ mount }) => mount(panel, index));
  };
  if (panel instanceof HTMLDetailsElement && panel.open) open();
  panel.addEventListener('toggle', open);
  // Loading as the pointer or the keyboard arrives makes the opening feel instant.
  panel.querySelector('summary')?.addEventListener('pointerenter', open, { once: true });
  panel.querySelector('summary')?.addEventListener('focus', open, { once: true });
}

document.querySelectorAll<HTMLElement>('[data-model-panel]').forEach((panel, i) => boot(panel, i));
