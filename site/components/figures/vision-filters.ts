// The page script of <VisionFilters />: pages through conv1's filters (or shows them all), picks the patch
// whose similarity map is drawn large, and, when the reader picks another model in the model panel, asks
// the model worker for that model's two weight tensors (client.weights) and redraws from them. The tiles
// and cosines are computed here in plain TypeScript (src/lab/vision-weights.ts); TF.js stays in the worker.
// Replies to older requests resolve 'stale' in the client and never draw.
import { hubModelLabel } from '../../../src/runtime/hub-names';
import { getClient } from '../../../src/runtime/client';
import type { WeightsMessage } from '../../../src/runtime/protocol';
import {
  type FilterTiles,
  type PositionSimilarity,
  filterPage,
  filterTiles,
  positionSimilarity,
} from '../../../src/lab/vision-weights';
import { exportToolbar } from '../../../src/viz/export';
import type { Matrix } from '../../../src/viz/matrix';
import { MODEL_EVENT } from '../../lib/model-choice';
import { labelled } from '../controls/fields';
import { followModelChoice } from '../../lib/follow-model';
import { type FigureStrings, figureStrings } from '../../lib/figure-strings';
import {
  CONV1,
  POSITIONS,
  type VisionConfig,
  centrePatch,
  drawFilters,
  drawPositions,
  selectedMap,
  similarityMatrix,
  visionNote,
} from './vision-draw';
import { type VisionStrings, visionStrings } from './vision-strings';
import { hydrateLabs } from '../labs/hydrate';

const client = getClient(import.meta.env.BASE_URL);
followModelChoice(client);

/** Page sizes offered (0 = every filter). */
const PAGE_SIZES = [16, 32, 64, 0];

function fromBase64(text: string): Uint8Array {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

class VisionFigure {
  private readonly s: VisionStrings;
  private readonly fs: FigureStrings;
  private readonly body: HTMLElement;
  private readonly status: HTMLElement;
  private model: string;
  private tiles: FilterTiles | null = null;
  private sim: PositionSimilarity | null = null;
  /** The raw weights, once a model answered (the downloads carry them). */
  private raw: WeightsMessage['weights'] | null = null;
  private perPage: number;
  private page = 0;
  private selected: number;
  private rangeEl: HTMLElement | null = null;
  private buttons: { prev: HTMLButtonElement; next: HTMLButtonElement } | null = null;

  constructor(
    private readonly fig: HTMLElement,
    private readonly c: VisionConfig,
  ) {
    this.s = visionStrings(c.lang);
    this.fs = figureStrings(c.lang);
    this.body = fig.querySelector<HTMLElement>(':scope > .fig-body')!;
    this.status = fig.querySelector<HTMLElement>(':scope > .fig-status')!;
    this.model = c.model;
    this.perPage = c.perPage;
    this.selected = c.selected;
    if (c.filters) {
      const f = c.filters;
      this.tiles = {
        count: f.count,
        patch: f.patch,
        rgb: fromBase64(f.rgb),
        min: Float32Array.from(f.min),
        max: Float32Array.from(f.max),
      };
    }
    if (c.positions) this.sim = { grid: c.positions.grid, values: Float32Array.from(c.positions.values) };
    this.buildControls();
    exportToolbar(fig, `inside-clip-vision-${c.show}`, () => this.exported());
    // The first paint stays (it is this data); hydrating only rebinds the keyboard and pointer.
    this.redraw();
    const wake = (): void => this.follow();
    fig.addEventListener('focusin', wake, { once: true });
    fig.addEventListener('pointerenter', wake, { once: true });
    document.addEventListener(MODEL_EVENT, () => this.follow());
    client.onModel((e) => {
      if (e.type === 'load-error')
        this.say(this.fs.modelFailed(hubModelLabel(e.model), e.message, hubModelLabel(this.model)), true);
      else if (e.model !== this.model) void this.fetch();
    });
  }

  private get names(): string[] {
    return [
      ...(this.c.show !== 'positions' ? [CONV1] : []),
      ...(this.c.show !== 'filters' ? [POSITIONS] : []),
    ];
  }

  /** The model asked for differs from the one drawn: ask the worker (it starts on first use). */
  private follow(): void {
    if (client.wantedModel === this.model) return;
    // A switch is under way in a running worker: its 'ready' (onModel) asks for the new weights.
    if (client.loaded && client.loaded.model !== client.wantedModel) return;
    void this.fetch();
  }

  async fetch(): Promise<void> {
    this.fig.setAttribute('aria-busy', 'true');
    this.say(this.fs.loading, false);
    const out = await client.weights(this.fig.id, this.names);
    if (out.status === 'stale') return;
    this.fig.removeAttribute('aria-busy');
    if (out.status === 'error') return this.say(out.message, true);
    const r = out.result;
    try {
      this.show(r);
    } catch (err) {
      return this.say((err as Error).message, true);
    }
    this.say(this.s.read(r.model, r.backend), false);
    this.fig.dispatchEvent(new CustomEvent('fig:weights', { detail: { model: r.model }, bubbles: true }));
  }

  /** A model's weights → tiles and cosines, the controls and the caption follow its sizes. */
  private show(r: WeightsMessage): void {
    const conv = r.weights[CONV1];
    const pos = r.weights[POSITIONS];
    const tiles = conv ? filterTiles(conv.data, conv.shape) : null;
    const sim = pos ? positionSimilarity(pos.data, pos.shape) : null;
    const gridChanged = sim && this.sim?.grid !== sim.grid;
    this.tiles = tiles;
    this.sim = sim;
    this.raw = r.weights;
    this.model = r.model;
    if (sim && gridChanged) this.selected = centrePatch(sim.grid);
    this.page = 0;
    const note = this.fig.querySelector(':scope > figcaption .fig-note');
    if (note) note.textContent = visionNote(this.s, tiles, sim, hubModelLabel(r.model));
    // What the keyboard announced was about the previous model's weights.
    for (const live of this.body.querySelectorAll('.viz-live')) live.textContent = '';
    this.redraw();
  }

  private buildControls(): void {
    const controls = this.fig.querySelector<HTMLElement>(':scope > .fig-controls')!;
    if (!this.tiles) return;
    const { s } = this;
    const select = document.createElement('select');
    select.className = 'fig-select';
    for (const n of PAGE_SIZES) {
      const o = document.createElement('option');
      o.value = String(n);
      o.textContent = n ? String(n) : s.all;
      select.appendChild(o);
    }
    select.value = String(this.perPage);
    select.addEventListener('change', () => {
      const first = filterPage(this.tiles!.count, this.perPage, this.page).start;
      this.perPage = Number(select.value);
      this.page = this.perPage ? Math.floor(first / this.perPage) : 0;
      this.redraw();
    });
    const button = (label: string, step: number): HTMLButtonElement => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'fig-reset';
      b.textContent = label;
      b.addEventListener('click', () => {
        this.page += step;
        this.redraw();
      });
      return b;
    };
    this.buttons = { prev: button(s.previous, -1), next: button(s.next, 1) };
    this.rangeEl = document.createElement('span');
    this.rangeEl.className = 'vw-range';
    this.rangeEl.setAttribute('aria-live', 'polite');
    controls.append(labelled(s.perPage, select), this.buttons.prev, this.buttons.next, this.rangeEl);
    controls.hidden = false;
  }

  private redraw(): void {
    const { s, body } = this;
    if (this.tiles) {
      const p = filterPage(this.tiles.count, this.perPage, this.page);
      this.page = p.page;
      drawFilters(body, this.tiles, s, p.start, p.end);
      if (this.rangeEl) this.rangeEl.textContent = s.range(p.start, p.end - 1, this.tiles.count);
      if (this.buttons) {
        this.buttons.prev.disabled = p.page === 0;
        this.buttons.next.disabled = p.page >= p.pages - 1;
      }
    }
    if (this.sim) {
      this.selected = Math.min(this.selected, this.sim.grid * this.sim.grid - 1);
      drawPositions(body, this.sim, s, this.selected, (p) => (this.selected = p));
    }
  }

  /** The downloads: the shown filters' weights (or ranges) and the whole cosine grid. */
  private exported(): { matrix?: Matrix; json?: unknown } {
    const json: Record<string, unknown> = { model: this.model };
    let matrix: Matrix | undefined;
    if (this.sim) {
      matrix = similarityMatrix(this.sim);
      json.positionalSimilarity = { grid: this.sim.grid, values: this.sim.values };
      json.selected = selectedMap(this.sim, this.selected, this.s);
    }
    if (this.tiles) {
      const p = filterPage(this.tiles.count, this.perPage, this.page);
      const ids = Array.from({ length: p.end - p.start }, (_, k) => p.start + k);
      json.filters = {
        first: p.start,
        min: ids.map((i) => this.tiles!.min[i]),
        max: ids.map((i) => this.tiles!.max[i]),
      };
      const conv = this.raw?.[CONV1];
      const size = 3 * this.tiles.patch * this.tiles.patch;
      if (conv)
        json.conv1 = {
          shape: conv.shape,
          first: p.start,
          weights: conv.data.slice(p.start * size, p.end * size),
        };
      if (!matrix) {
        matrix = conv
          ? {
              rows: ids.length,
              cols: size,
              values: Float32Array.from(conv.data.subarray(p.start * size, p.end * size)),
              rowLabels: ids.map(String),
              rowName: this.s.filter,
            }
          : {
              rows: ids.length,
              cols: 2,
              values: Float32Array.from(ids.flatMap((i) => [this.tiles!.min[i]!, this.tiles!.max[i]!])),
              rowLabels: ids.map(String),
              colLabels: [this.s.min, this.s.max],
              rowName: this.s.filter,
            };
      }
    }
    return { matrix, json };
  }

  private say(message: string, problem: boolean): void {
    this.status.textContent = message;
    this.status.classList.toggle('fig-problem', problem);
  }
}

hydrateLabs<VisionConfig>('figure[data-vision]', 'script.vw-config', 'vision figure', (fig, config) => {
  new VisionFigure(fig, config);
});
