// What the worker and the in-page fallback share for models: start the engine on the model asked for
// (tiny when that one cannot load, so the figures still work), and switch later; every outcome is
// reported as a message, in the page's language (InitRequest.lang), and a download that got no answer
// is reported as such (FatalMessage.network), so the page can say "offline" and try again.
import { backendThreads, initBackend } from './backend';
import { Engine } from './engine';
import { isNetworkError, runtimeStrings } from './messages';
import type { FatalMessage, InitRequest, LoadErrorMessage, ReadyMessage, Response } from './protocol';

const readyOf = (e: Engine): ReadyMessage => ({
  type: 'ready',
  backend: e.backend,
  threads: backendThreads(),
  model: e.modelName,
  config: e.config,
});

const loadError = (model: string, err: unknown, lang: string | undefined): LoadErrorMessage => ({
  type: 'load-error',
  model,
  message: isNetworkError(err) ? runtimeStrings(lang).offlineDetail : (err as Error).message,
});

/** The message for an engine that could not start at all (not even tiny). */
export const fatalOf = (err: unknown): FatalMessage => ({
  type: 'fatal',
  message: (err as Error).message,
  network: isNetworkError(err),
});

/**
 * Resolves to the started engine after its 'ready' was sent; rejects when not even tiny loads. `threads`
 * caps the wasm backend's threads (the cell worker runs one: it starts no helper workers).
 */
export async function startEngine(
  msg: InitRequest,
  reply: (m: Response) => void,
  threads?: number,
): Promise<Engine> {
  const name = msg.model ?? 'tiny';
  // The tiny model's kernels are too small to share: two threads made its encoders slower (npm run bench).
  const backend = await initBackend(msg.base, msg.backend, threads ?? (name === 'tiny' ? 1 : undefined));
  let engine: Engine;
  try {
    engine = await Engine.load(msg.base, backend, name);
  } catch (err) {
    if (name === 'tiny') throw err;
    reply(loadError(name, err, msg.lang));
    engine = await Engine.load(msg.base, backend);
  }
  engine.speak(msg.lang);
  reply(readyOf(engine));
  return engine;
}

/** Switches the engine to `name` once it runs; a superseded switch says nothing. */
export async function switchModel(
  engine: Promise<Engine>,
  base: string,
  name: string,
  reply: (m: Response) => void,
  lang?: string,
): Promise<void> {
  let e: Engine;
  try {
    e = await engine;
  } catch {
    return; // reported as fatal already
  }
  try {
    if (await e.switchTo(base, name)) reply(readyOf(e));
  } catch (err) {
    reply(loadError(name, err, lang));
  }
}
