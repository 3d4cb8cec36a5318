// The page's side of the code cells: one cell worker per page, started on the first run with the model the
// figures use, and runs taken one at a time. A run has a time limit; a run past it, or one the reader stops,
// ends the worker (the only sure way to stop a loop), and the next run starts a fresh one. A newer pick of
// model also starts a fresh worker at the next run, so a cell always computes with the figures' model.
import type { CellImages, CellItem, CellRequest, CellResponse } from './cell-protocol';
import type { BackendName } from './protocol';

export type RunEnd =
  | { status: 'done'; ms: number; tensors: number; leaked: number }
  | { status: 'error'; message: string; line?: number; column?: number }
  | { status: 'stopped'; byLimit: boolean; seconds: number }
  | { status: 'failed'; message: string };

export interface RunHooks {
  /** The worker has the model and the program now runs: the time limit starts. */
  started(limitMs: number): void;
  item(item: CellItem): void;
}

export interface CellClientOptions {
  base: string;
  lang?: string;
  backend?: BackendName;
  /** The model the figures use, read at each run. */
  model: () => string;
  worker?: () => Worker;
  limitMs?: number;
}

interface Live {
  worker: Worker;
  model: string;
  ready: Promise<void>;
  /** Gets every message after 'ready'. */
  listen: ((m: CellResponse) => void) | null;
  dead: string | null;
}

export const DEFAULT_LIMIT_MS = 20_000;

export class CellClient {
  private live: Live | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private current: { stop(): void } | null = null;

  constructor(private readonly o: CellClientOptions) {}

  get limitMs(): number {
    return this.o.limitMs ?? DEFAULT_LIMIT_MS;
  }

  private spawn(model: string): Live {
    const worker = this.o.worker
      ? this.o.worker()
      : new Worker(new URL('./cell-worker.ts', import.meta.url), { type: 'module', name: 'cells' });
    const live: Live = { worker, model, ready: Promise.resolve(), listen: null, dead: null };
    live.ready = new Promise<void>((resolve, reject) => {
      worker.onmessage = (e: MessageEvent<CellResponse>) => {
        const m = e.data;
        if (m.type === 'ready') {
          live.model = m.model;
          resolve();
        } else if (m.type === 'fatal' || m.type === 'load-error') {
          if (m.type === 'fatal') {
            live.dead = m.message;
            reject(new Error(m.message));
          }
        } else live.listen?.(m);
      };
      worker.onerror = (e) => {
        live.dead = e.message || 'the cell worker failed';
        reject(new Error(live.dead));
        live.listen?.({ type: 'error', id: -1, message: live.dead });
      };
    });
    live.ready.catch(() => undefined);
    const init: CellRequest = {
      type: 'init',
      base: this.o.base,
      backend: this.o.backend,
      model,
      lang: this.o.lang,
    };
    worker.postMessage(init);
    return live;
  }

  private end(): void {
    this.live?.worker.terminate();
    this.live = null;
  }

  /** Starts the worker (and loads its model) ahead of a run, e.g. when the reader focuses a cell. */
  warm(): void {
    const model = this.o.model();
    if (!this.live || this.live.dead || this.live.model !== model) {
      this.end();
      this.live = this.spawn(model);
    }
  }

  /** Stops the run in progress, if any. */
  stop(): void {
    this.current?.stop();
  }

  /** Runs after the runs already asked for; resolves with how it ended. */
  run(code: string, images: CellImages, hooks: RunHooks): { done: Promise<RunEnd>; cancel(): void } {
    let cancelled = false;
    let stopNow: (() => void) | null = null;
    const done = this.chain.then(() =>
      cancelled ? stoppedEnd(0, false) : this.exec(code, images, hooks, (s) => (stopNow = s)),
    );
    this.chain = done.catch(() => undefined);
    return {
      done,
      cancel: () => {
        cancelled = true;
        stopNow?.();
      },
    };
  }

  private async exec(
    code: string,
    images: CellImages,
    hooks: RunHooks,
    onStop: (s: () => void) => void,
  ): Promise<RunEnd> {
    this.warm();
    const live = this.live!;
    try {
      await live.ready;
    } catch (err) {
      this.end();
      return { status: 'failed', message: (err as Error).message };
    }
    const id = this.nextId++;
    const limit = this.limitMs;
    return new Promise<RunEnd>((resolve) => {
      const t0 = performance.now();
      const finish = (end: RunEnd): void => {
        clearTimeout(timer);
        live.listen = null;
        this.current = null;
        resolve(end);
      };
      const stop = (byLimit: boolean): void => {
        this.end();
        finish(stoppedEnd(performance.now() - t0, byLimit));
      };
      const timer = setTimeout(() => stop(true), limit);
      this.current = { stop: () => stop(false) };
      onStop(() => stop(false));
      live.listen = (m) => {
        if (m.type === 'out' && m.id === id) hooks.item(m.item);
        else if (m.type === 'done' && m.id === id)
          finish({ status: 'done', ms: m.ms, tensors: m.tensors, leaked: m.leaked });
        else if (m.type === 'error' && (m.id === id || m.id === -1)) {
          if (m.id === -1) this.end();
          finish({ status: 'error', message: m.message, line: m.line, column: m.column });
        }
      };
      hooks.started(limit);
      live.worker.postMessage({ type: 'run', id, code, images } satisfies CellRequest);
    });
  }
}

const stoppedEnd = (ms: number, byLimit: boolean): RunEnd => ({
  status: 'stopped',
  byLimit,
  seconds: Math.round(ms / 100) / 10,
});
