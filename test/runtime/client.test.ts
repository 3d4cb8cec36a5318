// The page-side client over a fake engine port: request ids, stale results dropped per channel,
// errors passed on as messages, a failed load answered as an error, never a throw, and a failed start
// (offline, a worker script that did not load) tried again on the next request.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Request, Response } from '../../src/runtime/protocol';
import { RUNTIME_STRINGS } from '../../src/runtime/messages';

let behaviour: 'ok' | 'error' | 'fatal' | 'offline' = 'ok';
/** How many engines the client started (one per init). */
let starts = 0;

vi.mock('../../src/runtime/in-page', () => ({
  createInPage(reply: (m: Response) => void) {
    const pending = new Map<string, Extract<Request, { type: 'run' }>>();
    return {
      send(msg: Request) {
        if (msg.type === 'init') {
          starts++;
          const now = behaviour;
          setTimeout(() =>
            now === 'fatal'
              ? reply({ type: 'fatal', message: 'no model' })
              : now === 'offline'
                ? reply({ type: 'fatal', message: 'Failed to fetch', network: true })
                : reply({ type: 'ready', backend: 'cpu', threads: 0, model: 'tiny', config: {} as never }),
          );
          return;
        }
        if (msg.type === 'load') return;
        const older = pending.get(msg.channel);
        if (older) reply({ type: 'stale', id: older.id, channel: older.channel });
        pending.set(msg.channel, msg);
        setTimeout(() => {
          if (pending.get(msg.channel) !== msg) return;
          pending.delete(msg.channel);
          if (behaviour === 'error')
            reply({ type: 'error', id: msg.id, channel: msg.channel, message: 'bad text' });
          else
            reply({
              type: 'result',
              id: msg.id,
              channel: msg.channel,
              trace: {},
              texts: [],
              images: [],
              backend: 'cpu',
              model: 'tiny',
              ms: 1,
              notes: [msg.texts?.[0] ?? ''],
              tensors: 0,
              bytes: 0,
            });
        }, 5);
      },
    };
  },
}));

const { ModelClient } = await import('../../src/runtime/client');

describe('ModelClient', () => {
  it('resolves older requests of a channel as stale and the newest with its result', async () => {
    behaviour = 'ok';
    const client = new ModelClient({ base: '/', noWorker: true });
    const first = client.run('a', { texts: ['one'], capture: [] });
    const second = client.run('a', { texts: ['two'], capture: [] });
    const other = client.run('b', { texts: ['three'], capture: [] });
    expect(await first).toEqual({ status: 'stale' });
    const s = await second;
    expect(s.status).toBe('ok');
    if (s.status === 'ok') expect(s.result.notes).toEqual(['two']);
    expect((await other).status).toBe('ok');
    expect((await client.ready).backend).toBe('cpu');
    expect(client.mode).toBe('page');
  });

  it('drops a weights reply that a newer weights request of the same figure overtook', async () => {
    behaviour = 'ok';
    const client = new ModelClient({ base: '/', noWorker: true });
    const first = client.weights('fig', ['visual.conv1.weight']);
    const second = client.weights('fig', ['visual.positional_embedding']);
    expect(await first).toEqual({ status: 'stale' });
    expect((await second).status).toBe('ok');
  });

  it('passes input errors on as messages', async () => {
    behaviour = 'error';
    const client = new ModelClient({ base: '/', noWorker: true });
    expect(await client.run('a', { texts: [''], capture: [] })).toEqual({
      status: 'error',
      message: 'bad text',
    });
  });

  it('answers every waiting request with an error when the model cannot load', async () => {
    behaviour = 'fatal';
    const client = new ModelClient({ base: '/', noWorker: true });
    const out = await client.run('a', { texts: ['x'], capture: [] });
    expect(out.status).toBe('error');
    if (out.status === 'error') expect(out.message).toMatch(/could not load: no model/);
    await expect(client.ready).rejects.toThrow(/no model/);
  });

  it('starts a fresh engine on the next request after a start that failed offline, and says so', async () => {
    behaviour = 'offline';
    starts = 0;
    const client = new ModelClient({ base: '/', noWorker: true });
    const first = await client.run('a', { texts: ['x'], capture: [] });
    expect(first).toEqual({ status: 'error', message: RUNTIME_STRINGS.en.offline });
    await expect(client.ready).rejects.toThrow(/offline/);
    behaviour = 'ok';
    const second = await client.run('a', { texts: ['y'], capture: [] });
    expect(second.status).toBe('ok');
    expect(starts).toBe(2);
    expect((await client.ready).backend).toBe('cpu');
  });

  it('writes the failure in the page language', async () => {
    behaviour = 'offline';
    const client = new ModelClient({ base: '/', noWorker: true, lang: 'es' });
    const out = await client.run('a', { texts: ['x'], capture: [] });
    expect(out).toEqual({ status: 'error', message: RUNTIME_STRINGS.es.offline });
  });

  describe('with a worker whose script does not load', () => {
    afterEach(() => vi.unstubAllGlobals());

    it('ends that worker, says the network is the cause when offline, and retries on the next request', async () => {
      const made: { terminated: boolean }[] = [];
      let online = false;
      class FakeWorker {
        onmessage: ((e: { data: Response }) => void) | null = null;
        onerror: ((e: { message: string }) => void) | null = null;
        terminated = false;
        constructor() {
          made.push(this);
          const loads = online;
          setTimeout(() => {
            if (!loads) return this.onerror?.({ message: '' });
            this.onmessage?.({
              data: { type: 'ready', backend: 'cpu', threads: 0, model: 'tiny', config: {} as never },
            });
          });
        }
        postMessage(m: Request): void {
          if (m.type !== 'run' || !online) return;
          setTimeout(() =>
            this.onmessage?.({
              data: {
                type: 'result',
                id: m.id,
                channel: m.channel,
                trace: {},
                texts: [],
                images: [],
                backend: 'cpu',
                model: 'tiny',
                ms: 1,
                notes: [],
                tensors: 0,
                bytes: 0,
              },
            }),
          );
        }
        terminate(): void {
          this.terminated = true;
        }
      }
      vi.stubGlobal('Worker', FakeWorker);
      vi.stubGlobal('navigator', {
        get onLine() {
          return online;
        },
      });
      const client = new ModelClient({ base: '/' });
      const first = await client.run('a', { texts: ['x'], capture: [] });
      expect(first).toEqual({ status: 'error', message: RUNTIME_STRINGS.en.offline });
      expect(made.map((w) => w.terminated)).toEqual([true]);
      online = true;
      const second = await client.run('a', { texts: ['y'], capture: [] });
      expect(second.status).toBe('ok');
      expect(made.map((w) => w.terminated)).toEqual([true, false]);
      expect(client.mode).toBe('worker');
    });
  });

  it('says in the status notes that the model runs on the main thread where the browser has no Worker', async () => {
    behaviour = 'ok';
    // No Worker global here (Node), and ?worker=0 was not asked: the page fallback is the browser's lack.
    const client = new ModelClient({ base: '/', lang: 'es' });
    const out = await client.run('a', { texts: ['x'], capture: [] });
    expect(out.status === 'ok' && out.result.notes).toEqual(['x', RUNTIME_STRINGS.es.mainThread]);
    const forced = new ModelClient({ base: '/', noWorker: true });
    const plain = await forced.run('a', { texts: ['x'], capture: [] });
    expect(plain.status === 'ok' && plain.result.notes).toEqual(['x']);
  });
});
