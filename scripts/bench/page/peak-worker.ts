// The wasm SIMD peak's module worker (bundled by scripts/bench/browser.ts, driven by
// scripts/bench/wasm-peak.ts). Started by the page, it times scripts/bench/peak/peak.ts alone and, for N threads, together with N - 1
// helper workers it starts from the same script: every thread instantiates the module first, then a
// SharedArrayBuffer flag starts them at once, and their rates are summed.

export interface PeakRequest {
  builds: { name: string; url: string }[];
  threads: number[];
  reps: number;
  /** Length of one repetition in one thread, ms. */
  targetMs: number;
}

export interface PeakReply {
  ok: boolean;
  samples?: { build: string; threads: number; gflops: number[] }[];
  error?: string;
}

interface Peak {
  run: (steps: number, m: number) => number;
  chains: () => number;
}

type HelperMessage =
  { kind: 'ping' } | { kind: 'run'; module: WebAssembly.Module; steps: number; flags: Int32Array };

declare const self: DedicatedWorkerGlobalScope;

const READY = 0;
const GO = 1;
const M = 0.999;

const instances = new WeakMap<WebAssembly.Module, Peak>();
function instance(module: WebAssembly.Module): Peak {
  let p = instances.get(module);
  if (!p) {
    p = new WebAssembly.Instance(module).exports as unknown as Peak;
    instances.set(module, p);
  }
  return p;
}

function timed(p: Peak, steps: number): number {
  const start = performance.now();
  if (!Number.isFinite(p.run(steps, M))) throw new Error('the peak loop diverged');
  return performance.now() - start;
}

function helper(m: HelperMessage): void {
  if (m.kind === 'ping') return self.postMessage({ kind: 'pong' });
  const p = instance(m.module);
  Atomics.add(m.flags, READY, 1);
  Atomics.notify(m.flags, READY);
  Atomics.wait(m.flags, GO, 0);
  self.postMessage({ kind: 'ms', ms: timed(p, m.steps) });
}

const reply = (w: Worker): Promise<{ kind: string; ms?: number }> =>
  new Promise((resolve, reject) => {
    w.onmessage = (e) => resolve(e.data);
    w.onerror = (e) => reject(new Error(`peak helper: ${e.message}`));
  });

/** One repetition in 1 + helpers.length threads started together: summed GFLOP/s. */
async function together(module: WebAssembly.Module, steps: number, helpers: Worker[]): Promise<number> {
  const p = instance(module);
  const flags = new Int32Array(new SharedArrayBuffer(8));
  const replies = helpers.map(reply);
  for (const h of helpers) h.postMessage({ kind: 'run', module, steps, flags } satisfies HelperMessage);
  for (let ready = 0; ready < helpers.length; ready = Atomics.load(flags, READY)) {
    if (Atomics.wait(flags, READY, ready, 10_000) === 'timed-out') throw new Error('a peak helper hung');
  }
  Atomics.store(flags, GO, 1);
  Atomics.notify(flags, GO);
  const times = [timed(p, steps), ...(await Promise.all(replies)).map((r) => r.ms!)];
  const flops = 8 * p.chains() * steps;
  return times.reduce((sum, ms) => sum + flops / ms / 1e6, 0);
}

/** Steps for about `targetMs` in one thread; the doubling also lets the engine tier the loop up. */
function calibrate(module: WebAssembly.Module, targetMs: number): number {
  const p = instance(module);
  let steps = 1 << 14;
  let ms = timed(p, steps);
  while (ms < targetMs / 8) {
    steps *= 2;
    ms = timed(p, steps);
  }
  return Math.max(1, Math.round((steps * targetMs) / ms));
}

async function measure(req: PeakRequest): Promise<PeakReply> {
  const helpers = Array.from(
    { length: Math.max(...req.threads) - 1 },
    () => new Worker(self.location.href, { type: 'module' }),
  );
  try {
    await Promise.all(
      helpers.map((h) => {
        const pong = reply(h);
        h.postMessage({ kind: 'ping' } satisfies HelperMessage);
        return pong;
      }),
    );
    const builds = await Promise.all(
      req.builds.map(async (b) => {
        const module = await WebAssembly.compileStreaming(fetch(b.url));
        return { name: b.name, module, steps: calibrate(module, req.targetMs) };
      }),
    );
    const samples = builds.flatMap((b) =>
      req.threads.map((threads) => ({ build: b.name, threads, gflops: [] as number[] })),
    );
    // One untimed repetition first, then the builds and thread counts alternate, so a slow spell hits all.
    for (let rep = -1; rep < req.reps; rep++) {
      for (const s of samples) {
        const b = builds.find((x) => x.name === s.build)!;
        const gflops = await together(b.module, b.steps, helpers.slice(0, s.threads - 1));
        if (rep >= 0) s.gflops.push(gflops);
      }
    }
    return { ok: true, samples };
  } finally {
    for (const h of helpers) h.terminate();
  }
}

self.onmessage = (e: MessageEvent<PeakRequest | HelperMessage>) => {
  if ('kind' in e.data) return helper(e.data);
  measure(e.data).then(
    (r) => self.postMessage(r),
    (err: Error) => self.postMessage({ ok: false, error: String(err.message ?? err) }),
  );
};
