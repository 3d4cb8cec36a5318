// The browser side of `npm run bench`: the project's model (TF.js wasm and WebGL) against onnxruntime-web
// (wasm) in headless Chromium, on the same random weights and the same ONNX-free inputs, each engine in its
// own module worker at a fixed thread count. The page is cross-origin isolated (COOP/COEP), which wasm
// threads need. Files are generated in a temporary folder, never in the repository.
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { PRESETS } from '../../src/clip/config';
import { initWeights } from '../../src/clip/init';
import { writeSafetensors } from '../../src/clip/safetensors';
import { CHROMIUM_ARGS } from '../site/chromium-args';
import { clipOnnx } from './onnx-clip';
import { type Encoder, fileKey } from './page/inputs';
import type { CaseRequest, CaseResult } from './page/worker';
import { askWorker } from './ask-worker';
import { median } from './median';
import { type BrowserPeak, compilePeak, measurePeak, PEAK_BUILDS } from './wasm-peak';

/** Random weights (seed 1) as safetensors with the config in its metadata, and both ONNX graphs. */
export function prepareModelFiles(dir: string, model: string): void {
  const cfg = PRESETS[model];
  if (!cfg) throw new Error(`unknown model ${model} (known: ${Object.keys(PRESETS).join(', ')})`);
  const key = fileKey(model);
  const done = ['safetensors', 'json', 'image.onnx', 'text.onnx'].every((ext) =>
    existsSync(path.join(dir, `${key}${ext.includes('.') ? '-' : '.'}${ext}`)),
  );
  if (done) return;
  process.stderr.write(`generating random ${model} weights and ONNX graphs in ${dir}\n`);
  const weights = initWeights(cfg, { seed: 1 });
  const source = (name: string) => {
    const t = weights.get(name);
    if (!t) throw new Error(`no weight ${name}`);
    return t;
  };
  // Each file under its name only once whole: a run stopped half-way (ViT-L/14 writes 3.4 GB) redoes it.
  const write = (name: string, bytes: Uint8Array | string) => {
    writeFileSync(path.join(dir, `${name}.part`), bytes);
    renameSync(path.join(dir, `${name}.part`), path.join(dir, name));
  };
  write(`${key}-image.onnx`, clipOnnx(source, cfg, 'image'));
  write(`${key}-text.onnx`, clipOnnx(source, cfg, 'text'));
  write(`${key}.safetensors`, writeSafetensors(weights, { metadata: { config: JSON.stringify(cfg) } }));
  write(`${key}.json`, JSON.stringify(cfg));
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

/** Serves the page, the bundled worker, both engines' wasm files and the bench files, cross-origin isolated. */
async function serve(dir: string, repo: string): Promise<{ url: string; close: () => Promise<void> }> {
  const roots: Record<string, string> = {
    '/tfjs/': path.join(repo, 'node_modules/@tensorflow/tfjs-backend-wasm/dist'),
    '/ort/': path.join(repo, 'node_modules/onnxruntime-web/dist'),
    '/files/': dir,
    '/': dir,
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (process.env.BENCH_LOG) process.stderr.write(`GET ${url}\n`);
    const prefix = Object.keys(roots).find((p) => url.startsWith(p))!;
    const name = url === '/' ? 'index.html' : url.slice(prefix.length);
    if (name.includes('..') || name.includes('/')) {
      res.writeHead(404).end();
      return;
    }
    const file = path.join(roots[prefix]!, name);
    readFile(file).then(
      (body) =>
        res
          .writeHead(200, {
            'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
            'cross-origin-opener-policy': 'same-origin',
            'cross-origin-embedder-policy': 'require-corp',
          })
          .end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

export interface BrowserCase {
  model: string;
  encoder: Encoder;
  backend: 'wasm' | 'webgl';
  threads: number;
  threadsUsed: number;
  runs: number;
  oursMs: number;
  ortMs?: number;
  /** oursMs / ortMs: below 1 the project's model is faster. */
  ratio?: number;
  /** Largest |ours - onnxruntime| over the features, and the largest |feature| for scale. */
  maxDiff?: number;
  maxAbs: number;
  /** What was recorded and read back: every stage, or an attention lesson's probabilities of every layer. */
  capture?: 'every stage' | 'attention';
  /** Megabytes the capture read back per run. */
  capturedMB?: number;
  /** A captured case: the plain pass alternating with it in the same worker, and captured / plain. */
  plainMs?: number;
  captureRatio?: number;
}

export interface BrowserOptions {
  /** Measure the wasm SIMD peak first, at these thread counts (scripts/bench/wasm-peak.ts). */
  peakThreads?: number[];
  chromiumPath?: string;
}

/** Runs every request, each in a fresh worker; returns the results in order. */
export async function benchBrowser(
  repo: string,
  requests: CaseRequest[],
  options: BrowserOptions = {},
): Promise<{ cases: BrowserCase[]; isolated: boolean; peak?: BrowserPeak }> {
  const dir = path.join(tmpdir(), 'inside-clip-bench');
  mkdirSync(dir, { recursive: true });
  for (const model of new Set(requests.map((r) => r.model))) prepareModelFiles(dir, model);
  for (const [entry, out] of [
    ['worker.ts', 'bench-worker.js'],
    ['peak-worker.ts', 'peak-worker.js'],
  ]) {
    await build({
      entryPoints: [path.join(repo, 'scripts/bench/page', entry!)],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      outfile: path.join(dir, out!),
      logLevel: 'error',
    });
  }
  if (options.peakThreads) {
    for (const b of PEAK_BUILDS) writeFileSync(path.join(dir, `peak-${b}.wasm`), await compilePeak(b));
  }
  writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html><title>Inside CLIP bench</title><link rel="icon" href="data:,">',
  );
  const server = await serve(dir, repo);
  const browser = await chromium.launch({
    executablePath: options.chromiumPath ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const cases: BrowserCase[] = [];
  let isolated = false;
  let peak: BrowserPeak | undefined;
  try {
    const page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') process.stderr.write(`  page: ${m.text()}\n`);
    });
    await page.goto(`${server.url}/`);
    if (options.peakThreads) peak = await measurePeak(page, options.peakThreads);
    for (const req of requests) {
      const reply = await askWorker<CaseRequest, { ok: boolean; result?: CaseResult; error?: string }>(
        page,
        '/bench-worker.js',
        req,
      );
      const label = `${req.model} ${req.encoder} ${req.backend} ${req.threads}t${req.capture === 'attention' ? ' capture attention' : req.capture ? ' capture' : ''}`;
      if (!reply.ok || !reply.result) {
        process.stderr.write(`${label.padEnd(28)} failed: ${reply.error?.split('\n')[0]}\n`);
        continue;
      }
      const r = reply.result;
      isolated = r.crossOriginIsolated;
      const c: BrowserCase = {
        model: req.model,
        encoder: req.encoder,
        backend: req.backend,
        threads: req.threads,
        threadsUsed: r.threadsUsed,
        runs: req.runs,
        oursMs: median(r.oursMs),
        maxAbs: r.maxAbs,
      };
      if (r.capturedBytes !== undefined) c.capturedMB = r.capturedBytes / 2 ** 20;
      if (req.capture) c.capture = req.capture === 'attention' ? 'attention' : 'every stage';
      if (r.plainMs?.length) {
        c.plainMs = median(r.plainMs);
        c.captureRatio = median(r.oursMs.map((ms, i) => ms / r.plainMs![i]!));
      }
      if (r.ortMs) {
        c.ortMs = median(r.ortMs);
        c.ratio = c.oursMs / c.ortMs;
        c.maxDiff = r.maxDiff;
        if ((r.maxDiff ?? Infinity) > 1e-4) {
          throw new Error(
            `${label}: the engines disagree (max |Δ| ${r.maxDiff}); timings would compare different models`,
          );
        }
      }
      cases.push(c);
      const peer =
        c.capturedMB !== undefined
          ? `  capture ${c.capturedMB.toFixed(1)} MB a run, plain ${c.plainMs?.toFixed(1)} ms, ×${c.captureRatio?.toFixed(2)}`
          : c.ortMs === undefined
            ? ''
            : `  onnxruntime-web ${c.ortMs.toFixed(1).padStart(8)} ms  ratio ${c.ratio!.toFixed(2)}  max |Δ| ${c.maxDiff!.toExponential(1)}`;
      process.stderr.write(
        `${label.padEnd(28)} ours ${c.oursMs.toFixed(1).padStart(8)} ms (threads ${c.threadsUsed})${peer}  (medians of ${req.runs})\n`,
      );
      if (r.kernels) {
        const total = r.kernels.reduce((sum, [, ms]) => sum + ms, 0);
        process.stderr.write(`  kernels, one profiled pass: ${total.toFixed(1)} ms in all\n`);
        for (const [name, ms] of r.kernels.slice(0, 14))
          process.stderr.write(`  ${ms.toFixed(1).padStart(8)} ms  ${name}\n`);
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return { cases, isolated, peak };
}
