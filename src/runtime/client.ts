// The page's side of the model: one shared client per page that starts the worker on first use (or runs
// the engine in the page when Worker is unavailable), numbers requests, and resolves each figure's
// request with its result, an error message, or 'stale' when newer input from the same figure won.
import { parseBackend } from './backend-name';
import { openPort, type Port } from './port';
import type {
  BackendName,
  ExplainRequest,
  ExplanationMessage,
  LoadErrorMessage,
  ReadyMessage,
  PortRequest,
  Request,
  Response,
  ResultMessage,
  RunRequest,
  WeightsMessage,
} from './protocol';

export type RunInput = Omit<RunRequest, 'type' | 'id' | 'channel'>;

export type ExplainInput = Omit<ExplainRequest, 'type' | 'id' | 'channel'>;

export type Outcome =
  { status: 'ok'; result: ResultMessage } | { status: 'error'; message: string } | { status: 'stale' };

export type ExplainOutcome =
  { status: 'ok'; result: ExplanationMessage } | { status: 'error'; message: string } | { status: 'stale' };

export type WeightsOutcome =
  { status: 'ok'; result: WeightsMessage } | { status: 'error'; message: string } | { status: 'stale' };

type AnyOutcome =
  | { status: 'ok'; result: ResultMessage | ExplanationMessage | WeightsMessage }
  | { status: 'error'; message: string }
  | { status: 'stale' };

/** A model now in use ('ready') or one that could not load ('load-error'). */
export type ModelEvent = ReadyMessage | LoadErrorMessage;

export interface ClientOptions {
  /** Site base URL (import.meta.env.BASE_URL). */
  base: string;
  backend?: BackendName;
  /** Force the in-page engine even where Worker exists. */
  noWorker?: boolean;
}

export class ModelClient {
  private port: Port<PortRequest> | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, { channel: string; resolve: (o: AnyOutcome) => void }>();
  private readonly latest = new Map<string, number>();
  private failed: string | null = null;
  private readyResolve!: (m: ReadyMessage) => void;
  private readyReject!: (e: Error) => void;
  /** Resolves when the model is loaded; rejects if it cannot load. */
  readonly ready: Promise<ReadyMessage>;
  /** 'worker' or 'page', once started. */
  mode: 'worker' | 'page' | null = null;
  /** The model asked for last; sent with init, or at once when the engine already runs. */
  private wanted = 'tiny';
  /** The model in use, once one is ready. */
  loaded: ReadyMessage | null = null;
  private readonly listeners = new Set<(e: ModelEvent) => void>();

  constructor(private readonly options: ClientOptions) {
    this.ready = new Promise((res, rej) => {
      this.readyResolve = res;
      this.readyReject = rej;
    });
    this.ready.catch(() => {});
  }

  /** Starts loading now (e.g. when the reader first touches an input). */
  start(): void {
    if (this.port) return;
    const init: Request = {
      type: 'init',
      base: this.options.base,
      backend: this.options.backend,
      model: this.wanted,
    };
    const opened = openPort<PortRequest, Response>({
      init,
      noWorker: this.options.noWorker,
      worker: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }),
      inPage: () => import('./in-page').then(({ createInPage }) => createInPage),
      receive: (m) => this.receive(m),
      fail: (where, detail) =>
        this.fail(
          where === 'worker'
            ? `The model worker failed to start: ${detail}`
            : `The model could not load: ${detail}`,
        ),
    });
    this.port = opened.port;
    this.mode = opened.mode;
  }

  /** Asks for another model; the current one answers until it is ready (see onModel). */
  use(name: string): void {
    if (name === this.wanted) return;
    this.wanted = name;
    this.port?.send({ type: 'load', model: name });
  }

  /** The name asked for last (it may still be loading). */
  get wantedModel(): string {
    return this.wanted;
  }

  /** Calls `listener` on each model that becomes ready or fails to load; returns the unsubscribe. */
  onModel(listener: (e: ModelEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs one request for a figure; an older request of the same channel resolves 'stale'. */
  run(channel: string, input: RunInput): Promise<Outcome> {
    return this.send(channel, (id) => ({ type: 'run', id, channel, ...input })) as Promise<Outcome>;
  }

  /** The attention explorer's request, on the same per-channel stale logic as run. */
  explain(channel: string, input: ExplainInput): Promise<ExplainOutcome> {
    return this.send(channel, (id) => ({
      type: 'explain',
      id,
      channel,
      ...input,
    })) as Promise<ExplainOutcome>;
  }

  /** Copies of weight tensors of the model in use (by OpenAI name), on the same stale logic as run. */
  weights(channel: string, names: string[]): Promise<WeightsOutcome> {
    return this.send(channel, (id) => ({
      type: 'weights',
      id,
      channel,
      names: [...names],
    })) as Promise<WeightsOutcome>;
  }

  private send(channel: string, request: (id: number) => PortRequest): Promise<AnyOutcome> {
    this.start();
    if (this.failed) return Promise.resolve({ status: 'error', message: this.failed });
    const id = this.nextId++;
    this.latest.set(channel, id);
    return new Promise((resolve) => {
      this.waiting.set(id, { channel, resolve });
      this.port!.send(request(id));
    });
  }

  private fail(message: string): void {
    this.failed = message;
    this.readyReject(new Error(message));
    for (const [id, w] of this.waiting) {
      this.waiting.delete(id);
      w.resolve({ status: 'error', message });
    }
  }

  private receive(msg: Response): void {
    if (msg.type === 'ready' || msg.type === 'load-error') {
      if (msg.type === 'ready') {
        this.loaded = msg;
        this.readyResolve(msg);
      }
      for (const listener of this.listeners) listener(msg);
      return;
    }
    if (msg.type === 'fatal') return this.fail(`The model could not load: ${msg.message}`);
    const w = this.waiting.get(msg.id);
    if (!w) return;
    this.waiting.delete(msg.id);
    const stale = msg.type === 'stale' || this.latest.get(w.channel) !== msg.id;
    if (stale) w.resolve({ status: 'stale' });
    else if (msg.type === 'error') w.resolve({ status: 'error', message: msg.message });
    else w.resolve({ status: 'ok', result: msg });
  }
}

let shared: ModelClient | null = null;

/** The page's client; ?backend=wasm|webgl|cpu forces a backend, ?worker=0 runs in the page. */
export function getClient(base = '/'): ModelClient {
  if (!shared) {
    const params = new URLSearchParams(typeof location === 'undefined' ? '' : location.search);
    shared = new ModelClient({
      base,
      backend: parseBackend(params.get('backend')),
      noWorker: params.get('worker') === '0',
    });
  }
  return shared;
}
