// The hub part of `npm run bench`: a ViT-B/32-shaped Hugging Face repository with random weights (made here
// once, kept in the system's temporary folder) served by the stand-in hub (test/helpers/hub-server.ts:
// listing, redirect to a second origin, Range), downloaded and converted by the page's path in Node, each
// case in a fresh process (hub-case.ts) so its memory is measured from a clean start; beside it the plain
// path that holds the whole file, and sha256's throughput. The hub runs in a third process (hub-serve.ts).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PRESETS } from '../../src/clip/config';
import { initWeights } from '../../src/clip/init';
import { writeSafetensors } from '../../src/clip/safetensors';
import { expectedShapes } from '../../src/clip/weights';
import { Sha256 } from '../../src/weights/sha256';
import type { StoreDtype } from '../../src/weights/shards';
import { exportHf, hfConfig } from './hf-export';
import type { HubCaseArgs, HubCaseResult } from './hub-case';
import { median } from './median';

export const HUB_REPO = 'bench/clip-vit-base-patch32-random';

export interface HubRow {
  mode: 'stream' | 'whole';
  dtype: StoreDtype;
  runs: number;
  downloadMB: number;
  storedMB: number;
  shards: number;
  medianMs: number;
  mbPerS: number;
  offerMs: number;
  readMs: number;
  hashMs?: number;
  convertMs: number;
  /** Medians over the runs of the peak above the level before, MB. */
  peakRssMB: number;
  peakArrayBuffersMB: number;
  peakHwmMB: number;
}

export interface ShaRow {
  impl: string;
  mb: number;
  medianMs: number;
  mbPerS: number;
}

export interface HubBench {
  model: string;
  largestTensorMB: number;
  rows: HubRow[];
  sha: ShaRow[];
}

const MB = 1e6;

/** model.safetensors and config.json of the bench repository, made once per seed. */
function repoFiles(seed: number): { dir: string; largest: number } {
  const cfg = PRESETS['ViT-B/32']!;
  const dir = path.join(tmpdir(), 'inside-clip-bench', `hub-vitb32-seed${seed}`);
  const sizes = [...expectedShapes(cfg).values()].map((s) => 4 * s.reduce((a, b) => a * b, 1));
  const largest = Math.max(...sizes);
  if (!existsSync(path.join(dir, 'model.safetensors'))) {
    process.stderr.write(`hub: writing a random ViT-B/32 repository to ${dir}\n`);
    mkdirSync(dir, { recursive: true });
    const weights = initWeights(cfg, { seed });
    const bytes = writeSafetensors(exportHf(cfg, weights), { metadata: { format: 'pt' } });
    writeFileSync(path.join(dir, 'config.json'), `${JSON.stringify(hfConfig(cfg), null, 2)}\n`);
    writeFileSync(path.join(dir, 'model.safetensors.part'), bytes);
    renameSync(path.join(dir, 'model.safetensors.part'), path.join(dir, 'model.safetensors'));
  }
  return { dir, largest };
}

/** The stand-in hub in its own process (hub-serve.ts), so neither its memory nor its work is the case's. */
function startServer(dir: string): Promise<{ endpoint: string; close: () => void }> {
  const script = path.join(import.meta.dirname, 'hub-serve.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, dir, HUB_REPO], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`the stand-in hub exited with ${code}`)));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!out.includes('\n')) return;
      const { endpoint } = JSON.parse(out.split('\n')[0]!) as { endpoint: string };
      resolve({ endpoint, close: () => child.kill('SIGTERM') });
    });
  });
}

function runCase(args: HubCaseArgs): Promise<HubCaseResult> {
  const script = path.join(import.meta.dirname, 'hub-case.ts');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', script, JSON.stringify(args)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as HubCaseResult);
      else reject(new Error(`hub case ${args.mode} ${args.dtype} exited with ${code}: ${out.slice(-500)}`));
    });
  });
}

function shaRows(): ShaRow[] {
  const bytes = new Uint8Array(128 * MB);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
  const time = (f: () => void): number => {
    const t = performance.now();
    f();
    return performance.now() - t;
  };
  const ours: number[] = [];
  const node: number[] = [];
  for (let i = 0; i < 3; i++) {
    ours.push(time(() => new Sha256().update(bytes).hex()));
    node.push(time(() => createHash('sha256').update(bytes).digest('hex')));
  }
  if (new Sha256().update(bytes).hex() !== createHash('sha256').update(bytes).digest('hex'))
    throw new Error('Sha256 differs from node:crypto');
  const row = (impl: string, ms: number[]): ShaRow => {
    const m = median(ms);
    return { impl, mb: bytes.length / MB, medianMs: m, mbPerS: bytes.length / MB / (m / 1000) };
  };
  return [row('Sha256 (src/weights/sha256.ts)', ours), row('node:crypto', node)];
}

export async function benchHub(options: {
  dtypes: StoreDtype[];
  /** Runs of the streamed path, and of the whole-file path (its F16 pack is slow: one run by default). */
  runs: number;
  peerRuns: number;
  seed?: number;
}): Promise<HubBench> {
  const { dir, largest } = repoFiles(options.seed ?? 1);
  const hub = await startServer(dir);
  const rows: HubRow[] = [];
  try {
    for (const dtype of options.dtypes) {
      for (const mode of ['stream', 'whole'] as const) {
        const results: HubCaseResult[] = [];
        const n = mode === 'stream' ? options.runs : options.peerRuns;
        for (let i = 0; i < n; i++) {
          results.push(await runCase({ mode, dtype, endpoint: hub.endpoint, repo: HUB_REPO }));
        }
        const m = (f: (r: HubCaseResult) => number): number => median(results.map(f));
        const r0 = results[0]!;
        const ms = m((r) => r.totalMs);
        const row: HubRow = {
          mode,
          dtype,
          runs: results.length,
          downloadMB: r0.downloadBytes / MB,
          storedMB: r0.storedBytes / MB,
          shards: r0.shards,
          medianMs: ms,
          mbPerS: r0.downloadBytes / MB / (ms / 1000),
          offerMs: m((r) => r.offerMs),
          readMs: m((r) => r.readMs),
          ...(mode === 'whole' && { hashMs: m((r) => r.hashMs ?? 0) }),
          convertMs: m((r) => r.convertMs),
          peakRssMB: m((r) => r.memory.rss) / MB,
          peakArrayBuffersMB: m((r) => r.memory.arrayBuffers) / MB,
          peakHwmMB: m((r) => r.memory.hwm) / MB,
        };
        rows.push(row);
        process.stderr.write(
          `hub ${mode.padEnd(6)} ${dtype} ${(row.medianMs / 1000).toFixed(2).padStart(6)} s ${row.mbPerS.toFixed(0).padStart(5)} MB/s  peak rss +${row.peakHwmMB.toFixed(0)} MB (sampled +${row.peakRssMB.toFixed(0)}), arrayBuffers +${row.peakArrayBuffersMB.toFixed(0)} MB  (median of ${results.length})\n`,
        );
      }
    }
  } finally {
    hub.close();
  }
  const sha = shaRows();
  for (const s of sha) process.stderr.write(`hub sha256 ${s.impl}: ${s.mbPerS.toFixed(0)} MB/s\n`);
  return { model: 'ViT-B/32', largestTensorMB: largest / MB, rows, sha };
}

const f0 = (x: number): string => x.toFixed(0);

export function hubTable(b: HubBench): string[] {
  const lines = [
    `Hub download and convert, ${b.model} (random weights, ${f0(b.rows[0]?.downloadMB ?? 0)} MB model.safetensors, largest tensor ${f0(b.largestTensorMB)} MB):`,
    '',
    '| path | dtype | runs | stored MB (shards) | total s | MB/s | offer s | reads s | hash s | convert s | peak RSS MB | peak RSS sampled MB | peak arrayBuffers MB |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const s = (ms: number | undefined): string => (ms === undefined ? '–' : (ms / 1000).toFixed(2));
  for (const r of b.rows) {
    const name = r.mode === 'stream' ? 'streamed (page)' : 'whole file';
    lines.push(
      `| ${name} | ${r.dtype} | ${r.runs} | ${f0(r.storedMB)} (${r.shards}) | ${s(r.medianMs)} | ${f0(r.mbPerS)} | ${s(r.offerMs)} | ${s(r.readMs)} | ${r.mode === 'stream' ? 'in convert' : s(r.hashMs)} | ${s(r.convertMs)} | ${f0(r.peakHwmMB)} | ${f0(r.peakRssMB)} | ${f0(r.peakArrayBuffersMB)} |`,
    );
  }
  lines.push('', '| sha256 | MB hashed | ms | MB/s |', '| --- | ---: | ---: | ---: |');
  for (const x of b.sha) lines.push(`| ${x.impl} | ${f0(x.mb)} | ${f0(x.medianMs)} | ${f0(x.mbPerS)} |`);
  return lines;
}
