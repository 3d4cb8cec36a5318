// The circle lab's page script: the number of pairs, τ, the learning rate, the modality gap, the picked image
// and text, Step (one projected gradient step of the symmetric InfoNCE loss, src/lab/sphere.ts) and Reset;
// points dragged or turned with the keyboard. Everything is computed in the page, no model.
import { type LabState } from '../../../src/lab/logits';
import { angleOf, sphereStep, withGap } from '../../../src/lab/sphere';
import { exportToolbar } from '../../../src/viz/export';
import { formatValue } from '../../../src/viz/scales';
import { type PointKind, drawSphere } from '../../../src/viz/sphere-plot';
import { setVizLang } from '../../../src/viz/strings';
import { button, linearRange, logRange, select } from './controls';
import { SPHERE_PAIRS, type SphereConfig, sphereStart } from './toy-state';
import { type SphereAllStrings, sphereStrings } from './toy-strings';

const DEG = Math.PI / 180;
const MANY = 10;

class SpherePage {
  private readonly s: SphereAllStrings;
  private readonly body: HTMLElement;
  private readonly status: HTMLElement;
  private n: number;
  private tau: number;
  private lr: number;
  private gap: number;
  private imageAngles: number[] = [];
  private textAngles: number[] = [];
  private pickImage = 0;
  private pickText = 0;
  private steps = 0;
  private state: LabState | null = null;

  constructor(
    private readonly fig: HTMLElement,
    private readonly cfg: SphereConfig,
  ) {
    setVizLang(cfg.lang); // before the export toolbar names itself
    this.s = sphereStrings(cfg.lang);
    this.body = fig.querySelector<HTMLElement>(':scope > .fig-body')!;
    this.status = fig.querySelector<HTMLElement>(':scope > .fig-status')!;
    ({ n: this.n, tau: this.tau, lr: this.lr, gap: this.gap } = cfg);
    this.reset();
    exportToolbar(fig, 'inside-clip-circle', () => ({
      json: {
        tau: this.tau,
        gap: this.gap,
        steps: this.steps,
        ...withGap(this.imageAngles, this.textAngles, this.gap),
        ...this.state,
      },
    }));
  }

  private reset(): void {
    ({ imageAngles: this.imageAngles, textAngles: this.textAngles } = sphereStart(this.n));
    this.pickImage = Math.min(this.pickImage, this.n - 1);
    this.pickText = Math.min(this.pickText, this.n - 1);
    this.steps = 0;
    this.status.textContent = '';
    this.buildControls();
    this.redraw();
  }

  private buildControls(): void {
    const { s } = this;
    const controls = this.fig.querySelector<HTMLElement>(':scope > .fig-controls')!;
    const range = (n: number): [string, string][] =>
      Array.from({ length: n }, (_, k) => [String(k), String(k)]);
    const sizes = range(SPHERE_PAIRS.max + 1).slice(SPHERE_PAIRS.min);
    const knobs = document.createElement('div');
    knobs.className = 'toy-switches';
    knobs.append(
      select(s.pairs, sizes, String(this.n), (v) => ((this.n = Number(v)), this.reset())),
      logRange(
        s.temperature,
        0.02,
        1,
        this.tau,
        (v) => `τ = ${formatValue(v)}`,
        (v) => ((this.tau = v), this.redraw()),
      ),
      logRange(
        s.rate,
        0.002,
        0.5,
        this.lr,
        (v) => formatValue(v),
        (v) => (this.lr = v),
      ),
      linearRange(
        s.gapControl,
        0,
        Math.round(this.cfg.maxGap / DEG),
        1,
        Math.round(this.gap / DEG),
        (v) => `${v}°`,
        (v) => {
          this.gap = v * DEG;
          this.redraw();
        },
      ),
    );
    const acts = document.createElement('div');
    acts.className = 'toy-switches';
    acts.append(
      select(
        s.pickImage,
        range(this.n),
        String(this.pickImage),
        (v) => ((this.pickImage = Number(v)), this.redraw()),
      ),
      select(
        s.pickText,
        range(this.n),
        String(this.pickText),
        (v) => ((this.pickText = Number(v)), this.redraw()),
      ),
      button(s.step, () => this.step(1)),
      button(s.steps(MANY), () => this.step(MANY)),
      button(s.reset, () => this.reset()),
    );
    controls.replaceChildren(knobs, acts);
    controls.hidden = false;
  }

  /** k steps of projected gradient descent; the gap stays, the points move. */
  private step(k: number): void {
    let before = NaN;
    let after = NaN;
    for (let t = 0; t < k; t++) {
      const { images, texts } = withGap(this.imageAngles, this.textAngles, this.gap);
      const st = sphereStep(images, texts, this.tau, this.lr);
      if (t === 0) before = st.before;
      after = st.after;
      this.imageAngles = st.images.map((v) => angleOf(v) - this.gap / 2);
      this.textAngles = st.texts.map((v) => angleOf(v) + this.gap / 2);
      this.steps++;
    }
    this.status.textContent = this.s.stepped(this.steps, before.toPrecision(4), after.toPrecision(4));
    this.redraw();
  }

  private move(kind: PointKind, k: number, angle: number): void {
    if (kind === 'image') this.imageAngles[k] = angle - this.gap / 2;
    else this.textAngles[k] = angle + this.gap / 2;
    this.redraw();
  }

  private redraw(): void {
    setVizLang(this.cfg.lang);
    this.state = drawSphere(
      this.body,
      {
        imageAngles: this.imageAngles,
        textAngles: this.textAngles,
        gap: this.gap,
        maxGap: this.cfg.maxGap,
        tau: this.tau,
        pickImage: this.pickImage,
        pickText: this.pickText,
      },
      this.s,
      (kind, k, angle) => this.move(kind, k, angle),
    );
  }
}

export function hydrateSpheres(): void {
  document.querySelectorAll<HTMLElement>('figure[data-toy="sphere"]').forEach((fig) => {
    const json = fig.querySelector(':scope > script.toy-config')?.textContent;
    if (!json || fig.dataset.hydrated) return;
    fig.dataset.hydrated = 'true';
    try {
      new SpherePage(fig, JSON.parse(json) as SphereConfig);
    } catch (err) {
      console.warn('circle lab not interactive:', err);
    }
  });
}
