// Helper threads for the kernel module (kernel-module.ts): workers that instantiate the same module over the
// same shared memory and each compute a range of a kernel's work. The caller signals a job by bumping a counter
// in a SharedArrayBuffer and waits for each helper's answer with Atomics.wait: synchronous, as a TF.js
// kernel must be, so only where blocking is allowed (a worker, never a page's main thread).

/** Int32 slots per helper in the control buffer, 64 bytes apart so that helpers share no cache line. */
const SLOT = 16;
/** Slot fields: job counter, last job done, ready flag, the kernel, then up to twelve arguments. */
const SEQ = 0;
const DONE = 1;
const READY = 2;
const OP = 3;
const ARGS = 4;

/** The kernels a helper runs, by the number in the slot's OP field (helperMain's switch). */
export const OP_MATMUL = 0;
export const OP_ATTENTION = 1;
/** Its last argument, epsilon, travels as a float32's bits. */
export const OP_LAYER_NORM = 2;

/** What a helper is sent once: the compiled module, the shared memory, the control buffer and its slot. */
export interface HelperStart {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  slot: number;
}

/** Starts one helper: posts it `start` and runs `helperMain` there. */
export type Spawn = (source: string, start: HelperStart) => void;

/**
 * The helper's whole program, sent as source text: it must use nothing outside its own body. It answers
 * jobs until the worker is terminated.
 */
export function helperMain(): void {
  self.addEventListener('message', function (event: MessageEvent) {
    const start = event.data as HelperStart;
    type Kernel = (...args: number[]) => void;
    const exports = new WebAssembly.Instance(start.module, { env: { memory: start.memory } }).exports;
    const kernels = [exports.matmul, exports.attention, exports.layerNorm] as Kernel[];
    const c = new Int32Array(start.control, start.slot * 16 * 4, 16);
    const f = new Float32Array(start.control, start.slot * 16 * 4, 16);
    Atomics.store(c, 2, 1);
    let seq = 0;
    for (;;) {
      // The products of one pass come a few hundred microseconds apart: spinning that long answers the
      // next one at once, where a sleeping thread takes tens of microseconds to wake.
      const until = performance.now() + 2;
      for (let i = 0; Atomics.load(c, 0) === seq; i++) {
        if ((i & 1023) === 0 && performance.now() > until) {
          Atomics.wait(c, 0, seq);
          break;
        }
      }
      seq = Atomics.load(c, 0);
      const op = c[3]!;
      // LayerNorm's seventh argument is epsilon, a float32 in the same slot.
      const last = op === 2 ? f[10]! : c[10]!;
      kernels[op]!(c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, last, c[11]!, c[12]!, c[13]!);
      Atomics.store(c, 1, seq);
      Atomics.notify(c, 1);
    }
  });
}

/** A worker running helperMain's source, in the browser (the Blob URL is resolved when the worker is made). */
export const spawnWorker: Spawn = (source, start) => {
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const worker = new Worker(url);
  URL.revokeObjectURL(url);
  worker.postMessage(start);
};

export class Helpers {
  private readonly control: Int32Array;

  constructor(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    readonly count: number,
    spawn: Spawn,
  ) {
    const buffer = new SharedArrayBuffer(count * SLOT * 4);
    this.control = new Int32Array(buffer);
    const source = `(${helperMain.toString()})();`;
    for (let slot = 0; slot < count; slot++) spawn(source, { module, memory, control: buffer, slot });
  }

  /** Whether every helper has started; until then the caller works alone. */
  get ready(): boolean {
    for (let i = 0; i < this.count; i++) if (Atomics.load(this.control, i * SLOT + READY) !== 1) return false;
    return true;
  }

  /** Hands helper `i` a kernel and its arguments; returns the job's number for `wait`. */
  post(i: number, op: number, args: readonly number[]): number {
    const at = i * SLOT;
    this.control[at + OP] = op;
    for (let j = 0; j < args.length; j++) this.control[at + ARGS + j] = args[j]! | 0;
    const seq = (this.control[at + SEQ]! + 1) | 0;
    Atomics.store(this.control, at + SEQ, seq);
    Atomics.notify(this.control, at + SEQ);
    return seq;
  }

  /** Spins for up to `spinMs` (the helper usually finishes about when the caller does), then sleeps. */
  wait(i: number, seq: number, spinMs = 1): void {
    const at = i * SLOT + DONE;
    const until = performance.now() + spinMs;
    for (let n = 0; Atomics.load(this.control, at) !== seq; n++)
      if ((n & 1023) === 0 && performance.now() > until) break;
    for (let done = Atomics.load(this.control, at); done !== seq; done = Atomics.load(this.control, at))
      Atomics.wait(this.control, at, done);
  }
}
