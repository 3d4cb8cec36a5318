// What the worker and the in-page fallback share for models: start the engine on the model asked for
// (tiny when that one cannot load, so the figures still work), and switch later; every outcome is
// reported as a message.
import { backendThreads, initBackend } from './backend';
import { Engine } from './engine';
import type { InitRequest, LoadErrorMessage, ReadyMessage, Response } from './protocol';

const readyOf = (e: Engine): ReadyMessage => ({
  type: 'ready',
  backend: e.backend,
  threads: backendThreads(),
  model: e.modelName,
  config: e.config,
});

const loadError = (model: string, err: unknown): LoadErrorMessage => ({
  type: 'load-error',
  model,
  message: (err as Error).message,
});

/** Resolves to the started engine after its 'ready' was sent; rejects when not even tiny loads. */
export async function startEngine(msg: InitRequest, reply: (m: Response) => void): Promise<Engine> {
  const name = msg.model ?? 'tiny';
  // The tiny model's kernels are too small to share: two threads made its encoders slower (npm run bench).
  const backend = await initBackend(msg.base, msg.backend, name === 'tiny' ? 1 : undefined);
  let engine: Engine;
  try {
    engine = await Engine.load(msg.base, backend, name);
  } catch (err) {
    if (name === 'tiny') throw err;
    reply(loadError(name, err));
    engine = await Engine.load(msg.base, backend);
  }
  reply(readyOf(engine));
  return engine;
}

/** Switches the engine to `name` once it runs; a superseded switch says nothing. */
export async function switchModel(
  engine: Promise<Engine>,
  base: string,
  name: string,
  reply: (m: Response) => void,
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
    reply(loadError(name, err));
  }
}
