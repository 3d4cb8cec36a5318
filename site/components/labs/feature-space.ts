// The feature-space lab's page (issue 7.2, seed section 5): the reader's caption and label, one model run
// for every feature, and the PCA/UMAP switch. Points and layouts live in feature-space-points.ts, drawing in
// feature-space-draw.ts, the switch in feature-space-view.ts; this module re-exports what the .astro needs.
import { getClient } from '../../../src/runtime/client';
import { featureRows } from '../../../src/lab/logits';
import { exportToolbar } from '../../../src/viz/export';
import { textField } from '../controls/fields';
import { followModelChoice } from '../../lib/follow-model';
import { readState, writeState } from '../../lib/url-state';
import { type FeatureSpaceConfig, type Method, fillTemplates } from './feature-space-points';
import { FeatureSpaceView, projectionSwitch } from './feature-space-view';
import { type LabStrings, labStrings } from './logits-strings';
import { hydrateLabs } from './hydrate';

export { drawFeatureSpace } from './feature-space-draw';
export { type FeatureSpaceConfig, TEMPLATES, fillTemplates } from './feature-space-points';

/** URL slot of the first feature space on a page (?fig95=…), clear of the contract figures' 0, 1, 2, …. */
const URL_SLOT = 95;

class FeatureSpacePage {
  private readonly s: LabStrings;
  private readonly client = getClient(import.meta.env.BASE_URL);
  private readonly view: FeatureSpaceView;
  private caption: string;
  private label: string;
  /** The model the shown features come from (tiny at build time). */
  private model = 'tiny';

  constructor(
    private readonly fig: HTMLElement,
    c: FeatureSpaceConfig,
    private readonly slot: number,
  ) {
    this.s = labStrings(c.lang);
    // A shared view: ?fig95={"t":[caption, label],"v":"umap"}.
    const state = readState(slot);
    const shared = state?.t;
    const fromUrl = shared?.length === 2 && shared.every((t) => t.trim() !== '');
    this.caption = fromUrl ? shared[0]!.slice(0, 2000) : c.caption;
    this.label = fromUrl ? shared[1]!.slice(0, 2000) : c.label;
    const controls = fig.querySelector<HTMLElement>(':scope > .fig-controls')!;
    const edit = (apply: (v: string) => void) => (v: string) => {
      if (!v.trim()) return this.say(this.s.fsEmpty, true);
      apply(v);
      this.share();
      void this.compute();
    };
    controls.append(
      textField(
        this.s.fsYourCaption,
        this.caption,
        edit((v) => (this.caption = v)),
      ),
      textField(
        this.s.fsLabel,
        this.label,
        edit((v) => (this.label = v)),
      ),
    );
    const body = fig.querySelector<HTMLElement>(':scope > .fig-body')!;
    this.view = new FeatureSpaceView(body, this.s, c, (m, p) => this.say(m, p));
    const method = state?.v === 'umap' ? 'umap' : 'pca';
    controls.append(
      projectionSwitch(this.s, method, (m) => {
        this.project(m);
        this.share();
      }),
    );
    if (method === 'umap') this.project(method);
    controls.hidden = false;
    exportToolbar(fig, 'inside-clip-feature-space', () => ({
      matrix: this.view.table,
      json: this.view.table,
    }));
    this.client.onModel((e) => {
      if (e.type !== 'ready' || e.model === this.model) return;
      this.model = e.model;
      void this.compute();
    });
    if (fromUrl) void this.compute();
  }

  private project(m: Method): void {
    const title = this.fig.querySelector(':scope > figcaption .fig-label');
    if (title) title.textContent = m === 'umap' ? this.s.fsTitleUmap : this.s.fsTitle;
    void this.view.use(m);
  }

  private share(): void {
    writeState(this.slot, { t: [this.caption, this.label], v: this.view.method });
  }

  private say(message: string, problem: boolean): void {
    const status = this.fig.querySelector<HTMLElement>(':scope > .fig-status')!;
    status.textContent = message;
    status.classList.toggle('fig-problem', problem);
  }

  /** Every feature again, in one request, so all points come from the model in use. */
  private async compute(): Promise<void> {
    const { texts, images } = this.view.config;
    const caption = this.caption;
    const label = this.label;
    const templates = fillTemplates(label);
    this.fig.setAttribute('aria-busy', 'true');
    this.say(this.client.loaded ? this.s.computing : this.s.loading, false);
    const out = await this.client.run(this.fig.id, {
      texts: [...texts, caption, ...templates],
      images: images.map((index) => ({ kind: 'world' as const, index })),
      capture: ['image.features_normalized', 'text.features_normalized'],
    });
    if (out.status === 'stale') return;
    this.fig.removeAttribute('aria-busy');
    if (out.status === 'error') return this.say(out.message, true);
    const r = out.result;
    const img = r.trace['image.features_normalized'];
    const txt = r.trace['text.features_normalized'];
    if (!img || !txt) return;
    const rows = featureRows(txt.data, texts.length + 1 + templates.length).map((x) => Array.from(x));
    await this.view.show({
      ...this.view.config,
      caption,
      label,
      imageFeatures: featureRows(img.data, images.length).map((x) => Array.from(x)),
      textFeatures: rows.slice(0, texts.length),
      captionFeature: rows[texts.length]!,
      templateFeatures: rows.slice(texts.length + 1),
    });
    this.say([this.s.fsBackend(r.backend, r.ms, r.model), ...r.notes].join(' '), r.notes.length > 0);
    this.fig.dispatchEvent(new CustomEvent('lab:result', { bubbles: true }));
  }
}

/** Hydrates every prerendered feature-space lab of the page. */
export function hydrateFeatureSpaces(): void {
  const labs = 'figure[data-lab="feature-space"]';
  if (document.querySelector(labs)) followModelChoice(getClient(import.meta.env.BASE_URL));
  hydrateLabs<FeatureSpaceConfig>(labs, 'script.lab-config', 'feature space', (fig, c, k) => {
    new FeatureSpacePage(fig, c, URL_SLOT + k);
  });
}
