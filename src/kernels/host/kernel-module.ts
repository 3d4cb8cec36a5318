// The kernels of src/kernels/ in one WebAssembly module, for the fused kernels of src/clip/fused.ts on
// TF.js's wasm backend: the linear product (with relaxed SIMD's fused multiply-add where the engine
// validates it, and an activation applied as it writes), attention and LayerNorm. TF.js 4.22 runs the
// products through XNNPACK at 13-22 GFLOP/s in Node; this kernel reaches 23-39 (ViT-B/32's shapes). Each
// weight is packed once into the module's memory, on its first use, and freed when TF.js has disposed it.
// With helper threads, every kernel shares its work out: panels of b, (batch, head) pairs, rows.
import { Arena, align } from './arena';
import { WASM_BASE64 as FMA } from './kernels-wasm.generated';
import { WASM_BASE64 as PLAIN } from './kernels-plain-wasm.generated';
import { WASM_BASE64 as SHARED } from './kernels-shared-wasm.generated';
import { Helpers, OP_ATTENTION, OP_LAYER_NORM, OP_MATMUL, type Spawn, spawnWorker } from './kernel-threads';

interface Exports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  packedFloats(k: number, n: number): number;
  packB(b: number, k: number, n: number, dst: number): void;
  matmul(...args: number[]): void;
  scratchFloats(n: number, hd: number): number;
  attention(...args: number[]): void;
  layerNorm(x: number, gamma: number, beta: number, out: number, rows: number, d: number, eps: number): void;
}

/** The activation the linear kernel applies as it writes, as in src/kernels/activation.ts. */
export const ACTIVATIONS = { none: 0, quick_gelu: 1, gelu: 2 } as const;
export type Activation = keyof typeof ACTIVATIONS;

/** Columns per packed panel, as in src/kernels/matmul.ts. */
const PANEL = 16;

/** Work below this many flops runs on the calling thread alone: waking a helper costs more. */
const MIN_SHARED_FLOPS = 4e6;
/**
 * LayerNorms below this many values run on the calling thread alone: ViT-B/32's text tower's, [77, 512],
 * took 2.1 ms per pass shared against 1.4 ms alone (one profile each in Chromium).
 */
const MIN_SHARED_VALUES = 100000;

interface Packed {
  at: number;
  bytes: number;
  k: number;
  n: number;
}

export interface KernelOptions {
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

/** The kernels; weights are packed per TF.js dataId, and `alive` says whether TF.js still holds one. */
export class KernelModule {
  readonly fma: boolean;
  /** Threads it computes with, once the helpers have started. */
  readonly threads: number;
  private readonly k: Exports;
  private readonly memory: WebAssembly.Memory;
  private readonly arena: Arena;
  private readonly helpers: Helpers | null = null;
  private readonly packed = new Map<object, Packed>();
  private scratch = { at: 0, bytes: 0 };

  constructor(options: KernelOptions = {}) {
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
      this.k = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as Exports;
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

  /** c [m, n] = act(a [m, k] @ w [k, n] + bias [n]); w is packed on its first use under `key`. */
  linear(
    a: Float32Array,
    m: number,
    key: object,
    w: () => Float32Array,
    k: number,
    n: number,
    bias: Float32Array | null,
    c: Float32Array,
    alive: (key: object) => boolean,
    act: Activation = 'none',
  ): void {
    const packed = this.pack(key, w, k, n, alive);
    const [at, biasAt, cAt] = this.lay([a.length, bias?.length ?? 0, c.length]);
    const mem = new Float32Array(this.memory.buffer);
    mem.set(a, at / 4);
    if (bias) mem.set(bias, biasAt / 4);
    const args = [at, m, k, packed.at, bias ? biasAt : 0, n, cAt];
    this.share(OP_MATMUL, Math.ceil(n / PANEL), 2 * m * k * n, (p0, p1) => [
      ...args,
      p0,
      p1,
      ACTIVATIONS[act],
    ]);
    c.set(mem.subarray(cAt / 4, cAt / 4 + c.length));
  }

  /**
   * Attention's context out [batch, n, D] from qkv [batch, n, 3D] and, when given, its probabilities
   * probs [batch, heads, n, n]; each thread takes some (batch, head) pairs and a scratch of its own.
   */
  attention(
    qkv: Float32Array,
    batch: number,
    n: number,
    heads: number,
    causal: boolean,
    out: Float32Array,
    probs: Float32Array | null,
  ): void {
    const hd = qkv.length / (3 * batch * n * heads);
    const scratch = align(this.k.scratchFloats(n, hd) * 4) / 4;
    const threads = this.helpers ? this.helpers.count + 1 : 1;
    const sizes = [qkv.length, out.length, probs?.length ?? 0, scratch * threads] as const;
    const [qkvAt, outAt, probsAt, scratchAt] = this.lay(sizes);
    const mem = new Float32Array(this.memory.buffer);
    mem.set(qkv, qkvAt / 4);
    const args = (from: number, to: number, thread: number) => [
      ...[qkvAt, outAt, scratchAt + thread * scratch * 4, n, heads, hd, causal ? 1 : 0],
      ...[probs ? probsAt : 0, from, to],
    ];
    this.share(OP_ATTENTION, batch * heads, 4 * batch * n * n * heads * hd, args);
    out.set(mem.subarray(outAt / 4, outAt / 4 + out.length));
    if (probs) probs.set(mem.subarray(probsAt / 4, probsAt / 4 + probs.length));
  }

  /** LayerNorm of x [rows, d] with gamma and beta [d] into out; threads take rows. */
  layerNorm(x: Float32Array, gamma: Float32Array, beta: Float32Array, eps: number, out: Float32Array): void {
    const d = gamma.length;
    const [xAt, gammaAt, betaAt, outAt] = this.lay([x.length, d, d, out.length]);
    const mem = new Float32Array(this.memory.buffer);
    mem.set(x, xAt / 4);
    mem.set(gamma, gammaAt / 4);
    mem.set(beta, betaAt / 4);
    const epsBits = new Int32Array(Float32Array.of(eps).buffer)[0]!;
    const work = x.length >= MIN_SHARED_VALUES ? MIN_SHARED_FLOPS : 0;
    this.share(OP_LAYER_NORM, x.length / d, work, (r0, r1) => [
      ...[xAt + r0 * d * 4, gammaAt, betaAt, outAt + r0 * d * 4, r1 - r0, d, epsBits],
    ]);
    out.set(mem.subarray(outAt / 4, outAt / 4 + out.length));
  }

  /**
   * Runs `op` over items [0, count) split in equal ranges, the calling thread taking the first; `args`
   * gives each range's arguments. Alone when there are no helpers or too little work.
   */
  private share(
    op: number,
    count: number,
    flops: number,
    args: (from: number, to: number, thread: number) => number[],
  ): void {
    const helpers = this.helpers?.ready && flops >= MIN_SHARED_FLOPS ? this.helpers : null;
    const per = Math.ceil(count / ((helpers?.count ?? 0) + 1));
    const jobs: [number, number][] = [];
    for (let i = 0; helpers && (i + 1) * per < count; i++) {
      const [from, to] = [(i + 1) * per, Math.min(count, (i + 2) * per)];
      jobs.push([i, helpers.post(i, op, args(from, to, i + 1))]);
    }
    const own = args(0, Math.min(per, count), 0);
    if (op === OP_MATMUL) this.k.matmul(...own);
    else if (op === OP_ATTENTION) this.k.attention(...own);
    else {
      const [x, gamma, beta, out, rows, d, eps] = own as [
        number,
        number,
        number,
        number,
        number,
        number,
        number,
      ];
      this.k.layerNorm(x, gamma, beta, out, rows, d, this.eps(eps));
    }
    for (const [i, seq] of jobs) helpers!.wait(i, seq);
  }

  private eps(bits: number): number {
    return new Float32Array(Int32Array.of(bits).buffer)[0]!;
  }

  /** Consecutive 16-byte-aligned buffers of these many floats in the scratch block: their byte offsets. */
  private lay<const T extends readonly number[]>(floats: T): { [K in keyof T]: number } {
    const bytes = floats.map((f) => align(f * 4));
    let at = this.scratchOf(bytes.reduce((a, b) => a + b, 0));
    return bytes.map((b) => ((at += b), at - b)) as { [K in keyof T]: number };
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
  exports: Exports;
} | null {
  try {
    const module = new WebAssembly.Module(bytesOf(SHARED));
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
    const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Exports;
    return { module, memory, exports };
  } catch {
    return null;
  }
}

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
}
