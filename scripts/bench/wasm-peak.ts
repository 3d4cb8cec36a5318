// The browser's WebAssembly SIMD peak for `npm run bench` (part `peak`): scripts/bench/peak/peak.ts compiled
// here twice (relaxed and plain SIMD), then run by scripts/bench/page/peak-worker.ts in a module worker of
// the bench's cross-origin isolated page, at each thread count, with the same loop in every thread at once.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { compileAssemblyScript } from '../kernels/compile';
import { askWorker } from './ask-worker';
import { median } from './median';
import type { PeakReply, PeakRequest } from './page/peak-worker';

export const PEAK_BUILDS = ['relaxed', 'plain'] as const;
export type PeakBuild = (typeof PEAK_BUILDS)[number];

/** GFLOP/s per build and thread count (bench/latest.json's `browserPeak`). */
export type BrowserPeak = Record<PeakBuild, Record<string, number>>;

/** 8 FLOPs per f32x4 multiply-add (4 lanes, a multiply and an add), one per chain and step. */
export const peakFlops = (steps: number, chains: number): number => 8 * chains * steps;

const source = join(dirname(fileURLToPath(import.meta.url)), 'peak', 'peak.ts');

export async function compilePeak(build: PeakBuild): Promise<Uint8Array> {
  const relaxed = build === 'relaxed' ? ['--enable', 'relaxed-simd'] : [];
  return compileAssemblyScript(source, relaxed, `peak (${build})`);
}

/**
 * Runs the peak in a fresh module worker of `page` (served at /peak-worker.js, the builds at
 * /files/peak-<build>.wasm): median GFLOP/s of `reps` repetitions of about `targetMs` per thread count.
 */
export async function measurePeak(
  page: Page,
  threads: number[],
  reps = 7,
  targetMs = 200,
): Promise<BrowserPeak> {
  const request: PeakRequest = {
    builds: PEAK_BUILDS.map((b) => ({ name: b, url: `/files/peak-${b}.wasm` })),
    threads,
    reps,
    targetMs,
  };
  const reply = await askWorker<PeakRequest, PeakReply>(page, '/peak-worker.js', request);
  if (!reply.ok || !reply.samples) throw new Error(`wasm peak failed: ${reply.error}`);
  const peak = { relaxed: {}, plain: {} } as BrowserPeak;
  for (const s of reply.samples) {
    const gflops = median(s.gflops);
    peak[s.build as PeakBuild][String(s.threads)] = gflops;
    process.stderr.write(
      `wasm SIMD peak, ${s.build.padEnd(7)} ${s.threads} thread${s.threads > 1 ? 's' : ' '}: ${gflops.toFixed(1).padStart(6)} GFLOP/s (median of ${s.gflops.length}; ${s.gflops.map((x) => x.toFixed(1)).join(', ')})\n`,
    );
  }
  return peak;
}
