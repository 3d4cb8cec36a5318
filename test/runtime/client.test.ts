// The page-side client over a fake engine port: request ids, stale results dropped per channel,
// errors passed on as messages, a failed load answered as an error, never a throw.
import { describe, expect, it, vi } from 'vitest';
import type { Request, Response } from '../../src/runtime/protocol';

let behaviour: 'ok' | 'error' | 'fatal' = 'ok';

vi.mock('../../src/runtime/in-page', () => ({
  createInPage(reply: (m: Response) => void) {
    const pending = new Map<string, Extract<Request, { type: 'run' }>>();
    return {
      send(msg: Request) {
        if (msg.type === 'init') {
          setTimeout(() =>
            behaviour === 'fatal'
              ? reply({ type: 'fatal', message: 'no model' })
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
});
