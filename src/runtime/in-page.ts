// The fallback when Worker is unavailable: the same engine and protocol, run in the page (loaded by
// dynamic import, so TF.js still arrives only when a figure computes). Requests are queued per channel
// and run one per macrotask, so typing stays responsive and stale requests are skipped as in the worker.
// Gradients (for the explorer's relevance) are registered here, as in the worker.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { Engine } from './engine';
import { fatalOf, startEngine, switchModel } from './host';
import type { ComputeRequest, PortRequest, Response } from './protocol';

export function createInPage(reply: (m: Response) => void): { send(m: PortRequest): void } {
  let engine: Promise<Engine> | null = null;
  let base = '/';
  let lang: string | undefined;
  const pending = new Map<string, ComputeRequest>();
  let scheduled = false;

  const step = async (): Promise<void> => {
    scheduled = false;
    if (!engine) return;
    let e: Engine;
    try {
      e = await engine;
    } catch {
      return; // reported as fatal already
    }
    const first = pending.entries().next();
    if (first.done) return;
    const [channel, req] = first.value;
    pending.delete(channel);
    try {
      reply(req.type === 'explain' ? e.explain(req) : req.type === 'weights' ? e.weights(req) : e.run(req));
    } catch (err) {
      reply({ type: 'error', id: req.id, channel, message: e.problem(err) });
    }
    schedule();
  };
  const schedule = (): void => {
    if (scheduled || pending.size === 0) return;
    scheduled = true;
    setTimeout(() => void step(), 0);
  };

  return {
    send(msg) {
      if (msg.type === 'init') {
        if (engine) return;
        base = msg.base;
        lang = msg.lang;
        engine = startEngine(msg, reply);
        engine.catch((err: unknown) => reply(fatalOf(err)));
        schedule();
        return;
      }
      if (msg.type === 'load') {
        if (engine) void switchModel(engine, base, msg.model, reply, lang);
        return;
      }
      const older = pending.get(msg.channel);
      if (older) reply({ type: 'stale', id: older.id, channel: older.channel });
      pending.set(msg.channel, msg);
      schedule();
    },
  };
}
