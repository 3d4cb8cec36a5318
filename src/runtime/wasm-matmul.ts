// The fused linear kernel of src/clip/fused.ts for TF.js's wasm backend: src/kernels/matmul.ts, with
// relaxed SIMD's fused multiply-add where the engine validates it. TF.js 4.22 runs these products through
// XNNPACK at 13-22 GFLOP/s in Node; this kernel reaches 23-39 (measured on ViT-B/32's shapes). Each weight
// is packed once into the module's memory, on its first use, and freed when TF.js has disposed it.
import { WASM_BASE64 as FMA } from './matmul-wasm.generated';
import { WASM_BASE64 as PLAIN } from './matmul-plain-wasm.generated';
import { WASM_BASE64 as SHARED } from './matmul-shared-wasm.generated';
import { Helpers, type Spawn, spawnWorker } from './matmul-threads';

interface MatMulModule {
  memory: WebAssembly.Memory;
  heapBase(): number;
  packedFloats(k: number, n: number): number;
  packB(b: number, k: number, n: number, dst: number): void;
  matmul(
    a: number,
    m: number,
    k: number,
    b: number,
    bias: number,
    n: number,
    c: number,
    p0: number,
    p1: number,
  ): void;
}

/** Columns per packed panel, as in src/kernels/matmul.ts. */
const PANEL = 16;

/** Products below this many flops run on the calling thread alone: waking a helper costs more. */
const MIN_SHARED_FLOPS = 4e6;

const align = (bytes: number): number => (bytes + 15) & ~15;

/** First-fit allocation of 16-byte-aligned blocks in a module's memory past its data; grows the memory. */
export class Arena {
  private readonly free: { at: number; bytes: number }[] = [];
  private readonly base: number;
  private top: number;

  constructor(
    private readonly memory: WebAssembly.Memory,
    base: number,
  ) {
    this.base = align(base);
    this.top = this.base;
  }

  alloc(size: number): number {
    const bytes = align(Math.max(size, 1));
    const i = this.free.findIndex((b) => b.bytes >= bytes);
    if (i >= 0) {
      const block = this.free[i]!;
      const at = block.at;
      if (block.bytes === bytes) this.free.splice(i, 1);
      else Object.assign(block, { at: at + bytes, bytes: block.bytes - bytes });
      return at;
    }
    const at = this.top;
    this.top += bytes;
    const have = this.memory.buffer.byteLength;
    if (this.top > have) this.memory.grow(Math.ceil((this.top - have) / 65536));
    return at;
  }

  release(at: number, size: number): void {
    this.free.push({ at, bytes: align(Math.max(size, 1)) });
    this.free.sort((a, b) => a.at - b.at);
    for (let i = this.free.length - 1; i > 0; i--) {
      const prev = this.free[i - 1]!;
      const cur = this.free[i]!;
      if (prev.at + prev.bytes === cur.at) {
        prev.bytes += cur.bytes;
        this.free.splice(i, 1);
      }
    }
    const last = this.free[this.free.length - 1];
    if (last && last.at + last.bytes === this.top) {
      this.top = last.at;
      this.free.pop();
    }
  }

  /** Bytes in use, free blocks excluded. */
  get used(): number {
    return this.top - this.base - this.free.reduce((s, b) => s + b.bytes, 0);
  }
}

interface Packed {
  at: number;
  bytes: number;
  k: number;
  n: number;
}

export interface MatMulOptions {
  /** Use relaxed SIMD's fused multiply-add where the engine validates it (default true). */
  fma?: boolean;
  /** Threads to compute with, the caller's included (default 1). */
  threads?: number;
  /** How helper threads start (default: a worker from a Blob, where blocking waits are allowed). */
  spawn?: Spawn;
}

/** Where a helper may run: shared memory exists, and the caller is not a page's main thread. */
function canShare(spawn: Spawn | undefined): boolean {
  if (typeof SharedArrayBuffer === 'undefined') return false;
  if (spawn) return true;
  return (
    typeof Worker !== 'undefined' && typeof window === 'undefined' && globalThis.crossOriginIsolated === true
  );
}

/** The linear kernel; weights are packed per TF.js dataId, and `alive` says whether TF.js still holds one. */
export class MatMul {
  readonly fma: boolean;
  /** Threads it computes with, once the helpers have started. */
  readonly threads: number;
  private readonly k: MatMulModule;
  private readonly memory: WebAssembly.Memory;
  private readonly arena: Arena;
  private readonly helpers: Helpers | null = null;
  private readonly packed = new Map<object, Packed>();
  private scratch = { at: 0, bytes: 0 };

  constructor(options: MatMulOptions = {}) {
    const fmaBytes = bytesOf(FMA);
    this.fma = (options.fma ?? true) && WebAssembly.validate(fmaBytes);
    const threads = Math.max(1, Math.floor(options.threads ?? 1));
    const shared = threads > 1 && this.fma && canShare(options.spawn) ? sharedModule() : null;
    if (shared) {
      this.k = shared.exports;
      this.memory = shared.memory;
      this.helpers = new Helpers(shared.module, shared.memory, threads - 1, options.spawn ?? spawnWorker);
    } else {
      const bytes = this.fma ? fmaBytes : bytesOf(PLAIN);
      this.k = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as MatMulModule;
      this.memory = this.k.memory;
    }
    this.threads = shared ? threads : 1;
    this.arena = new Arena(this.memory, this.k.heapBase());
  }

  /** Whether every helper thread has started (true without helpers). */
  get ready(): boolean {
    return this.helpers?.ready ?? true;
  }

  /** Bytes this module holds: packed weights and the scratch for activations. */
  get bytesUsed(): number {
    return this.arena.used;
  }

  get weightsHeld(): number {
    return this.packed.size;
  }

  /** c [m, n] = a [m, k] @ w [k, n] + bias [n]; w is packed on its first use under `key`. */
  run(
    a: Float32Array,
    m: number,
    key: object,
    w: () => Float32Array,
    k: number,
    n: number,
    bias: Float32Array | null,
    c: Float32Array,
    alive: (key: object) => boolean,
  ): void {
    const packed = this.pack(key, w, k, n, alive);
    const aBytes = align(m * k * 4);
    const biasBytes = bias ? align(n * 4) : 0;
    const at = this.scratchOf(aBytes + biasBytes + m * n * 4);
    const biasAt = bias ? at + aBytes : 0;
    const cAt = at + aBytes + biasBytes;
    const mem = new Float32Array(this.memory.buffer);
    mem.set(a, at / 4);
    if (bias) mem.set(bias, biasAt / 4);
    const panels = Math.ceil(n / PANEL);
    const helpers = this.helpers?.ready && 2 * m * k * n >= MIN_SHARED_FLOPS ? this.helpers : null;
    const per = Math.ceil(panels / ((helpers?.count ?? 0) + 1));
    const jobs: [number, number][] = [];
    for (let i = 0; helpers && (i + 1) * per < panels; i++) {
      const range = [(i + 1) * per, Math.min(panels, (i + 2) * per)];
      jobs.push([i, helpers.post(i, [at, m, k, packed.at, biasAt, n, cAt, ...range])]);
    }
    this.k.matmul(at, m, k, packed.at, biasAt, n, cAt, 0, Math.min(per, panels));
    for (const [i, seq] of jobs) helpers!.wait(i, seq);
    c.set(mem.subarray(cAt / 4, cAt / 4 + m * n));
  }

  private pack(
    key: object,
    w: () => Float32Array,
    k: number,
    n: number,
    alive: (key: object) => boolean,
  ): Packed {
    const have = this.packed.get(key);
    if (have && have.k === k && have.n === n) return have;
    for (const [old, p] of this.packed)
      if (old === key || !alive(old)) {
        this.arena.release(p.at, p.bytes);
        this.packed.delete(old);
      }
    const bytes = this.k.packedFloats(k, n) * 4;
    const at = this.arena.alloc(bytes);
    const raw = this.arena.alloc(k * n * 4);
    new Float32Array(this.memory.buffer).set(w(), raw / 4);
    this.k.packB(raw, k, n, at);
    this.arena.release(raw, k * n * 4);
    const entry = { at, bytes, k, n };
    this.packed.set(key, entry);
    return entry;
  }

  private scratchOf(bytes: number): number {
    if (bytes > this.scratch.bytes) {
      if (this.scratch.bytes) this.arena.release(this.scratch.at, this.scratch.bytes);
      this.scratch = { at: this.arena.alloc(bytes), bytes };
    }
    return this.scratch.at;
  }
}

/** The shared build over a new shared memory, or null where the engine refuses either. */
function sharedModule(): {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  exports: MatMulModule;
} | null {
  try {
    const module = new WebAssembly.Module(bytesOf(SHARED));
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
    const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as MatMulModule;
    return { module, memory, exports };
  } catch {
    return null;
  }
}

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
}
