// The PCA/UMAP switch of the feature-space lab and the view that redraws on it. Switching never asks the
// model again: both layouts come from the features already on the page. UMAP layouts are cached per
// config object (new features make a new object), and umap-js is loaded only on the first UMAP request.
import type { Matrix } from '../../../src/viz/matrix';
import { drawFeatureSpace } from './feature-space-draw';
import { type FeatureSpaceConfig, type Layout, METHODS, type Method } from './feature-space-points';
import type { LabStrings } from './logits-strings';

export type UmapLoader = () => Promise<(c: FeatureSpaceConfig) => Layout>;
const loadUmap: UmapLoader = async () => (await import('./feature-space-umap')).umapLayout;

let groups = 0;

/** A radio group (keyboard: Tab in, arrows between options) choosing the projection. */
export function projectionSwitch(
  s: LabStrings,
  value: Method,
  onChange: (m: Method) => void,
): HTMLFieldSetElement {
  const set = document.createElement('fieldset');
  set.className = 'lab-projection';
  const legend = document.createElement('legend');
  legend.textContent = s.fsProjection;
  set.append(legend);
  const name = `lab-projection-${++groups}`;
  const text: Record<Method, string> = { pca: s.fsPca, umap: s.fsUmap };
  for (const m of METHODS) {
    const label = document.createElement('label');
    const input = document.createElement('input');
    input.type = 'radio';
    input.name = name;
    input.value = m;
    input.checked = m === value;
    input.addEventListener('change', () => {
      if (input.checked) onChange(m);
    });
    label.append(input, ` ${text[m]}`);
    set.append(label);
  }
  return set;
}

export class FeatureSpaceView {
  method: Method = 'pca';
  table: Matrix | undefined;
  /** Settles when the latest redraw (and any UMAP fit it needed) is on screen. */
  ready: Promise<void> = Promise.resolve();
  private readonly cache = new WeakMap<FeatureSpaceConfig, { layout: Layout; ms: number }>();
  private ticket = 0;

  constructor(
    private readonly body: HTMLElement,
    private readonly s: LabStrings,
    private c: FeatureSpaceConfig,
    private readonly say: (message: string, problem: boolean) => void,
    private readonly loadUmapLayout: UmapLoader = loadUmap,
  ) {
    this.table = drawFeatureSpace(body, c, s);
  }

  get config(): FeatureSpaceConfig {
    return this.c;
  }

  /** New features from the model: redraw in the projection chosen. */
  show(c: FeatureSpaceConfig): Promise<void> {
    this.c = c;
    return (this.ready = this.draw(false));
  }

  /** The reader switched the projection: redraw from the features already here. */
  use(method: Method): Promise<void> {
    this.method = method;
    return (this.ready = this.draw(true));
  }

  private async draw(announce: boolean): Promise<void> {
    const ticket = ++this.ticket;
    const c = this.c;
    if (this.method === 'pca') {
      this.table = drawFeatureSpace(this.body, c, this.s);
      if (announce) this.say(this.s.fsPcaShown, false);
      return;
    }
    let fitted = this.cache.get(c);
    if (!fitted) {
      this.say(this.s.fsUmapComputing, false);
      // Let the status paint before the fit, which runs on the main thread.
      await new Promise((r) => setTimeout(r, 0));
      try {
        const fit = await this.loadUmapLayout();
        const t0 = performance.now();
        const layout = fit(c);
        fitted = { layout, ms: performance.now() - t0 };
        this.cache.set(c, fitted);
      } catch (err) {
        if (ticket !== this.ticket) return;
        this.table = drawFeatureSpace(this.body, c, this.s);
        this.say(this.s.fsUmapFailed(err instanceof Error ? err.message : String(err)), true);
        return;
      }
    }
    // A newer request (another switch, new features) owns the figure now.
    if (ticket !== this.ticket) return;
    const { layout, ms } = fitted;
    this.table = drawFeatureSpace(this.body, c, this.s, layout);
    this.say(this.s.fsUmapDone(layout.xy.length, layout.nNeighbors ?? 0, ms), false);
  }
}
