// One measured case of the hub bench, run in a fresh Node process (scripts/bench/hub.ts starts it with
// --expose-gc) so that its memory starts clean: the page's path (offerHubModel, then convertHubModel into a
// cache) or the plain path that holds the whole file (one download, readSafetensors, toOpenAiNames,
// packShards). Prints one JSON line: times and the memory above the level before the case.
import { readFileSync, writeFileSync } from 'node:fs';
import { toOpenAiNames } from '../../src/clip/checkpoint-names';
import { readSafetensors } from '../../src/clip/safetensors';
import type { CacheLike } from '../../src/runtime/model-store';
import { convertHubModel, offerHubModel, SHARD_BYTES } from '../../src/runtime/hub-store';
import { fromHfConfig } from '../../src/weights/hf-config';
import { Hub, parseRepoRef } from '../../src/weights/hub';
import { packShards } from '../../src/weights/pack';
import { Sha256 } from '../../src/weights/sha256';
import type { StoreDtype } from '../../src/weights/shards';

export interface HubCaseArgs {
  mode: 'stream' | 'whole';
  endpoint: string;
  repo: string;
  dtype: StoreDtype;
}

export interface HubCaseResult {
  mode: 'stream' | 'whole';
  dtype: StoreDtype;
  downloadBytes: number;
  storedBytes: number;
  shards: number;
  totalMs: number;
  /** stream: listing, config and header (offerHubModel); whole: listing and config. */
  offerMs: number;
  /** Time spent waiting on the body's bytes (stream: the streamed request's chunks; whole: the one download). */
  readMs: number;
  /** whole only: the sha256 of the file, apart. */
  hashMs?: number;
  /** stream: hash, decode, rename, shards (everything but the reads); whole: read, rename, pack. */
  convertMs: number;
  memory: { rss: number; arrayBuffers: number; hwm: number };
  samples: number;
}

/**
 * Cache Storage as far as this bench needs it: shard bodies are read (as the browser reads them to write
 * them to disk) and dropped, small entries (the manifest) are kept. A MemoryCache would add every shard
 * to the process's memory, which a browser's cache on disk does not.
 */
export class CountingCache implements CacheLike {
  readonly sizes = new Map<string, number>();
  private readonly kept = new Map<string, Uint8Array>();

  async match(key: string): Promise<Response | undefined> {
    const b = this.kept.get(key);
    return b ? new Response(b.slice()) : undefined;
  }
  async put(key: string, response: Response): Promise<void> {
    const bytes = new Uint8Array(await response.arrayBuffer());
    this.sizes.set(key, bytes.byteLength);
    if (bytes.byteLength < 1 << 20) this.kept.set(key, bytes);
  }
  async delete(key: string): Promise<boolean> {
    this.kept.delete(key);
    return this.sizes.delete(key);
  }
  async keys(): Promise<readonly Request[]> {
    return [...this.sizes.keys()].map((k) => new Request(k));
  }
}

const hwmBytes = (): number => {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
};

/** Samples process.memoryUsage() every 50 ms while `run` runs; returns the peaks above the level before. */
async function withMemory<T>(run: () => Promise<T>) {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const before = process.memoryUsage();
  try {
    writeFileSync('/proc/self/clear_refs', '5'); // resets VmHWM to the current RSS (Linux)
  } catch {
    // not Linux: hwm then counts from the process start
  }
  const hwmBefore = hwmBytes();
  let rss = before.rss;
  let arrayBuffers = before.arrayBuffers;
  let samples = 0;
  const sample = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    arrayBuffers = Math.max(arrayBuffers, m.arrayBuffers);
    samples++;
  };
  const timer = setInterval(sample, 50);
  try {
    const value = await run();
    sample();
    return {
      value,
      samples,
      memory: {
        rss: rss - before.rss,
        arrayBuffers: arrayBuffers - before.arrayBuffers,
        hwm: hwmBytes() - hwmBefore,
      },
    };
  } finally {
    clearInterval(timer);
  }
}

const BASE = 'http://bench.test/';

async function stream(a: HubCaseArgs): Promise<Omit<HubCaseResult, 'memory' | 'samples'>> {
  const hub = new Hub(a.endpoint);
  const cache = new CountingCache();
  const t0 = performance.now();
  const { offer, model } = await offerHubModel(hub, parseRepoRef(a.repo), a.dtype, BASE, { cache });
  const t1 = performance.now();
  let readMs = 0;
  const timed = async <T>(p: Promise<T>): Promise<T> => {
    const s = performance.now();
    try {
      return await p;
    } finally {
      readMs += performance.now() - s;
    }
  };
  for (const file of model.plan.files) {
    const source = file.source;
    const stream = source.stream?.bind(source);
    // The same source, with the time spent waiting on its bytes counted (its stream kept when it has one).
    file.source = {
      size: source.size,
      read: (offset, length, signal) => timed(source.read(offset, length, signal)),
      ...(stream && {
        stream: (offset: number, signal?: AbortSignal): AsyncIterable<Uint8Array> => ({
          [Symbol.asyncIterator]: () => {
            const it = stream(offset, signal)[Symbol.asyncIterator]();
            return {
              next: () => timed(it.next()),
              return: async (v?: unknown) => (await it.return?.(v)) ?? { done: true, value: undefined },
            };
          },
        }),
      }),
    };
  }
  const manifest = await convertHubModel(offer, model, a.dtype, BASE, { cache });
  const t2 = performance.now();
  return {
    mode: 'stream',
    dtype: a.dtype,
    downloadBytes: offer.downloadBytes,
    storedBytes: manifest.files.reduce((s, f) => s + f.bytes, 0),
    shards: manifest.files.length,
    totalMs: t2 - t0,
    offerMs: t1 - t0,
    readMs,
    convertMs: t2 - t1 - readMs,
  };
}

async function whole(a: HubCaseArgs): Promise<Omit<HubCaseResult, 'memory' | 'samples'>> {
  const hub = new Hub(a.endpoint);
  const ref = parseRepoRef(a.repo);
  const t0 = performance.now();
  const listing = await hub.listing(ref);
  const pinned = { repo: ref.repo, revision: listing.commit };
  const config = fromHfConfig(await hub.json(pinned, 'config.json', 1 << 20));
  const info = listing.files.get('model.safetensors')!;
  const t1 = performance.now();
  const bytes = await hub.source(pinned, info.path, info.size!).read(0, info.size!);
  const t2 = performance.now();
  if (new Sha256().update(bytes).hex() !== info.sha256) throw new Error('sha256 mismatch');
  const t3 = performance.now();
  const { checkpoint } = toOpenAiNames(readSafetensors(bytes));
  const packed = await packShards('bench', config, checkpoint.tensors, {
    dtype: a.dtype,
    maxBytes: SHARD_BYTES,
  });
  const t4 = performance.now();
  return {
    mode: 'whole',
    dtype: a.dtype,
    downloadBytes: bytes.byteLength,
    storedBytes: packed.manifest.files.reduce((s, f) => s + f.bytes, 0),
    shards: packed.manifest.files.length,
    totalMs: t4 - t0,
    offerMs: t1 - t0,
    readMs: t2 - t1,
    hashMs: t3 - t2,
    convertMs: t4 - t3,
  };
}

export async function runHubCase(a: HubCaseArgs): Promise<HubCaseResult> {
  const { value, memory, samples } = await withMemory(() => (a.mode === 'stream' ? stream(a) : whole(a)));
  return { ...value, memory, samples };
}

if (process.argv[1]?.endsWith('hub-case.ts')) {
  const args = JSON.parse(process.argv[2]!) as HubCaseArgs;
  process.stdout.write(`${JSON.stringify(await runHubCase(args))}\n`);
}
