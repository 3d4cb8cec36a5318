// The page script behind <OnlyTiny>, <OnlyReal>, <LiveFact> and <PickedModelName>: words true of one kind of
// model are shown only while it is picked, and live facts read the picked model's config.
import { hubModelLabel } from '../../../src/runtime/hub-names';
import type { ClipConfig } from '../../../src/clip/config';
import { configFact, isFactField } from '../../lib/config-fact';
import { isRealModel } from '../../lib/real-model';
import { followPickedModel } from '../../lib/picked-model';

/** Shows and hides the marked elements under `root` and fills its live facts for `config`. */
export function applyModel(root: ParentNode, name: string, config: ClipConfig, lang: string): void {
  const real = isRealModel(config);
  for (const el of root.querySelectorAll<HTMLElement>('[data-only-tiny]')) el.hidden = real;
  for (const el of root.querySelectorAll<HTMLElement>('[data-only-real]')) el.hidden = !real;
  const format = new Intl.NumberFormat(lang);
  for (const el of root.querySelectorAll<HTMLElement>('[data-live-field]')) {
    const field = el.dataset.liveField ?? '';
    if (!isFactField(field)) continue;
    try {
      el.textContent = format.format(configFact(config, field));
    } catch {
      // a config the page cannot read: the build's value stays
    }
  }
  for (const el of root.querySelectorAll<HTMLElement>('[data-live-model]'))
    el.textContent = hubModelLabel(name);
  const html = (root as Partial<Document>).documentElement;
  if (html) html.dataset.modelKind = real ? 'real' : 'tiny';
}

if (typeof document !== 'undefined' && !document.documentElement.dataset.modelText) {
  document.documentElement.dataset.modelText = 'on';
  followPickedModel(({ name, config }) =>
    applyModel(document, name, config, document.documentElement.lang || 'en'),
  );
}
