// Where a client's messages go: a module worker when the browser has one, else the same host in the page,
// loaded by dynamic import (so TF.js still loads only on demand). Messages sent before the in-page host
// has loaded wait in order; the returned port never changes.
export interface Port<Req> {
  send(m: Req): void;
}

export interface PortOptions<Req, Res> {
  init: Req;
  noWorker?: boolean;
  /** Creates the worker; a literal `new Worker(new URL(...), ...)` here lets the bundler find it. */
  worker: () => Worker;
  /** Loads the in-page host. */
  inPage: () => Promise<(reply: (m: Res) => void) => Port<Req>>;
  receive: (m: Res) => void;
  /** The worker reported an error ('worker') or the in-page host failed to load ('page'). */
  fail: (where: 'worker' | 'page', detail: string) => void;
  /** False once the client has closed: a late in-page host is then not started. */
  open?: () => boolean;
}

export interface Opened<Req> {
  port: Port<Req>;
  mode: 'worker' | 'page';
  worker: Worker | null;
}

export function openPort<Req, Res>(o: PortOptions<Req, Res>): Opened<Req> {
  if (!o.noWorker && typeof Worker !== 'undefined') {
    try {
      const worker = o.worker();
      worker.onmessage = (e: MessageEvent<Res>) => o.receive(e.data);
      worker.onerror = (e) => o.fail('worker', e.message || 'unknown error');
      worker.postMessage(o.init);
      return { port: { send: (m) => worker.postMessage(m) }, mode: 'worker', worker };
    } catch {
      // fall through to the page
    }
  }
  let host: Port<Req> | null = null;
  const queue: Req[] = [o.init];
  o.inPage().then(
    (create) => {
      if (o.open && !o.open()) return;
      host = create(o.receive);
      for (const m of queue.splice(0)) host.send(m);
    },
    (err: Error) => o.fail('page', err.message),
  );
  return { port: { send: (m) => (host ? host.send(m) : queue.push(m)) }, mode: 'page', worker: null };
}
