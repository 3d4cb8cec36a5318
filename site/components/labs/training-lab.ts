// The training lab's page script: settings (from the URL when shared), the controls, the worker client
// (src/runtime/train-client.ts; TF.js never loads in the page unless Worker is missing), and the views.
// Each step, view and stop is also announced as a DOM event (lab:step, lab:view, lab:started,
// lab:stopped) so tests and benchmarks read the same numbers the reader sees.
import type { LabSettings } from '../../../src/train/training-lab';
import type { LabPresetName } from '../../../src/train/training-lab-sizes';
import { TrainClient, trainClientOptions } from '../../../src/runtime/train-client';
import type { TrainResponse } from '../../../src/runtime/train-protocol';
import { setVizLang } from '../../../src/viz/strings';
import { readState, writeState, type SharedState } from '../../lib/url-state';
import { buildControls, type Controls } from './training-controls';
import { BATCH_CHOICES, LR_CHOICES, PAGE_DEFAULTS, PRESET_CHOICES } from './training-settings';
import { trainingStrings, type TrainingStrings } from './training-strings';
import { TrainingViews, emptyHistory, type RunHistory } from './training-views';

/** The lab's settings in the page URL (?figN={"p":"xs","lr":0.003,"b":32,"tmp":1}). */
type LabState = SharedState & { p?: string; lr?: number; b?: number; tmp?: number };

function settingsFrom(state: LabState | null): LabSettings {
  const s = { ...PAGE_DEFAULTS };
  if (!state) return s;
  if (PRESET_CHOICES.includes(state.p as LabPresetName)) s.preset = state.p as LabPresetName;
  if (LR_CHOICES.some((v) => v === state.lr)) s.lr = state.lr!;
  if (BATCH_CHOICES.some((v) => v === state.b)) s.batchSize = state.b!;
  if (state.tmp === 0 || state.tmp === 1) s.learnedTemperature = state.tmp === 1;
  return s;
}

const labelOf = (x: LabSettings, s: TrainingStrings): string =>
  `${x.preset}, lr ${x.lr.toExponential(0)}, ${s.batch.toLowerCase()} ${x.batchSize}, τ ${
    x.learnedTemperature ? s.learned : s.fixed
  }`;

class TrainingLab {
  private readonly s: TrainingStrings;
  private readonly status: HTMLElement;
  private readonly progress: HTMLProgressElement;
  private readonly controls: Controls;
  private readonly views: TrainingViews;
  private readonly client: TrainClient;
  private settings: LabSettings;
  private current: RunHistory;
  private ghost: RunHistory | null = null;
  private backend = '';
  private threads = 0;
  private playing = false;
  /** Arrival times of the last step messages, for steps per second. */
  private stamps: number[] = [];

  constructor(
    private readonly fig: HTMLElement,
    private readonly n: number,
  ) {
    this.s = trainingStrings(document.documentElement.lang || 'en');
    this.status = fig.querySelector<HTMLElement>(':scope > .fig-status')!;
    this.progress = fig.querySelector<HTMLProgressElement>(':scope .tl-progress')!;
    this.settings = settingsFrom(readState(n) as LabState | null);
    this.current = emptyHistory(labelOf(this.settings, this.s));
    this.views = new TrainingViews(fig.querySelector<HTMLElement>(':scope > .fig-body')!, this.s, () => ({
      current: this.current,
      ghost: this.ghost,
    }));
    this.views.curves();
    this.controls = buildControls(
      fig.querySelector<HTMLElement>(':scope > .fig-controls')!,
      this.s,
      this.settings,
      {
        play: () => this.start(() => this.client.play(), true),
        pause: () => this.client.pause(),
        step: () => this.start(() => this.client.step(1), false),
        reset: () => this.reset(),
        clearGhost: () => {
          this.ghost = null;
          this.controls.setGhost(false);
          this.views.curves();
        },
        change: (next) => {
          this.settings = next;
          writeState(this.n, {
            p: next.preset,
            lr: next.lr,
            b: next.batchSize,
            tmp: next.learnedTemperature ? 1 : 0,
          } as LabState);
          this.reset();
        },
      },
    );
    this.client = new TrainClient(trainClientOptions(import.meta.env.BASE_URL), (m) => this.receive(m));
    this.say(this.s.idle, false);
    addEventListener('pagehide', () => this.client.close());
  }

  private started = false;

  /** Starts the worker and the first run on first use, then does `action`. */
  private start(action: () => void, play: boolean): void {
    if (!this.started) {
      this.started = true;
      this.busy(this.settings.preset === 'lit' ? this.s.loadingTiny : this.s.starting);
      this.client.reset(this.settings);
    }
    if (play) this.setPlaying(true);
    action();
  }

  private reset(): void {
    this.setPlaying(false);
    if (this.current.steps.length > 0) {
      this.ghost = this.current;
      this.controls.setGhost(true);
    }
    this.current = emptyHistory(labelOf(this.settings, this.s));
    this.stamps = [];
    this.views.curves();
    if (!this.started) return;
    this.busy(this.settings.preset === 'lit' ? this.s.loadingTiny : this.s.starting);
    this.client.reset(this.settings);
  }

  private busy(message: string): void {
    this.fig.setAttribute('aria-busy', 'true');
    this.progress.hidden = false;
    this.controls.setEnabled(false);
    this.say(message, false);
  }

  private idle(): void {
    this.fig.removeAttribute('aria-busy');
    this.progress.hidden = true;
    this.controls.setEnabled(true);
  }

  private setPlaying(p: boolean): void {
    this.playing = p;
    this.controls.setPlaying(p);
  }

  private say(message: string, problem: boolean): void {
    this.status.textContent = message;
    this.status.classList.toggle('fig-problem', problem);
  }

  private emit(name: string, detail: object): void {
    this.fig.dispatchEvent(new CustomEvent(name, { detail, bubbles: true }));
  }

  private stepsPerSecond(): number {
    const t = this.stamps;
    return t.length < 2 ? 0 : ((t.length - 1) * 1000) / (t[t.length - 1]! - t[0]!);
  }

  private receive(m: TrainResponse): void {
    const s = this.s;
    if (m.type === 'ready') {
      this.backend = m.backend;
      this.threads = m.threads;
    } else if (m.type === 'started') {
      this.idle();
      this.say(s.ready(this.backend, m.parameters), false);
      this.emit('lab:started', {
        run: m.run,
        tensors: m.tensors,
        parameters: m.parameters,
        backend: this.backend,
        threads: this.threads,
      });
    } else if (m.type === 'step') {
      const r = m.result;
      this.current.steps.push(r.step);
      this.current.losses.push(r.loss);
      this.stamps = [...this.stamps.slice(-19), performance.now()];
      this.views.curves();
      this.say(s.training(r.step, r.loss, r.logitScale, this.stepsPerSecond(), this.backend), false);
      this.emit('lab:step', { run: m.run, ...r, ms: m.ms, tensors: m.tensors, backend: this.backend });
    } else if (m.type === 'view') {
      if (m.view) this.views.batchLogits(m.view);
      if (m.probe) {
        const p = m.probe;
        const h = this.current;
        if (h.probeSteps[h.probeSteps.length - 1] !== p.step) {
          h.probeSteps.push(p.step);
          h.exact.push(p.accuracy);
          h.colour.push(p.colourAccuracy);
          h.shape.push(p.shapeAccuracy);
        }
        this.views.featureSpace(p);
        this.views.curves();
      }
      this.emit('lab:view', {
        run: m.run,
        step: m.view?.step ?? m.probe?.step,
        probe: Boolean(m.probe),
        accuracy: m.probe?.accuracy,
        colourAccuracy: m.probe?.colourAccuracy,
      });
    } else if (m.type === 'stopped') {
      this.setPlaying(false);
      this.stamps = [];
      this.say(s.paused(m.step), false);
      this.emit('lab:stopped', { run: m.run, step: m.step, tensors: m.tensors });
    } else if (m.type === 'error' || m.type === 'fatal') {
      this.setPlaying(false);
      this.idle();
      if (m.type === 'error') return this.say(s.failed(m.message), true);
      // The client dropped the failed start: the reader's next action starts the lab again.
      this.started = false;
      this.say(m.network ? s.offline : s.fatal(m.message), true);
    }
  }
}

function hydrate(): void {
  setVizLang(document.documentElement.lang || 'en');
  const all = [...document.querySelectorAll<HTMLElement>('figure[data-figure], figure[data-lab]')];
  all.forEach((fig, n) => {
    if (fig.dataset.lab !== 'training' || fig.dataset.hydrated) return;
    fig.dataset.hydrated = 'true';
    new TrainingLab(fig, n);
  });
}

hydrate();
