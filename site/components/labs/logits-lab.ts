// The logits lab's page (issue 7.1): the pair editor, batch buttons, gradient term and temperature. Features
// come from the model worker (one run per change of pairs); a temperature change recomputes in plain
// TypeScript. The panels are drawn by logits-lab-views.ts, re-exported here for LogitsLab.astro.
import { type LabState, featureRows } from '../../../src/lab/logits';
import { getClient } from '../../../src/runtime/client';
import { GALLERY } from '../../../src/runtime/gallery';
import { exportToolbar } from '../../../src/viz/export';
import type { ImageSpec } from '../../../src/runtime/protocol';
import { el, labelled, temperatureSlider, textField } from '../controls/fields';
import { button, select } from './logits-lab-controls';
import { followModelChoice } from '../../lib/follow-model';
import { type PhotoSource, photoSource } from '../controls/photo-load';
import { isRealModel } from '../../lib/photos';
import { figureStrings } from '../../lib/figure-strings';
import { readState, writeState } from '../../lib/url-state';
import { type LabStrings, labStrings } from './logits-strings';
import { hydrateLabs } from './hydrate';
import { type Batch, captionOf, followBatch, imageCount } from './logits-batch';
import {
  type GradTerm,
  type LogitsLabConfig,
  MAX_PAIRS,
  MIN_PAIRS,
  drawLogitsLab,
  matrixOf,
} from './logits-lab-views';

export { type GradTerm, type LogitsLabConfig, MAX_PAIRS, MIN_PAIRS, drawLogitsLab } from './logits-lab-views';

/** URL slot of the first logits lab on a page (?fig90=…), clear of the contract figures' 0, 1, 2, …. */
const URL_SLOT = 90;

/** The batch buttons that rebuild the controls; the focus is carried across the rebuild (defect 8). */
const BATCH_BUTTONS = ['lab-add', 'lab-remove', 'lab-dup'];

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
  /** A real CLIP is in use: the images are the photographs (lib/photos.ts), the default captions name them. */
  private real = false;
  /** The build's batch: what "default" means on the tiny model. */
  private readonly tiny: Batch;
  private readonly photos: PhotoSource;

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
    this.tiny = { texts: [...cfg.texts], images: [...cfg.images] };
    this.photos = photoSource(import.meta.env.BASE_URL, cfg.lang);
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
      this.follow(isRealModel(e.config));
      void this.compute();
    });
    this.redraw();
    if (fromUrl) void this.compute();
  }

  private buildControls(): void {
    const { s } = this;
    const n = this.texts.length;
    const pairs = el('fieldset', 'lab-pairs');
    pairs.append(el('legend', '', `${s.batchSize}: ${n}`));
    const gallery = Array.from({ length: imageCount(this.real) }, (_, k): [string, string] => [
      String(k),
      `${k}: ${captionOf(k, this.real)}`,
    ]);
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
    const focus = this.batchButtonFocused();
    this.controls.replaceChildren(pairs, batch, slider);
    this.controls.hidden = false;
    if (focus) this.refocus(focus);
  }

  /** The defaults follow the kind of model (logits-batch.ts); captions and images the reader chose stay. */
  private follow(real: boolean): void {
    if (real === this.real) return;
    const next = followBatch({ texts: this.texts, images: this.images }, this.tiny, real);
    this.real = real;
    this.texts = next.texts;
    this.images = next.images;
    this.buildControls();
    this.share();
  }

  /** The batch button that holds the keyboard focus before a rebuild, by its class. */
  private batchButtonFocused(): string | null {
    const active = this.fig.ownerDocument.activeElement;
    if (!active || !this.controls.contains(active)) return null;
    return BATCH_BUTTONS.find((cls) => active.classList.contains(cls)) ?? null;
  }

  /**
   * Gives the focus back to the pressed button in the new controls, or, when that one is now disabled (no
   * pair left to add or to remove), to the other batch button, so the keyboard never falls back to <body>.
   */
  private refocus(cls: string): void {
    const order = [cls, ...BATCH_BUTTONS.filter((c) => c !== cls)];
    for (const c of order) {
      const b = this.controls.querySelector<HTMLButtonElement>(`.lab-batch > .${c}`);
      if (b && !b.disabled) return b.focus();
    }
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

  /** One pair more (the next unused image, gallery or photo, with its caption) or one less. */
  private resize(step: number): void {
    const n = this.texts.length + step;
    if (n < MIN_PAIRS || n > MAX_PAIRS) return;
    this.change(() => {
      if (step < 0) return void (this.texts.pop(), this.images.pop());
      const unused = Array.from({ length: imageCount(this.real) }, (_, i) => i);
      const k = Math.max(
        0,
        unused.findIndex((i) => !this.images.includes(i)),
      );
      this.images.push(k);
      this.texts.push(captionOf(k, this.real));
    }, true);
  }

  private async compute(): Promise<void> {
    const empty = this.texts.findIndex((t) => t.trim() === '');
    if (empty >= 0) return this.say(this.s.emptyCaption(empty), true);
    const texts = [...this.texts];
    const images = [...this.images];
    const real = this.real;
    this.fig.setAttribute('aria-busy', 'true');
    this.say(this.client.loaded ? this.s.computing : this.s.loading, false);
    let specs: ImageSpec[];
    try {
      specs = await this.imageSpecs(images, real);
    } catch (err) {
      this.fig.removeAttribute('aria-busy');
      return this.say(err instanceof Error ? err.message : String(err), true);
    }
    // A newer change was made while the photos loaded: that one computes.
    if (
      real !== this.real ||
      images.join() !== this.images.join() ||
      texts.join('\n') !== this.texts.join('\n')
    )
      return;
    const out = await this.client.run(this.fig.id, {
      texts,
      images: specs,
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
      real,
      imageFeatures: rowsOf(img.data, images.length),
      textFeatures: rowsOf(txt.data, texts.length),
      learnedTau: scale ? 1 / scale : this.shown.learnedTau,
    };
    this.redraw();
    this.fig.dataset.backend = r.backend;
    this.say([this.s.backend(r.backend, r.ms, r.model), ...r.notes].join(' '), r.notes.length > 0);
    this.fig.dispatchEvent(new CustomEvent('lab:result', { bubbles: true }));
  }

  /** The model's view of each image: a world index on tiny, the photograph's pixels on a real model. */
  private async imageSpecs(images: number[], real: boolean): Promise<ImageSpec[]> {
    if (!real) return images.map((index) => ({ kind: 'world' as const, index }));
    return Promise.all(
      images.map(async (k) => {
        const { width, height, data, name } = await this.photos.load(k);
        return { kind: 'pixels' as const, width, height, data, name };
      }),
    );
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
