// openPort: a worker when there is one (init first, then messages in order, its errors reported), else the
// in-page host, loaded later, with every message sent meanwhile delivered in order; a closed client never
// starts a late host, and a host that cannot load is reported.
import { afterEach, describe, expect, it } from 'vitest';
import { openPort, type Port } from '../../src/runtime/port';

type Msg = { n: number };

class FakeWorker {
  posted: Msg[] = [];
  onmessage: ((e: MessageEvent<Msg>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  postMessage(m: Msg) {
    this.posted.push(m);
  }
}

const g = globalThis as { Worker?: unknown };
const hadWorker = 'Worker' in g;
afterEach(() => {
  if (!hadWorker) delete g.Worker;
});

function options(over: Partial<Parameters<typeof openPort<Msg, Msg>>[0]> = {}) {
  const received: Msg[] = [];
  const failures: string[] = [];
  const hostGot: Msg[] = [];
  let reply: ((m: Msg) => void) | null = null;
  const o = {
    init: { n: 0 },
    worker: () => new FakeWorker() as unknown as Worker,
    inPage: () =>
      Promise.resolve((r: (m: Msg) => void): Port<Msg> => {
        reply = r;
        return { send: (m) => hostGot.push(m) };
      }),
    receive: (m: Msg) => received.push(m),
    fail: (where: 'worker' | 'page', detail: string) => failures.push(`${where}: ${detail}`),
    ...over,
  };
  return { o, received, failures, hostGot, reply: (m: Msg) => reply!(m) };
}

describe('openPort', () => {
  it('uses the worker: init first, then each message; replies and errors come back', () => {
    g.Worker = FakeWorker;
    let made: FakeWorker | null = null;
    const t = options({ worker: () => (made = new FakeWorker()) as unknown as Worker });
    const opened = openPort(t.o);
    opened.port.send({ n: 1 });
    opened.port.send({ n: 2 });
    expect(opened.mode).toBe('worker');
    expect(made!.posted).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
    made!.onmessage!({ data: { n: 9 } } as MessageEvent<Msg>);
    made!.onerror!({ message: 'boom' } as ErrorEvent);
    made!.onerror!({ message: '' } as ErrorEvent);
    expect(t.received).toEqual([{ n: 9 }]);
    expect(t.failures).toEqual(['worker: boom', 'worker: unknown error']);
  });

  it('falls back to the page when the worker cannot be made, keeping the order of early messages', async () => {
    g.Worker = FakeWorker;
    const t = options({
      worker: () => {
        throw new Error('no module workers');
      },
    });
    const opened = openPort(t.o);
    expect(opened.mode).toBe('page');
    expect(opened.worker).toBeNull();
    opened.port.send({ n: 1 });
    expect(t.hostGot).toEqual([]);
    await Promise.resolve();
    await Promise.resolve();
    opened.port.send({ n: 2 });
    expect(t.hostGot).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
    t.reply({ n: 7 });
    expect(t.received).toEqual([{ n: 7 }]);
  });

  it('uses the page when asked to, or when there is no Worker at all', async () => {
    g.Worker = FakeWorker;
    expect(openPort(options({ noWorker: true }).o).mode).toBe('page');
    delete g.Worker;
    expect(openPort(options().o).mode).toBe('page');
  });

  it('never starts a host that loads after the client closed, and reports a host that fails to load', async () => {
    delete g.Worker;
    let open = true;
    const closed = options({ open: () => open });
    openPort(closed.o).port.send({ n: 1 });
    open = false;
    await new Promise((r) => setTimeout(r, 0));
    expect(closed.hostGot).toEqual([]);
    const broken = options({ inPage: () => Promise.reject(new Error('chunk missing')) });
    openPort(broken.o);
    await new Promise((r) => setTimeout(r, 0));
    expect(broken.failures).toEqual(['page: chunk missing']);
  });
});
