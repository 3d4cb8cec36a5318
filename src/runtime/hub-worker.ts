// The hub conversion off the main thread: reads a repository (listing, config, headers), offers its sizes,
// and on the reader's word streams it into Cache Storage. One job at a time; a new read cancels the last.
import { Hub, parseRepoRef } from '../weights/hub';
import { HubError } from '../weights/hub-error';
import type { HubModel } from '../weights/hub-model';
import type { StoreDtype } from '../weights/shards';
import type { Port } from './port';
import type { HubRequest, HubResponse } from './hub-protocol';
import { type HubOffer, convertHubModel, offerHubModel } from './hub-store';

interface Job {
  id: number;
  controller: AbortController;
  base: string;
  dtype: StoreDtype;
  found?: { offer: HubOffer; model: HubModel };
}

const failure = (job: number, err: unknown): HubResponse =>
  err instanceof HubError
    ? { type: 'error', job, kind: err.kind, message: err.message }
    : { type: 'error', job, kind: 'format', message: (err as Error).message };

export function createHubHost(reply: (m: HubResponse) => void): Port<HubRequest> {
  let job: Job | null = null;
  // Progress is sent at most every 100 ms: chunks arrive far more often than a bar can show.
  let last = 0;
  const progress = (id: number) => (done: number, total: number) => {
    const now = Date.now();
    if (now - last < 100 && done < total) return;
    last = now;
    reply({ type: 'progress', job: id, done, total });
  };

  const read = async (m: Extract<HubRequest, { type: 'read' }>): Promise<void> => {
    job?.controller.abort();
    const current: Job = { id: m.job, controller: new AbortController(), base: m.base, dtype: m.dtype };
    job = current;
    try {
      const hub = new Hub(m.endpoint);
      current.found = await offerHubModel(hub, parseRepoRef(m.input), m.dtype, m.base, {
        signal: current.controller.signal,
      });
      if (job === current) reply({ type: 'offer', job: m.job, offer: current.found.offer });
    } catch (err) {
      if (job === current) reply(failure(m.job, err));
    }
  };

  const convert = async (id: number): Promise<void> => {
    const current = job;
    if (!current || current.id !== id || !current.found) return;
    try {
      const { offer, model } = current.found;
      const manifest = await convertHubModel(offer, model, current.dtype, current.base, {
        signal: current.controller.signal,
        onProgress: progress(id),
      });
      reply({ type: 'done', job: id, manifest });
    } catch (err) {
      reply(failure(id, err));
    }
  };

  return {
    send(m) {
      if (m.type === 'read') void read(m);
      else if (m.type === 'convert') void convert(m.job);
      else if (m.type === 'cancel' && job?.id === m.job) job.controller.abort();
    },
  };
}

// As a worker: the same host on the worker's own port.
const scope = globalThis as unknown as {
  postMessage?: (m: HubResponse) => void;
  addEventListener?: (t: 'message', f: (e: MessageEvent<HubRequest>) => void) => void;
  document?: unknown;
};
if (scope.document === undefined && typeof scope.postMessage === 'function' && scope.addEventListener) {
  const host = createHubHost((m) => scope.postMessage!(m));
  scope.addEventListener('message', (e) => host.send(e.data));
}
