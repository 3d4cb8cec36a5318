// The training lab's side of its worker: starts the worker on first use (or, without Worker, the same host
// in the page by dynamic import, so TF.js still loads only on demand), numbers runs, and hands the page
// only the messages of the run it asked for last. close() ends the worker and everything in it. A start that
// fails ('fatal') is dropped, and the next reset starts a fresh worker.
import { parseBackend } from './backend-name';
import { openPort, type Port } from './port';
import type { BackendName } from './protocol';
import type { LabSettings } from '../train/training-lab';
import type { TrainRequest, TrainResponse } from './train-protocol';

export interface TrainClientOptions {
  base: string;
  backend?: BackendName;
  noWorker?: boolean;
}

type Listener = (m: TrainResponse) => void;

export class TrainClient {
  private port: Port<TrainRequest> | null = null;
  private worker: Worker | null = null;
  private run = 0;
  private closed = false;
  /** Counts starts: messages of a start that failed are ignored. */
  private generation = 0;
  mode: 'worker' | 'page' | null = null;

  constructor(
    private readonly options: TrainClientOptions,
    private readonly listener: Listener,
  ) {}

  /** The run the page follows; messages about older runs are dropped. */
  get currentRun(): number {
    return this.run;
  }

  private start(): void {
    if (this.port) return;
    const generation = ++this.generation;
    const current = (): boolean => generation === this.generation && !this.closed;
    const init: TrainRequest = { type: 'init', base: this.options.base, backend: this.options.backend };
    const opened = openPort<TrainRequest, TrainResponse>({
      init,
      noWorker: this.options.noWorker,
      worker: () => new Worker(new URL('./train-worker.ts', import.meta.url), { type: 'module' }),
      inPage: () => import('./train-worker').then(({ createTrainHost }) => createTrainHost),
      receive: (m) => current() && this.receive(m),
      fail: (_where, detail) =>
        current() &&
        this.receive({
          type: 'fatal',
          message: detail,
          network: typeof navigator !== 'undefined' && navigator.onLine === false,
        }),
      open: current,
    });
    this.port = opened.port;
    this.worker = opened.worker;
    this.mode = opened.mode;
  }

  private receive(m: TrainResponse): void {
    if (this.closed) return;
    if (m.type === 'fatal') {
      // Drop this start: the next reset opens a fresh worker.
      this.worker?.terminate();
      this.worker = null;
      this.port = null;
      this.generation++;
    }
    if ('run' in m && m.run !== null && m.run !== this.run) return;
    this.listener(m);
  }

  /** Starts a new run (paused at step 0); returns its number. */
  reset(settings: LabSettings): number {
    this.start();
    this.run += 1;
    this.port!.send({ type: 'reset', run: this.run, settings });
    return this.run;
  }

  play(): void {
    this.port?.send({ type: 'play', run: this.run });
  }

  pause(): void {
    this.port?.send({ type: 'pause', run: this.run });
  }

  step(count = 1): void {
    this.port?.send({ type: 'step', run: this.run, count });
  }

  /** Frees the run's tensors; the worker answers 'disposed' with its tensor count. */
  dispose(): void {
    this.port?.send({ type: 'dispose' });
  }

  /** Ends the worker (the page is leaving); nothing more is reported. */
  close(): void {
    if (this.mode === 'page') this.port?.send({ type: 'dispose' });
    this.closed = true;
    this.worker?.terminate();
    this.worker = null;
  }
}

/** ?backend=wasm|webgl|cpu forces a backend, ?worker=0 trains in the page (as the model client). */
export function trainClientOptions(base: string): TrainClientOptions {
  const params = new URLSearchParams(typeof location === 'undefined' ? '' : location.search);
  return { base, backend: parseBackend(params.get('backend')), noWorker: params.get('worker') === '0' };
}
