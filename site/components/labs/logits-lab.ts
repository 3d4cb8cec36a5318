// The logits lab (issue 7.1, seed sections 5.2, 6.1, 6.2): N image–caption pairs, their cosine and logits
// matrices, the row and column softmax, both cross-entropies, each cell's share of the loss and its gradient
// dL/dS. drawLogitsLab paints the build-time first view and every redraw. In the page, features come from
// the model worker (one run per change of pairs); a temperature change recomputes in plain TypeScript.
import { type Grid, type LabState, falseNegatives, featureRows, logitsLab } from '../../../src/lab/logits';
import { getClient } from '../../../src/runtime/client';
import { GALLERY } from '../../../src/runtime/gallery';
import { exportToolbar } from '../../../src/viz/export';
import { heatmap } from '../../../src/viz/heatmap';
import type { Matrix } from '../../../src/viz/matrix';
import { formatValue } from '../../../src/viz/scales';
import { labelled, temperatureSlider, textField } from '../figures/controls';
import { part } from '../figures/draw';
import { followModelChoice } from '../figures/model-choice';
import { figureStrings } from '../figures/strings';
import { readState, writeState } from '../figures/url-state';
import { type LabStrings, labStrings } from './logits-strings';
import { hydrateLabs } from './hydrate';

export const MIN_PAIRS = 2;
export const MAX_PAIRS = 8;
/** URL slot of the first logits lab on a page (?fig90=…), clear of the contract figures' 0, 1, 2, …. */
const URL_SLOT = 90;

export type GradTerm = 'both' | 'image' | 'text';

export interface LogitsLabConfig {
  lang: string;
  texts: string[];
  images: number[];
  /** The temperature shown. */
  tau: number;
  /** The model's learned temperature 1 / exp(logit_scale). */
  learnedTau: number;
  imageFeatures: ArrayLike<number>[]; // [N, E]
  textFeatures: ArrayLike<number>[]; // [N, E]
  grad?: GradTerm;
}

function matrixOf(g: Grid, c: LogitsLabConfig): Matrix {
  return {
    rows: g.rows,
    cols: g.cols,
    values: Float32Array.from(g.values),
    rowLabels: c.images.map((k) => `${k}: ${GALLERY[k]?.caption ?? '?'}`),
    colLabels: c.texts.map((t, j) => `${j}: ${t}`),
    rowName: 'image',
    colName: 'text',
  };
}

/** The temperature three ways, the loss terms (full precision in data-value), ln N, and false negatives. */
function readout(root: HTMLElement, st: LabState, c: LogitsLabConfig, s: LabStrings): void {
  const doc = root.ownerDocument;
  const tau = doc.createElement('p');
  tau.className = 'lab-tau';
  const t = st.temperature;
  tau.textContent = s.tauForms(formatValue(t.tau), formatValue(t.logitScale), formatValue(t.scale));
  tau.dataset.tau = String(t.tau);
  const dl = doc.createElement('dl');
  dl.className = 'lab-losses';
  dl.dataset.sym = 'loss';
  const rows: [string, string, number][] = [
    ['loss-image', s.lossImage, st.parts.lossImage],
    ['loss-text', s.lossText, st.parts.lossText],
    ['loss', s.loss, st.parts.loss],
    ['ln-n', s.lossUniform, Math.log(c.texts.length)],
    ['grad-logit-scale', s.gradScale, st.gradLogitScale],
  ];
  for (const [term, label, value] of rows) {
    const dt = doc.createElement('dt');
    dt.textContent = label;
    const dd = doc.createElement('dd');
    dd.dataset.term = term;
    dd.dataset.value = String(value);
    dd.textContent = value.toPrecision(6);
    dl.append(dt, dd);
  }
  const notes = doc.createElement('ul');
  notes.className = 'lab-notes';
  for (const [i, j] of falseNegatives(c.texts).filter(([a, b]) => a < b)) {
    const li = doc.createElement('li');
    li.textContent = s.falseNegative(i, j);
    notes.appendChild(li);
  }
  root.replaceChildren(tau, dl, notes);
}

/** Draws every panel for one state of the lab; returns the numbers shown. */
export function drawLogitsLab(body: HTMLElement, c: LogitsLabConfig, s: LabStrings): LabState {
  const st = logitsLab(c.imageFeatures, c.textFeatures, c.tau);
  readout(part(body, 'readout', s.readout), st, c, s);
  const g = c.grad ?? 'both';
  const grad = g === 'image' ? st.parts.gradImage : g === 'text' ? st.parts.gradText : st.parts.gradient;
  const which = g === 'image' ? s.gradImage : g === 'text' ? s.gradText : s.gradBoth;
  const panels: [string, string, Grid, 'sequential' | 'diverging', [number, number] | undefined][] = [
    ['cos', s.cosine, st.cosine, 'diverging', [-1, 1]],
    ['logits_per_image', s.logits, st.logits, 'diverging', undefined],
    ['p-row', s.rowSoftmax, st.parts.rowSoftmax, 'sequential', [0, 1]],
    ['p-col', s.colSoftmax, st.parts.colSoftmax, 'sequential', [0, 1]],
    ['loss-cell', s.contribution, st.parts.contribution, 'sequential', undefined],
    ['grad-logits', s.gradient(which), grad, 'diverging', undefined],
  ];
  for (const [sym, title, grid, kind, domain] of panels) {
    heatmap(part(body, sym, title), matrixOf(grid, c), { title, kind, domain, sym, width: 380 });
  }
  return st;
}

const rowsOf = (data: ArrayLike<number>, n: number): number[][] =>
  featureRows(data, n).map((r) => Array.from(r));

class LogitsLabPage {
  private readonly s: LabStrings;
  private readonly body: HTMLElement;
  private readonly status: HTMLElement;
  private readonly controls: HTMLElement;
  private readonly client = getClient(import.meta.env.BASE_URL);
  /** What the reader asked for; `shown` is what the features on screen were computed for. */
  private texts: string[];
  private images: number[];
  private shown: LogitsLabConfig;
  private state: LabState | null = null;
  private model = 'tiny';

  constructor(
    private readonly fig: HTMLElement,
    cfg: LogitsLabConfig,
    private readonly slot: number,
  ) {
    this.s = labStrings(cfg.lang);
    this.body = fig.querySelector<HTMLElement>(':scope > .fig-body')!;
    this.status = fig.querySelector<HTMLElement>(':scope > .fig-status')!;
    this.controls = fig.querySelector<HTMLElement>(':scope > .fig-controls')!;
    this.shown = { ...cfg, grad: 'both' };
    this.texts = [...cfg.texts];
    this.images = [...cfg.images];
    const st = readState(slot);
    if (st?.tau !== undefined && st.tau > 0) this.shown.tau = st.tau;
    const okPairs = st?.t && st.i && st.t.length === st.i.length && st.t.length >= MIN_PAIRS;
    const fromUrl = okPairs && st.t!.length <= MAX_PAIRS && st.i!.every((k) => k >= 0 && k < GALLERY.length);
    if (fromUrl) {
      this.texts = st.t!.map((t) => t.slice(0, 2000));
      this.images = [...st.i!];
    }
    this.buildControls();
    exportToolbar(fig, 'inside-clip-logits-lab', () => ({
      matrix: this.state ? matrixOf(this.state.logits, this.shown) : undefined,
      json: this.state ? { texts: this.shown.texts, images: this.shown.images, ...this.state } : undefined,
    }));
    this.client.onModel((e) => {
      if (e.type !== 'ready' || e.model === this.model) return;
      this.model = e.model;
      void this.compute();
    });
    this.redraw();
    if (fromUrl) void this.compute();
  }

  private buildControls(): void {
    const { s } = this;
    const n = this.texts.length;
    const el = <K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, text?: string) => {
      const e = document.createElement(tag);
      e.className = cls;
      if (text !== undefined) e.textContent = text;
      return e;
    };
    const button = (label: string, cls: string, disabled: boolean, onClick: () => void) => {
      const b = el('button', `fig-reset ${cls}`, label);
      b.type = 'button';
      b.disabled = disabled;
      b.addEventListener('click', onClick);
      return b;
    };
    const select = (options: [string, string][], value: string, onChange: (v: string) => void) => {
      const sel = el('select', 'fig-select');
      for (const [v, label] of options) sel.append(Object.assign(el('option', '', label), { value: v }));
      sel.value = value;
      sel.addEventListener('change', () => onChange(sel.value));
      return sel;
    };
    const pairs = el('fieldset', 'lab-pairs');
    pairs.append(el('legend', '', `${s.batchSize}: ${n}`));
    const gallery = GALLERY.map((g, k): [string, string] => [String(k), `${k}: ${g.caption}`]);
    this.texts.forEach((text, k) => {
      const row = el('div', 'lab-pair');
      const image = select(gallery, String(this.images[k]), (v) =>
        this.change(() => (this.images[k] = Number(v))),
      );
      image.classList.add('lab-image');
      row.append(
        labelled(s.imageOf(k), image),
        textField(s.captionOf(k), text, (v) => this.change(() => (this.texts[k] = v))),
      );
      pairs.append(row);
    });
    const batch = el('div', 'lab-batch');
    batch.append(
      button(s.addPair, 'lab-add', n >= MAX_PAIRS, () => this.resize(+1)),
      button(s.removePair, 'lab-remove', n <= MIN_PAIRS, () => this.resize(-1)),
      button(s.duplicate, 'lab-dup', false, () =>
        this.change(() => (this.texts[n - 1] = this.texts[0]!), true),
      ),
    );
    const terms: [string, string][] = [
      ['both', s.gradBoth],
      ['image', s.gradImage],
      ['text', s.gradText],
    ];
    const grad = select(
      terms,
      this.shown.grad ?? 'both',
      (v) => ((this.shown.grad = v as GradTerm), this.redraw()),
    );
    grad.classList.add('lab-grad');
    batch.append(labelled(s.gradientOf, grad));
    const slider = temperatureSlider(
      figureStrings(this.shown.lang),
      this.shown.learnedTau,
      this.shown.tau,
      (tau) => {
        this.shown.tau = tau;
        this.share();
        this.redraw();
      },
    );
    this.controls.replaceChildren(pairs, batch, slider);
    this.controls.hidden = false;
  }

  private share(): void {
    writeState(this.slot, { t: this.texts, i: this.images, tau: this.shown.tau });
  }

  /** A caption, an image or the batch changed: new features from the model. */
  private change(apply: () => void, rebuild = false): void {
    apply();
    if (rebuild) this.buildControls();
    this.share();
    void this.compute();
  }

  /** One pair more (the next unused gallery image with its caption) or one less. */
  private resize(step: number): void {
    const n = this.texts.length + step;
    if (n < MIN_PAIRS || n > MAX_PAIRS) return;
    this.change(() => {
      if (step < 0) return void (this.texts.pop(), this.images.pop());
      const k = Math.max(
        0,
        GALLERY.findIndex((_, i) => !this.images.includes(i)),
      );
      this.images.push(k);
      this.texts.push(GALLERY[k]!.caption);
    }, true);
  }

  private async compute(): Promise<void> {
    const empty = this.texts.findIndex((t) => t.trim() === '');
    if (empty >= 0) return this.say(this.s.emptyCaption(empty), true);
    const texts = [...this.texts];
    const images = [...this.images];
    this.fig.setAttribute('aria-busy', 'true');
    this.say(this.client.loaded ? this.s.computing : this.s.loading, false);
    const out = await this.client.run(this.fig.id, {
      texts,
      images: images.map((index) => ({ kind: 'world' as const, index })),
      capture: ['image.features_normalized', 'text.features_normalized', 'logit_scale.exp'],
    });
    if (out.status === 'stale') return;
    this.fig.removeAttribute('aria-busy');
    if (out.status === 'error') return this.say(out.message, true);
    const r = out.result;
    const img = r.trace['image.features_normalized'];
    const txt = r.trace['text.features_normalized'];
    if (!img || !txt) return;
    const scale = r.trace['logit_scale.exp']?.data[0];
    this.shown = {
      ...this.shown,
      texts,
      images,
      imageFeatures: rowsOf(img.data, images.length),
      textFeatures: rowsOf(txt.data, texts.length),
      learnedTau: scale ? 1 / scale : this.shown.learnedTau,
    };
    this.redraw();
    this.fig.dataset.backend = r.backend;
    this.say([this.s.backend(r.backend, r.ms, r.model), ...r.notes].join(' '), r.notes.length > 0);
    this.fig.dispatchEvent(new CustomEvent('lab:result', { bubbles: true }));
  }

  private redraw(): void {
    this.state = drawLogitsLab(this.body, this.shown, this.s);
    this.fig.dataset.pairs = String(this.shown.texts.length);
  }

  private say(message: string, problem: boolean): void {
    this.status.textContent = message;
    this.status.classList.toggle('fig-problem', problem);
  }
}

/** Hydrates every prerendered logits lab of the page. */
export function hydrateLogitsLabs(): void {
  const labs = 'figure[data-lab="logits"]';
  if (document.querySelector(labs)) followModelChoice(getClient(import.meta.env.BASE_URL));
  hydrateLabs<LogitsLabConfig>(labs, 'script.lab-config', 'logits lab', (fig, c, k) => {
    new LogitsLabPage(fig, c, URL_SLOT + k);
  });
}
