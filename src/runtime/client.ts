// The page's side of the model: one shared client per page that starts the worker on first use (or runs
// the engine in the page when Worker is unavailable), numbers requests, and resolves each figure's
// request with its result, an error message, or 'stale' when newer input from the same figure won.
// An engine that could not start (offline, a worker script that did not load) is dropped: the waiting
// requests get the message, and the next request starts a fresh one.
import { parseBackend } from './backend-name';
import { type RuntimeStrings, runtimeStrings } from './messages';
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
  /** The page's language, for the messages the client and the engine write ('en' when absent). */
  lang?: string;
}

export class ModelClient {
  private port: Port<PortRequest> | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, { channel: string; resolve: (o: AnyOutcome) => void }>();
  private readonly latest = new Map<string, number>();
  private readyResolve!: (m: ReadyMessage) => void;
  private readyReject!: (e: Error) => void;
  private readyPromise!: Promise<ReadyMessage>;
  private readyFailed = false;
  /** The worker of the current start, ended when that start fails. */
  private worker: Worker | null = null;
  /** Counts starts: messages from an engine that failed and was dropped are ignored. */
  private generation = 0;
  private readonly say: RuntimeStrings;
  /** 'worker' or 'page', once started. */
  mode: 'worker' | 'page' | null = null;
  /** The engine runs in the page because this browser has no Worker (not because ?worker=0 asked). */
  noWorkerHere = false;
  /** The model asked for last; sent with init, or at once when the engine already runs. */
  private wanted = 'tiny';
  /** The model in use, once one is ready. */
  loaded: ReadyMessage | null = null;
  private readonly listeners = new Set<(e: ModelEvent) => void>();

  constructor(private readonly options: ClientOptions) {
    this.say = runtimeStrings(options.lang);
    this.renewReady();
  }

  /**
   * Resolves when the model is loaded; rejects if the start fails (the next request starts again, with a
   * new promise here).
   */
  get ready(): Promise<ReadyMessage> {
    return this.readyPromise;
  }

  private renewReady(): void {
    this.readyFailed = false;
    this.readyPromise = new Promise((res, rej) => {
      this.readyResolve = res;
      this.readyReject = rej;
    });
    this.readyPromise.catch(() => {});
  }

  /** Starts loading now (e.g. when the reader first touches an input); again after a failed start. */
  start(): void {
    if (this.port) return;
    if (this.readyFailed) this.renewReady();
    const generation = ++this.generation;
    const current = (): boolean => generation === this.generation;
    const init: Request = {
      type: 'init',
      base: this.options.base,
      backend: this.options.backend,
      model: this.wanted,
      lang: this.options.lang,
    };
    const opened = openPort<PortRequest, Response>({
      init,
      noWorker: this.options.noWorker,
      worker: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }),
      inPage: () => import('./in-page').then(({ createInPage }) => createInPage),
      receive: (m) => current() && this.receive(m),
      fail: (where, detail) => {
        if (!current()) return;
        const why = detail === 'unknown error' ? this.say.unknownError : detail;
        this.fail(where === 'worker' ? this.say.workerFailed(why) : this.say.couldNotLoad(why), offline());
      },
      open: current,
    });
    this.port = opened.port;
    this.worker = opened.worker;
    this.mode = opened.mode;
    this.noWorkerHere = opened.mode === 'page' && !this.options.noWorker;
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
    const id = this.nextId++;
    this.latest.set(channel, id);
    return new Promise((resolve) => {
      this.waiting.set(id, { channel, resolve });
      this.port!.send(request(id));
    });
  }

  /**
   * This start failed: every waiting request gets the message (the network's when it is the cause) and
   * the engine is dropped, so the next request starts a fresh one.
   */
  private fail(message: string, network: boolean): void {
    const shown = network ? this.say.offline : message;
    this.worker?.terminate();
    this.worker = null;
    this.port = null;
    this.generation++;
    this.readyReject(new Error(shown));
    this.readyFailed = true;
    for (const [id, w] of this.waiting) {
      this.waiting.delete(id);
      w.resolve({ status: 'error', message: shown });
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
    if (msg.type === 'fatal')
      return this.fail(this.say.couldNotLoad(msg.message), Boolean(msg.network) || offline());
    const w = this.waiting.get(msg.id);
    if (!w) return;
    this.waiting.delete(msg.id);
    const stale = msg.type === 'stale' || this.latest.get(w.channel) !== msg.id;
    if (stale) w.resolve({ status: 'stale' });
    else if (msg.type === 'error') w.resolve({ status: 'error', message: msg.message });
    else {
      if (this.noWorkerHere && msg.type !== 'weights') msg.notes = [...msg.notes, this.say.mainThread];
      w.resolve({ status: 'ok', result: msg });
    }
  }
}

/** The browser says it has no network. */
const offline = (): boolean => typeof navigator !== 'undefined' && navigator.onLine === false;

let shared: ModelClient | null = null;

/** The page's client; ?backend=wasm|webgl|cpu forces a backend, ?worker=0 runs in the page. */
export function getClient(base = '/'): ModelClient {
  if (!shared) {
    const params = new URLSearchParams(typeof location === 'undefined' ? '' : location.search);
    shared = new ModelClient({
      base,
      backend: parseBackend(params.get('backend')),
      noWorker: params.get('worker') === '0',
      lang: typeof document === 'undefined' ? undefined : document.documentElement.lang || undefined,
    });
  }
  return shared;
}
