// The zero-shot playground's page script: the reader's image (gallery, file, drop, paste, camera) and a
// word written on it, labels they edit, ticked prompt templates, and a temperature. Features are cached per
// prompt and per image: the model worker only runs what is new, and a temperature change is plain
// TypeScript (src/lab/zero-shot.ts). The reader's image never leaves the page and is not put in the URL.
// Over 300 lines: one class holds the playground's state, feature caches and model round trips, which
// read best together; its controls, strings and typographic attack are already in their own files.
import { getClient } from '../../../src/runtime/client';
import type { PixelImage } from '../../../src/runtime/image-file';
import { galleryItems } from '../../../src/runtime/inputs';
import type { ImageSpec } from '../../../src/runtime/protocol';
import { bars } from '../../../src/viz/bars';
import { exportToolbar } from '../../../src/viz/export';
import type { Matrix } from '../../../src/viz/matrix';
import { dataTable } from '../../../src/viz/table';
import {
  TEMPLATES,
  type Expansion,
  ZeroShotError,
  checkLabels,
  type ZeroShotConfig,
  type ZeroShotResult,
  classify,
  expandPrompts,
  labelFeatures,
  normalize,
  parseShare,
} from '../../../src/lab/zero-shot';
import { type ImageChoice, imagePicker } from '../controls/image-picker';
import { temperatureSlider } from '../controls/fields';
import { followModelChoice } from '../../lib/follow-model';
import { type PhotoSource, photoSource } from '../controls/photo-load';
import { REAL_LABELS, followDefault, isRealModel } from '../../lib/photos';
import { followPickedModel } from '../../lib/picked-model';
import { type FigureStrings, figureStrings } from '../../lib/figure-strings';
import { readParam, sampleIndex, tauOf, writeParam } from '../../lib/url-state';
import { type Attack, attackControls, attackFrom, drawAttacked, rgbToPixels } from './typographic';
import { labelEditor, templateBoxes } from './zero-shot-controls';
import { type ZeroShotStrings, zeroShotStrings } from './zero-shot-strings';
import { quoteShort } from '../../../src/runtime/messages';
import { hydrateLabs } from './hydrate';
import { formatFixed } from '../../../src/viz/scales';

const client = getClient(import.meta.env.BASE_URL);
followModelChoice(client);
const CAPTURE = ['text.features', 'image.features', 'logit_scale.exp'];
/** Gallery images are drawn this large under the attack's word (the model resizes to its own input). */
const ATTACK_SIDE = 192;

const rows = (e: { shape: number[]; data: ArrayLike<number> }): Float32Array[] => {
  const d = e.shape[e.shape.length - 1]!;
  return Array.from({ length: e.data.length / d }, (_, i) =>
    normalize(Array.prototype.slice.call(e.data, i * d, (i + 1) * d) as number[]),
  );
};

class Playground {
  private readonly fs: FigureStrings;
  private readonly s: ZeroShotStrings;
  private readonly status: HTMLElement;
  private readonly result: HTMLElement;
  private readonly canvas = document.createElement('canvas');
  private labels: string[];
  private ticked: number[];
  private tau: number;
  private world: number;
  private own: PixelImage | null = null;
  private ownVersion = 0;
  private attack: Attack;
  private model: string;
  private readonly textCache = new Map<string, Float32Array>();
  private readonly imageCache = new Map<string, Float32Array>();
  private shown: ZeroShotResult | null = null;
  private requests = 0;
  /** A real CLIP is in use: photographs instead of the world's scenes, and labels that name them. */
  private real = false;
  /** The photograph shown (`own` holds its pixels), or -1. */
  private photo = -1;
  private readonly photos: PhotoSource;

  constructor(
    private readonly fig: HTMLElement,
    private readonly c: ZeroShotConfig,
    private readonly n: number,
  ) {
    this.fs = figureStrings(c.lang);
    this.s = zeroShotStrings(c.lang);
    this.status = fig.querySelector<HTMLElement>(':scope > .fig-status')!;
    this.result = fig.querySelector<HTMLElement>('.zs-result')!;
    this.model = c.model;
    this.photos = photoSource(import.meta.env.BASE_URL, c.lang);
    this.fillBuildCache();
    const shared = parseShare(readParam(this.key));
    this.labels = shared.l ?? [...c.labels];
    this.ticked = shared.t ?? [0];
    this.tau = tauOf(shared.tau) ?? c.tau;
    this.world = sampleIndex(shared.i, c.gallery.length) ?? c.image;
    this.attack = attackFrom(shared.a);
    this.canvas.className = 'zs-canvas';
    this.canvas.setAttribute('role', 'img');
    fig.querySelector('.zs-view')!.replaceChildren(this.canvas);
    this.buildControls();
    exportToolbar(fig, 'inside-clip-zero-shot', () => ({
      matrix: this.matrix(),
      json: this.shown ?? undefined,
    }));
    client.onModel((e) => {
      if (e.type !== 'ready' || e.model === this.model) return;
      this.model = e.model;
      this.textCache.clear();
      this.imageCache.clear();
      void this.follow(isRealModel(e.config)).then(() => this.update());
    });
    // The first paint needs no model: a model picked in the panel starts one, so the lab computes with it.
    followPickedModel((m) => m.name !== this.model && client.start());
    void this.update(true);
  }

  /**
   * The defaults follow the kind of model: photographs and their labels for a real CLIP, the world's for
   * the tiny one. What the reader changed (labels typed, their own image) stays.
   */
  private async follow(real: boolean): Promise<void> {
    if (real === this.real) return;
    const defaults = (r: boolean): string[] => (r ? [...REAL_LABELS] : [...this.c.labels]);
    this.labels = followDefault(this.labels, defaults(this.real), defaults(real));
    this.real = real;
    if (real && !this.own) {
      try {
        this.setPhoto(0, await this.photos.load(0));
      } catch {
        // offline or missing: the world's image stays, the picker still offers the photos
      }
    } else if (!real && this.photo >= 0) {
      this.own = null;
      this.photo = -1;
    }
    this.buildControls();
  }

  private setPhoto(k: number, image: PixelImage): void {
    this.own = image;
    this.photo = k;
    this.ownVersion++;
  }

  private get key(): string {
    return `zs${this.n}`;
  }

  private fillBuildCache(): void {
    for (const [p, f] of Object.entries(this.c.prompts)) this.textCache.set(p, Float32Array.from(f));
    this.c.gallery.forEach((f, k) => this.imageCache.set(`w${k}`, Float32Array.from(f)));
  }

  private buildControls(): void {
    const controls = this.fig.querySelector<HTMLElement>(':scope > .fig-controls')!;
    const group = (legendText: string, ...children: HTMLElement[]): HTMLElement => {
      const box = document.createElement('fieldset');
      box.className = 'zs-group';
      const legend = document.createElement('legend');
      legend.textContent = legendText;
      box.append(legend, ...children);
      return box;
    };
    const picker = imagePicker(
      this.fs,
      this.c.resolution,
      this.real ? this.photo : this.own ? -1 : this.world,
      this.fig,
      (choice) => this.setImage(choice),
      (m) => this.say(`${m} ${this.s.keptNote}`, true),
      undefined,
      undefined,
      this.real ? this.photos : null,
    );
    const realNote = document.createElement('p');
    realNote.className = 'fig-hint zs-real-note';
    realNote.textContent = this.s.realNote;
    realNote.hidden = !this.real;
    controls.replaceChildren(
      group(this.s.imageHeading, picker),
      group(
        this.s.labelsHeading,
        realNote,
        labelEditor(this.s, this.labels, this.real ? REAL_LABELS : this.c.labels, (l) =>
          this.change({ labels: l }),
        ),
      ),
      group(
        this.s.templatesHeading,
        templateBoxes(this.ticked, (t) => this.change({ ticked: t })),
      ),
      group(this.s.temperatureHeading, this.slider()),
      attackControls(this.s, this.attack, (a) => this.change({ attack: a })),
    );
    controls.hidden = false;
  }

  private slider(): HTMLElement {
    return temperatureSlider(this.fs, this.c.tau, this.tau, (tau) => {
      this.tau = tau;
      this.share();
      this.draw(true);
    });
  }

  private change(patch: { labels?: string[]; ticked?: number[]; attack?: Attack }): void {
    if (patch.labels) this.labels = patch.labels;
    if (patch.ticked) this.ticked = patch.ticked;
    if (patch.attack) this.attack = patch.attack;
    this.share();
    void this.update();
  }

  private setImage(choice: ImageChoice): void {
    if (choice.kind === 'world') {
      this.world = choice.index;
      this.own = null;
      this.photo = -1;
    } else if (choice.kind === 'photo') this.setPhoto(choice.index, choice.image);
    else {
      this.own = choice.image;
      this.photo = -1;
      this.ownVersion++;
    }
    this.share();
    void this.update();
  }

  private share(): void {
    const a = this.attack.word ? this.attack : undefined;
    const state = { l: this.labels, t: this.ticked, tau: this.tau, i: this.own ? undefined : this.world, a };
    writeParam(this.key, state, ['l', 'a']);
  }

  /** The image as the model gets it, its cache key, and the preview drawn on the canvas. */
  private currentImage(): { key: string; spec: ImageSpec } {
    const word = this.attack.word.trim();
    const base =
      this.own ?? rgbToPixels(galleryItems(ATTACK_SIDE)[this.world]!.image, ATTACK_SIDE, `${this.world}`);
    const drawn = drawAttacked(this.canvas, base, this.attack);
    this.canvas.setAttribute('aria-label', this.s.preview(word));
    const key = this.imageKey();
    if (!word && !this.own) return { key, spec: { kind: 'world', index: this.world } };
    const pixels = { kind: 'pixels' as const, width: drawn.width, height: drawn.height, data: drawn.data };
    return { key, spec: { ...pixels, name: drawn.name } };
  }

  /** Checks the inputs, asks the model for the features not cached yet, and redraws. */
  async update(initial = false): Promise<void> {
    let expansion: Expansion;
    try {
      expansion = this.expansion();
    } catch (err) {
      if (!(err instanceof ZeroShotError)) throw err;
      const what = err.label ? ` ${quoteShort(err.label)}.` : '';
      return this.say(`${this.s.problems[err.problem]}${what} ${this.s.keptNote}`, true);
    }
    const image = this.currentImage();
    const missing = expansion.prompts.filter((p) => !this.textCache.has(p));
    const needImage = !this.imageCache.has(image.key);
    if (missing.length > 0 || needImage) {
      this.fig.setAttribute('aria-busy', 'true');
      this.say(client.loaded ? this.fs.computing : this.fs.loading, false);
      this.fig.dataset.requests = String(++this.requests);
      const t0 = performance.now();
      const out = await client.run(this.fig.id, {
        texts: missing.length ? missing : undefined,
        images: needImage ? [image.spec] : undefined,
        capture: CAPTURE,
      });
      if (out.status === 'stale') return;
      this.fig.removeAttribute('aria-busy');
      if (out.status === 'error') return this.say(`${out.message} ${this.s.keptNote}`, true);
      const r = out.result;
      if (r.model !== this.model) return;
      const text = r.trace['text.features'];
      if (text) rows(text).forEach((f, k) => this.textCache.set(missing[k]!, f));
      const img = r.trace['image.features'];
      if (img) {
        for (const k of [...this.imageCache.keys()]) if (!k.startsWith('w')) this.imageCache.delete(k);
        this.imageCache.set(image.key, rows(img)[0]!);
      }
      const scale = r.trace['logit_scale.exp']?.data[0];
      if (scale && Math.abs(1 / scale - this.c.tau) > 1e-6) {
        this.c.tau = 1 / scale; // another model: its own learned τ for the reset button
        this.fig.querySelector('.fig-temperature')?.replaceWith(this.slider());
      }
      this.draw(false);
      this.say(
        // The reader's image's own note (downscaled, transparent areas) comes with each result.
        [this.fs.backend(r.backend, r.ms, r.model), ...r.notes, this.own?.note ?? '', this.topLine()]
          .filter(Boolean)
          .join(' '),
        r.notes.length > 0,
      );
      const detail = { ...r, totalMs: performance.now() - t0 };
      this.fig.dispatchEvent(new CustomEvent('fig:result', { detail, bubbles: true }));
      return;
    }
    this.draw(!initial); // on arrival the build's numbers stand, with the build's note
  }

  /** Cosines from cached features → probabilities at τ → bars and table (no model run). */
  private draw(cachedOnly: boolean): void {
    let expansion: Expansion;
    try {
      expansion = this.expansion();
    } catch {
      return; // the message is already on screen
    }
    const image = this.imageCache.get(this.imageKey());
    if (!image || expansion.prompts.some((p) => !this.textCache.has(p))) return;
    const feats = labelFeatures(expansion, (p) => this.textCache.get(p)!);
    const r = classify(image, checkLabels(this.labels), feats, this.tau);
    this.shown = r;
    const order = r.order;
    const plot =
      this.result.querySelector<HTMLElement>('.zs-bars') ??
      this.result.appendChild(document.createElement('div'));
    plot.className = 'zs-bars';
    bars(
      plot,
      order.map((k) => r.labels[k]!),
      order.map((k) => r.probs[k]!),
      {
        title: this.s.probs,
        sym: 'zs-probs',
        width: Math.max(300, Math.min(480, this.result.clientWidth || 480)),
      },
    );
    dataTable(this.result, this.matrix()!, this.s.table, 64);
    this.fig.dataset.top = r.labels[order[0]!]!;
    if (cachedOnly) this.say(`${this.s.cached} ${this.topLine()}`, false);
  }

  private expansion(): Expansion {
    return expandPrompts(
      this.labels,
      this.ticked.map((k) => TEMPLATES[k]!),
    );
  }

  /** The cache key of the image the model gets (source, and the word drawn on it). */
  private imageKey(): string {
    const word = this.attack.word.trim();
    const source = this.own ? `p${this.ownVersion}` : `w${this.world}`;
    const a = this.attack;
    return word ? `${source}|${word}|${a.x}|${a.y}|${a.size}|${a.colour}` : source;
  }

  private topLine(): string {
    const r = this.shown;
    if (!r) return '';
    const k = r.order[0]!;
    return this.s.top(r.labels[k]!, `${formatFixed(r.probs[k]! * 100, 1)}%`, this.ticked.length);
  }

  private matrix(): Matrix | undefined {
    const r = this.shown;
    if (!r) return undefined;
    const values = new Float32Array(r.order.flatMap((k) => [r.cosines[k]!, r.logits[k]!, r.probs[k]!]));
    return {
      rows: r.order.length,
      cols: 3,
      values,
      rowLabels: r.order.map((k) => r.labels[k]!),
      colLabels: [...this.s.columns],
      rowName: this.s.labelColumn,
    };
  }

  private say(message: string, problem: boolean): void {
    this.status.textContent = message;
    this.status.classList.toggle('fig-problem', problem);
  }
}

function hydrate(): void {
  hydrateLabs<ZeroShotConfig>(
    'figure[data-lab="zero-shot"]',
    'script.zs-config',
    'zero-shot playground',
    (fig, c, n) => {
      new Playground(fig, c, n);
    },
  );
}

hydrate();
