// The attention explorer's page script: reads the figure's config and the URL state, builds the controls
// (text, caption, image picker with file, drop, paste and camera), asks the model worker for a text run
// (every layer's attention, text heads masked) and an explanation (explain request: maps, rollout,
// relevance, deletion curves under the reader's ablations), and redraws; stale answers are dropped, errors
// are shown with the last good figure kept. TF.js is never imported here.
// Over 300 lines: one class holds the explorer's state, controls and two model round trips, which read
// best together; its drawing (src/viz, explorer-view.ts), state and strings are in their own files.
import { type ExplainInput, getClient } from '../../../src/runtime/client';
import type {
  ExplanationMessage,
  ImageSpec,
  ReadyMessage,
  ResultMessage,
} from '../../../src/runtime/protocol';
import { exportToolbar } from '../../../src/viz/export';
import { textField } from '../controls/fields';
import { type ImageChoice, imagePicker } from '../controls/image-picker';
import { followModelChoice } from '../../lib/follow-model';
import { type PhotoSource, photoSource } from '../controls/photo-load';
import { followDefault, isRealModel, photoCaption } from '../../lib/photos';
import { figureStrings } from '../../lib/figure-strings';
import {
  type ExplorerState,
  type Sizes,
  readExplorerState,
  sizesOf,
  toggleHead,
  writeExplorerState,
} from './explorer-state';
import { type ExplorerStrings, explorerStrings } from './explorer-strings';
import { type Shown, drawImage, drawSwitches, drawText, textProbsKey } from './explorer-view';
import { hydrateLabs } from './hydrate';

interface ExplorerConfig {
  lang: string;
  text: string;
  caption: string;
  image: number;
  sizes: Sizes;
  resolution: number;
}

const client = getClient(import.meta.env.BASE_URL);
followModelChoice(client);

class Explorer {
  private readonly s: ExplorerStrings;
  private st: ExplorerState;
  private z: Sizes;
  private resolution: number;
  private image: ImageSpec;
  private textRun: ResultMessage | null = null;
  private expl: ExplanationMessage | null = null;
  private readonly shown: Shown = {};
  private readonly q: <T extends HTMLElement>(sel: string) => T;
  private pickerAbort = new AbortController();
  /** The model the sizes follow: tiny, as built, until another one is ready. */
  private model = 'tiny';
  /** What the page did to the reader's image (downscaled), shown with each result. */
  private imageNote = '';
  /** A real CLIP is in use: photographs in the picker, and defaults that describe them. */
  private real = false;
  /** The photograph shown (`image` holds its pixels), or -1. */
  private photo = -1;
  private readonly photos: PhotoSource;
  private readonly defaults: { text: string; caption: string };
  private readonly lang: string;

  constructor(
    private readonly fig: HTMLElement,
    c: ExplorerConfig,
  ) {
    this.s = explorerStrings(c.lang);
    this.lang = c.lang;
    this.photos = photoSource(import.meta.env.BASE_URL, c.lang);
    this.defaults = { text: c.text, caption: c.caption };
    this.z = c.sizes;
    this.resolution = c.resolution;
    this.q = <T extends HTMLElement>(sel: string) => fig.querySelector<T>(sel)!;
    const base: ExplorerState = {
      text: c.text,
      caption: c.caption,
      image: c.image,
      textLayer: 0,
      textHead: 0,
      imageLayer: c.sizes.imageLayers - 1,
      imageHead: 0,
      textMask: {},
      imageMask: {},
      patches: [],
    };
    this.st = readExplorerState(location.search, base, c.sizes);
    this.image = { kind: 'world', index: this.st.image };
    this.buildControls(c.lang);
    this.drawSwitches();
    this.exports();
    client.onModel((e) => void (e.type === 'ready' && this.modelReady(e)));
    void this.computeText();
    void this.computeImage();
  }

  private buildControls(lang: string): void {
    const controls = this.q('.fig-controls');
    this.pickerAbort.abort();
    this.pickerAbort = new AbortController();
    const fs = figureStrings(lang);
    controls.replaceChildren(
      textField(this.s.text, this.st.text, (v) => this.update({ text: v }, 'text')),
      textField(this.s.caption, this.st.caption, (v) => this.update({ caption: v }, 'image')),
      imagePicker(
        fs,
        this.resolution,
        this.real ? this.photo : this.st.image,
        this.fig,
        (choice) => this.pickImage(choice),
        (m) => this.say(m, true),
        this.pickerAbort.signal,
        undefined,
        this.real ? this.photos : null,
      ),
    );
    controls.hidden = false;
  }

  private pickImage(choice: ImageChoice): void {
    this.imageNote = choice.kind === 'pixels' ? (choice.image.note ?? '') : '';
    this.photo = choice.kind === 'photo' ? choice.index : -1;
    if (choice.kind === 'world') this.image = { kind: 'world', index: choice.index };
    else {
      const { width, height, data, name } = choice.image;
      this.image = { kind: 'pixels', width, height, data, name };
    }
    this.update({ image: choice.kind === 'world' ? choice.index : -1, patches: [] }, 'image');
  }

  /** Another model is in use: sizes follow it (picks clamped, masks dropped when they change), both recomputed. */
  private async modelReady(e: ReadyMessage): Promise<void> {
    if (e.model === this.model) return;
    this.model = e.model;
    const real = isRealModel(e.config);
    const galleryChanged = real !== this.real;
    if (galleryChanged) await this.follow(real);
    if (e.model !== this.model) return; // another model came meanwhile
    const z = sizesOf(e.config, this.z.gallery);
    if (JSON.stringify(z) !== JSON.stringify(this.z)) {
      this.z = z;
      const st = this.st;
      this.st = {
        ...st,
        textLayer: Math.min(st.textLayer, z.textLayers - 1),
        textHead: Math.min(st.textHead, z.textHeads - 1),
        imageLayer: Math.min(st.imageLayer, z.imageLayers - 1),
        imageHead: Math.min(st.imageHead, z.imageHeads - 1),
        textMask: {},
        imageMask: {},
        patches: [],
      };
      this.drawSwitches();
    }
    if (e.config.image_resolution !== this.resolution || galleryChanged) {
      this.resolution = e.config.image_resolution;
      this.buildControls(this.lang);
    }
    void this.computeText();
    void this.computeImage();
  }

  /**
   * The defaults follow the kind of model: a photograph and its caption for a real CLIP, the world's scene
   * and caption for the tiny one. Texts the reader typed and their own image stay.
   */
  private async follow(real: boolean): Promise<void> {
    const text = (r: boolean): string => (r ? photoCaption(0) : this.defaults.text);
    const caption = (r: boolean): string => (r ? photoCaption(0) : this.defaults.caption);
    this.st = {
      ...this.st,
      text: followDefault(this.st.text, text(this.real), text(real)),
      caption: followDefault(this.st.caption, caption(this.real), caption(real)),
    };
    this.real = real;
    if (real && this.image.kind === 'world') {
      try {
        const { width, height, data, name } = await this.photos.load(0);
        this.image = { kind: 'pixels', width, height, data, name };
        this.photo = 0;
        this.st = { ...this.st, patches: [] };
      } catch {
        // offline or missing: the world's scene stays, the picker still offers the photos
      }
    } else if (!real && this.photo >= 0) {
      this.photo = -1;
      this.image = { kind: 'world', index: Math.max(0, this.st.image) };
      this.st = { ...this.st, image: this.image.index, patches: [] };
    }
  }

  /** Applies a change, writes the URL, and recomputes what depends on it (or only redraws). */
  private update(
    change: Partial<ExplorerState>,
    what: 'text' | 'image' | 'both' | 'draw-text' | 'draw-image',
  ): void {
    this.st = { ...this.st, ...change };
    writeExplorerState(this.st);
    if (what === 'text' || what === 'both') void this.computeText();
    if (what === 'image' || what === 'both') void this.computeImage();
    if (what === 'draw-text') this.redrawText();
    if (what === 'draw-image') this.redrawImage();
  }

  private readonly handlers = {
    pickText: (l: number, h: number) => this.update({ textLayer: l, textHead: h }, 'draw-text'),
    pickImage: (l: number, h: number) => this.update({ imageLayer: l, imageHead: h }, 'draw-image'),
    togglePatch: (p: number) => {
      const set = new Set(this.st.patches);
      if (set.has(p)) set.delete(p);
      else set.add(p);
      this.update({ patches: [...set].sort((a, b) => a - b) }, 'image');
    },
  };

  private drawSwitches(): void {
    drawSwitches(this.fig, this.s, this.z, this.st, (tower, l, h) =>
      tower === 'text'
        ? this.update({ textMask: toggleHead(this.st.textMask, l, h) }, 'both')
        : this.update({ imageMask: toggleHead(this.st.imageMask, l, h) }, 'image'),
    );
    const restore = this.q<HTMLButtonElement>('.ax-restore');
    restore.textContent = this.s.clearPatches;
    restore.onclick = () => this.update({ patches: [] }, 'image');
  }

  private exports(): void {
    const add = (name: string, data: () => { matrix?: Shown['textMatrix']; json?: unknown }) => {
      const plot = this.fig.querySelector(`.fig-part-${name}`);
      if (plot) exportToolbar(plot as HTMLElement, `inside-clip-explorer-${name}`, data);
    };
    add('text-overview', () => ({ matrix: this.shown.textMatrix, json: this.textRun?.trace }));
    add('text-matrix', () => ({ matrix: this.shown.textMatrix }));
    add('text-eot', () => ({ matrix: this.shown.eot }));
    add('image-overview', () => ({ json: this.expl?.classAttention }));
    for (const key of ['attention', 'rollout', 'relevance'] as const) {
      add(`map-${key}`, () => ({ matrix: this.shown.maps?.[key] }));
    }
    add('deletion', () => ({ matrix: this.shown.deletion, json: this.expl?.deletion }));
  }

  private async computeText(): Promise<void> {
    const capture = Array.from({ length: this.z.textLayers }, (_, l) => textProbsKey(l));
    this.busy(true);
    const out = await client.run(`${this.fig.id}-text`, {
      texts: [this.st.text],
      capture,
      headMask: { text: this.st.textMask },
    });
    this.busy(false);
    if (out.status === 'stale') return;
    if (out.status === 'error') return this.say(out.message, true);
    this.textRun = out.result;
    this.redrawText();
    this.done(out.result, 'text');
  }

  private async computeImage(): Promise<void> {
    const input: ExplainInput = {
      image: this.image,
      text: this.st.caption,
      imageHeadMask: this.st.imageMask,
      textHeadMask: this.st.textMask,
      patchMask: this.st.patches,
    };
    this.busy(true);
    const out = await client.explain(`${this.fig.id}-image`, input);
    this.busy(false);
    if (out.status === 'stale') return;
    if (out.status === 'error') return this.say(out.message, true);
    this.expl = out.result;
    this.redrawImage();
    this.done(out.result, 'image');
  }

  private redrawText(): void {
    if (!this.textRun) return;
    const body = this.q('.ax-text-body');
    drawText(body, this.textRun, this.st, this.s, this.handlers, this.shown, this.fig.id);
    this.exports();
  }

  private redrawImage(): void {
    if (!this.expl) return;
    drawImage(this.q('.ax-image-body'), this.expl, this.st, this.s, this.handlers, this.shown, this.fig.id);
    this.exports();
  }

  private pending = 0;
  private busy(on: boolean): void {
    this.pending = Math.max(0, this.pending + (on ? 1 : -1));
    if (this.pending) {
      this.fig.setAttribute('aria-busy', 'true');
      this.say(client.loaded ? this.s.computing : this.s.loading, false);
    } else this.fig.removeAttribute('aria-busy');
  }

  private done(r: ResultMessage | ExplanationMessage, part: 'text' | 'image'): void {
    if (!this.pending)
      this.say(
        [this.s.done(r.backend, r.ms, r.model), this.imageNote, ...r.notes].filter(Boolean).join(' '),
        r.notes.length > 0,
      );
    this.fig.dispatchEvent(
      new CustomEvent('explorer:result', {
        detail: { part, backend: r.backend, tensors: r.tensors, bytes: r.bytes },
        bubbles: true,
      }),
    );
  }

  private say(message: string, problem: boolean): void {
    const status = this.q('.fig-status');
    status.textContent = message;
    status.classList.toggle('fig-problem', problem);
  }
}

function hydrate(): void {
  hydrateLabs<ExplorerConfig>('figure[data-explorer]', 'script.ax-config', 'explorer', (fig, c) => {
    new Explorer(fig, c);
  });
}

hydrate();
