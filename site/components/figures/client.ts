// The page script of lessons with figures: hydrates every prerendered <figure data-figure>. It builds the
// controls, starts the model (in its worker) the first time the reader reaches a figure, sends each new
// input, and redraws from the result; stale results are dropped, errors are shown and the last good
// figure stays. The model is the one picked in the model panel (lib/follow-model.ts): when another one is
// ready, the controls follow its sizes and the inputs run again. TF.js is never imported here: it lives
// in the worker (or the in-page fallback chunk).
import { hubModelLabel } from '../../../src/runtime/hub-names';
import { getClient, type ModelEvent, type RunInput } from '../../../src/runtime/client';
import type { ImageSpec } from '../../../src/runtime/protocol';
import { exportToolbar } from '../../../src/viz/export';
import type { Matrix } from '../../../src/viz/matrix';
import { setVizLang } from '../../../src/viz/strings';
import type { ImageChoice } from '../controls/image-picker';
import { type FigureConfig, figureSizes, readConfig } from './config';
import { shapeText } from './draw';
import { figureControls } from './figure-controls';
import { FIGURE_KINDS, type FigureSpec } from './kinds';
import { type FigureStrings, figureStrings } from '../../lib/figure-strings';
import { readState, writeState, type SharedState } from '../../lib/url-state';
import { followModelChoice } from '../../lib/follow-model';
import { photoSource } from '../controls/photo-load';
import { isRealModel } from '../../lib/photos';
import type { Run } from './views';

const client = getClient(import.meta.env.BASE_URL);
followModelChoice(client);

class LiveFigure {
  private readonly s: FigureStrings;
  private readonly spec: FigureSpec;
  private readonly body: HTMLElement;
  private readonly status: HTMLElement;
  private texts: string[];
  private images: ImageSpec[];
  private layer: number;
  private head: number;
  private tau: number;
  private run: Run | null;
  private matrix: Matrix | undefined;
  private started = false;
  /** Notes about the current input made in the page (a downscaled image), shown with each result. */
  private inputNotes: string[] = [];
  /** The model this figure's sizes and controls follow: tiny, as built, until another one is ready. */
  private model = 'tiny';
  /** Removes the previous controls' listeners on the figure when they are rebuilt. */
  private controlsAbort = new AbortController();
  /** The tensor figure shows the padding rows after EOT too (its reveal toggle); kept when the text changes. */
  private allRows = false;
  /** A real CLIP is in use: the image picker offers photographs instead of the world's scenes. */
  private real = false;
  /** The photograph shown, when the image is one (its index in the picker). */
  private photo = -1;

  constructor(
    private readonly fig: HTMLElement,
    private c: FigureConfig,
    private readonly n: number,
  ) {
    this.s = figureStrings(c.lang);
    this.spec = FIGURE_KINDS[c.kind];
    this.body = fig.querySelector<HTMLElement>(':scope > .fig-body')!;
    this.status = fig.querySelector<HTMLElement>(':scope > .fig-status')!;
    this.texts = [...c.texts];
    this.images = c.images.map((index) => ({ kind: 'world', index }));
    this.layer = c.layer ?? 0;
    this.head = c.head ?? 0;
    this.tau = c.tau ?? 0.07;
    this.run = c.run ?? null;
    const shared = readState(n);
    if (shared) this.apply(shared);
    this.buildControls();
    if (this.spec.exports)
      exportToolbar(fig, `inside-clip-${c.kind}-${c.stage ?? ''}`.replace(/[^\w-]+/g, '-'), () => ({
        matrix: this.matrix,
        json: this.matrix ? { matrix: this.matrix } : undefined,
      }));
    if (shared?.t || shared?.i) void this.compute();
    else if (this.run) this.redraw();
    else if (shared) void this.compute();
    this.body.addEventListener('click', (e) => this.toggleRows(e));
    const wake = (): void => this.wake();
    fig.addEventListener('focusin', wake, { once: true });
    fig.addEventListener('pointerenter', wake, { once: true });
    client.onModel((e) => this.modelChanged(e));
  }

  /** Another model is in use (sizes and controls follow it, the inputs are run again), or failed to load. */
  private modelChanged(e: ModelEvent): void {
    if (e.type === 'load-error') {
      this.say(
        this.s.modelFailed(
          hubModelLabel(e.model),
          e.message,
          hubModelLabel(client.loaded?.model ?? this.model),
        ),
        true,
      );
      return;
    }
    if (e.model === this.model) return;
    this.model = e.model;
    const sizes = figureSizes(e.config, this.c.tower, this.c.stage);
    const resized = (Object.keys(sizes) as (keyof typeof sizes)[]).some((k) => sizes[k] !== this.c[k]);
    this.c = { ...this.c, ...sizes };
    this.layer = Math.min(this.layer, sizes.layers - 1);
    this.head = Math.min(this.head, sizes.heads - 1);
    const real = isRealModel(e.config);
    const galleryChanged = real !== this.real;
    this.real = real;
    if (resized || galleryChanged) this.buildControls();
    if (this.started) void this.compute();
    else this.run = null; // the build-time run is tiny's: computed again on waking
  }

  /** Inputs from a shared URL, checked against the figure's own sizes. */
  private apply(st: SharedState): void {
    const { c } = this;
    if (st.t && st.t.length === c.texts.length) this.texts = st.t.map((t) => t.slice(0, 2000));
    if (st.i && st.i.length === c.images.length)
      this.images = st.i.map((index) => ({ kind: 'world', index }));
    if (st.l !== undefined && st.l >= 0 && st.l < c.layers) this.layer = Math.trunc(st.l);
    if (st.h !== undefined && st.h >= 0 && st.h < c.heads) this.head = Math.trunc(st.h);
    if (st.tau !== undefined && st.tau > 0) this.tau = st.tau;
  }

  /** Writes the current inputs to the URL (after the reader changed something). */
  private share(): void {
    const worldOnly = this.images.every((im) => im.kind === 'world');
    writeState(this.n, {
      t: this.texts.length ? this.texts : undefined,
      i:
        worldOnly && this.images.length
          ? this.images.map((im) => (im.kind === 'world' ? im.index : 0))
          : undefined,
      l: this.spec.controls.layer ? this.layer : undefined,
      h: this.c.heads > 1 ? this.head : undefined,
      tau: this.spec.controls.temperature ? this.tau : undefined,
    });
  }

  /** First touch: load the model and recompute the default input, so the figure becomes interactive. */
  private wake(): void {
    if (this.started) return;
    this.started = true;
    if (!this.run || client.wantedModel !== this.model) void this.compute();
    else client.start();
  }

  private buildControls(): void {
    const controls = this.fig.querySelector<HTMLElement>(':scope > .fig-controls')!;
    this.controlsAbort.abort();
    this.controlsAbort = new AbortController();
    controls.replaceChildren(
      ...figureControls(this.spec.controls, {
        c: this.c,
        s: this.s,
        fig: this.fig,
        texts: this.texts,
        layer: this.layer,
        head: this.head,
        tau: this.tau,
        image: this.images[0]?.kind === 'world' ? this.images[0].index : -1,
        photo: this.photo,
        photos: this.real ? photoSource(import.meta.env.BASE_URL, this.c.lang) : null,
        signal: this.controlsAbort.signal,
        setText: (k, v) => this.setText(k, v),
        setLayer: (v) => ((this.layer = v), this.redrawOrCompute()),
        setHead: (v) => ((this.head = v), this.redrawOrCompute()),
        setTau: (tau) => ((this.tau = tau), this.share(), this.redraw()),
        setImage: (k, choice) => this.setImage(k, choice),
        problem: (m) => this.say(m, true),
      }),
    );
    controls.hidden = false;
  }

  private setText(k: number, v: string): void {
    this.texts[k] = v;
    this.share();
    void this.compute();
  }

  private setImage(k: number, choice: ImageChoice): void {
    this.photo = choice.kind === 'photo' ? choice.index : -1;
    this.images[k] =
      choice.kind === 'world'
        ? { kind: 'world', index: choice.index }
        : {
            kind: 'pixels',
            width: choice.image.width,
            height: choice.image.height,
            data: choice.image.data,
            name: choice.image.name,
          };
    this.inputNotes = choice.kind === 'pixels' && choice.image.note ? [choice.image.note] : [];
    this.share();
    void this.compute();
  }

  /** The reveal toggle (drawn by drawTensor): all rows or the text's; before any run, the model computes one. */
  private toggleRows(e: Event): void {
    const button = (e.target as Element | null)?.closest?.('button.fig-reveal');
    if (!button) return;
    this.allRows = !this.allRows;
    button.setAttribute('aria-pressed', String(this.allRows));
    if (this.run?.trace[this.c.stage!]) this.redraw();
    else void this.compute();
  }

  private redrawOrCompute(): void {
    this.share();
    if (this.run && (this.spec.redrawable?.(this.run, this.c) ?? true)) this.redraw();
    else void this.compute();
  }

  async compute(): Promise<void> {
    this.started = true;
    const input: RunInput = {
      texts: this.texts.length ? [...this.texts] : undefined,
      images: this.images.length ? [...this.images] : undefined,
      capture: this.spec.capture(this.c),
      steps: this.spec.steps === true,
    };
    this.fig.setAttribute('aria-busy', 'true');
    this.say(client.loaded ? this.s.computing : this.s.loading, false);
    const t0 = performance.now();
    const out = await client.run(this.fig.id, input);
    if (out.status === 'stale') return;
    this.fig.removeAttribute('aria-busy');
    if (out.status === 'error') return this.say(out.message, true);
    const r = out.result;
    this.run = r;
    this.followLearnedTau(r);
    try {
      this.redraw();
    } catch (err) {
      return this.say((err as Error).message, true);
    }
    this.fig.dataset.backend = r.backend;
    this.fig.dataset.threads = String(client.loaded?.threads ?? 0);
    this.say(
      [this.s.backend(r.backend, r.ms, hubModelLabel(r.model)), ...this.inputNotes, ...r.notes].join(' '),
      r.notes.length > 0,
    );
    // Input change → redrawn figure, for the benchmark and the browser tests.
    const totalMs = performance.now() - t0;
    this.fig.dispatchEvent(new CustomEvent('fig:result', { detail: { ...r, totalMs }, bubbles: true }));
  }

  /**
   * The temperature slider's "learned" mark is the model's own τ: after a switch to another model it
   * moves to that model's value, and so does τ itself unless the reader had moved it.
   */
  private followLearnedTau(r: Run): void {
    const scale = r.trace['logit_scale.exp']?.data[0];
    if (!scale || !this.spec.controls.temperature) return;
    const learned = 1 / scale;
    const before = this.c.tau ?? this.tau;
    if (Math.abs(learned - before) <= 1e-9 * before) return;
    if (Math.abs(this.tau - before) <= 1e-9 * before) this.tau = learned;
    this.c = { ...this.c, tau: learned };
    this.buildControls();
  }

  private redraw(): void {
    const { c, s, body, run } = this;
    if (!run) return;
    const { layer, head, tau, allRows } = this;
    const shown = this.spec.paint(body, run, { c, s, layer, head, tau, allRows });
    this.matrix = shown.matrix;
    const caption = this.fig.querySelector(':scope > figcaption');
    const shapeEl = caption?.querySelector('.fig-shape');
    if (shown.shape && shapeEl) shapeEl.textContent = shapeText(shown.shape);
    const noteEl = caption?.querySelector('.fig-note');
    if (noteEl) noteEl.textContent = shown.note ?? '';
  }

  private say(message: string, problem: boolean): void {
    this.status.textContent = message;
    this.status.classList.toggle('fig-problem', problem);
  }
}

function hydrate(): void {
  setVizLang(document.documentElement.lang || 'en');
  const figures = [...document.querySelectorAll<HTMLElement>('figure[data-figure]')];
  figures.forEach((fig, n) => {
    if (fig.dataset.hydrated) return;
    const config = readConfig(fig);
    if (!config) return;
    fig.dataset.hydrated = 'true';
    try {
      new LiveFigure(fig, config, n);
    } catch (err) {
      console.warn('figure not interactive:', err);
    }
  });
}

hydrate();
