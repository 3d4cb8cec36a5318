// `npm run bench`: the project's performance record, written to bench/latest.json.
// - node: median encoder times per Node backend (cpu, wasm) for ViT-B/32 shapes (random weights, never
//   saved) and the tiny reference configuration, with GFLOP/s;
// - browser: the same encoders in headless Chromium (wasm at 1 and 2 threads, WebGL), each wasm case
//   against onnxruntime-web at the same thread count on the same weights (scripts/bench/browser.ts);
//   ViT-B/16 and ViT-L/14 (--browser-models) on wasm at all threads only, and on WebGL; writes the hub
//   panel's speed estimates (site/lib/speed-estimates.json, scripts/bench/estimates.ts);
// - peak: the wasm SIMD peak in the same Chromium worker setup, relaxed and plain SIMD, at 1 and all
//   threads; the browser table's "share of wasm peak" (scripts/bench/wasm-peak.ts);
// - native: onnxruntime-node on the same graphs, and a plain matmul peak (scripts/bench/native.ts);
// - site: build time, JavaScript per page, input → redraw times (scripts/bench/site.ts);
// - labs: control → redraw per lab, training steps per second per backend (scripts/bench/labs.ts);
// - cells: per page with code cells, its JavaScript with and without them, what a cell's first use loads,
//   first focus → editor ready, and Run → first output and → end, cold and warm (scripts/bench/cells.ts);
// - hub: a ViT-B/32-shaped hub repository downloaded and converted by the page's path in Node, throughput
//   and peak memory, beside the plain path that holds the whole file, and sha256 (scripts/bench/hub.ts);
// - forward: the lessons' pass with every stage captured against the same pass without, ViT-B/32 and
//   ViT-B/16, per Node backend (scripts/bench/forward.ts).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { PRESETS } from '../src/clip/config';
import type { StoreDtype } from '../src/weights/shards';
import { benchBrowser, type BrowserCase } from './bench/browser';
import { BROWSER_MINUTES, BROWSER_MODELS, browserRequests } from './bench/browser-cases';
import { writeSpeedEstimates } from './bench/estimates';
import { benchForward, forwardTable, type ForwardCase } from './bench/forward';
import { benchHub, hubTable, type HubBench } from './bench/hub';
import { imageFlops, textFlops } from './bench/flops';
import type { BrowserPeak } from './bench/wasm-peak';
import { benchCells, type CellBench } from './bench/cells';
import { benchLabs, type LabBench } from './bench/labs';
import { benchNative, matmulPeak, type NativeCase } from './bench/native';
import { benchNode, type NodeCase } from './bench/node';
import { fileKey } from './bench/page/inputs';
import { headline, markdownReport, type Report } from './bench/report';
import { benchSite, type SiteBench, withBuiltSite } from './bench/site';
import { CHROMIUM_ARGS } from './site/chromium-args';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    backends: { type: 'string', default: 'wasm,cpu' },
    models: { type: 'string', default: 'tiny-reference,ViT-B/32' },
    'browser-models': { type: 'string' },
    parts: { type: 'string', default: 'node,browser,peak,native,site,labs,cells,hub,forward' },
    'site-runs': { type: 'string', default: '7' },
    'lab-steps': { type: 'string', default: '120' },
    'cell-langs': { type: 'string', default: 'en' },
    'cell-loads': { type: 'string', default: '3' },
    'cell-runs': { type: 'string', default: '3' },
    'hub-dtypes': { type: 'string', default: 'F16,I8' },
    'hub-runs': { type: 'string', default: '3' },
    'hub-peer-runs': { type: 'string', default: '1' },
    'forward-models': { type: 'string', default: 'ViT-B/32,ViT-B/16' },
    'forward-cpu-models': { type: 'string', default: 'ViT-B/32' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  process.stdout
    .write(`npm run bench -- [options]   writes bench/latest.json, prints the tables (docs/performance.md)
  --parts LIST            node,browser,peak,native,site,labs,cells,hub,forward (default: all; peak: the wasm
                          SIMD peak, relaxed and plain, 1 and all threads, about 10 s)
  --runs N                runs per case, median reported (default 5)
  --backends LIST         Node backends for node and forward (default wasm,cpu)
  --models LIST           models for node and native (default tiny-reference,ViT-B/32); given,
                          also those of browser unless --browser-models is given too
  --browser-models LIST   models for browser (default ${BROWSER_MODELS.join(',')}):
${BROWSER_MINUTES.map((line) => `${' '.repeat(26)}${line}\n`).join('')}  --site-runs N           input changes per page and lab control (default 7)
  --lab-steps N           training-lab steps; 0 keeps the last training numbers (default 120)
  --cell-langs LIST       languages of the pages whose code cells are measured (default en; en,es both)
  --cell-loads N          fresh page loads per cell for the editor load and the first Run (default 3)
  --cell-runs N           Runs after the first in each of those loads (default 3)
  --hub-dtypes LIST       stored dtypes for hub: F16,I8,F32 (default F16,I8)
  --hub-runs N            runs of the streamed (page) path per dtype (default 3)
  --hub-peer-runs N       runs of the whole-file path per dtype (default 1: its F16 pack takes about a minute)
  --forward-models LIST   models for forward (default ViT-B/32,ViT-B/16)
  --forward-cpu-models L  of those, the ones run on cpu too (default ViT-B/32; ViT-B/16 takes minutes there)
`);
  process.exit(0);
}

const parts = new Set(values.parts.split(','));
const runs = Number(values.runs);
const models = values.models.split(',');
const modelsGiven = process.argv.some((a) => a === '--models' || a.startsWith('--models='));
const browserModels = (
  values['browser-models'] ?? (modelsGiven ? values.models : BROWSER_MODELS.join(','))
).split(',');
const cores = cpus().length;
const threadCounts = [...new Set([1, Math.min(cores, 8)])];

mkdirSync('bench', { recursive: true });
// A partial run (--parts) keeps the other parts' last numbers.
const previous = existsSync('bench/latest.json')
  ? (JSON.parse(readFileSync('bench/latest.json', 'utf8')) as Record<string, unknown>)
  : {};
const node: NodeCase[] = [];
const browser: BrowserCase[] = [];
const native: NativeCase[] = [];
let peakGflops: number | undefined;
let browserPeak: BrowserPeak | undefined;
let site: SiteBench | undefined = undefined; // set once the site part has run; save() reads it before
let labs: LabBench | undefined;
let cells: CellBench | undefined;
let hub: HubBench | undefined;
let forwardCases: ForwardCase[] | undefined;

/** Writes bench/latest.json with what this run has measured so far (after each part: a crash keeps them). */
function save(): Report & { hub?: unknown; forward?: unknown } {
  // A browser run over some models keeps the last rows of the others.
  const before = (previous.browser as BrowserCase[] | undefined) ?? [];
  const browserCases = parts.has('browser')
    ? [...before.filter((c) => !browserModels.includes(c.model)), ...browser]
    : before;
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    cores,
    flops: Object.fromEntries(
      ['ViT-B/32', 'ViT-B/16', 'ViT-L/14'].map((m) => {
        const cfg = PRESETS[m]!;
        return [m, { image: imageFlops(cfg), text: textFlops(cfg) }];
      }),
    ),
    vitb32: headline(browserCases, Math.min(cores, 8)) ?? previous.vitb32,
    peakGflops: peakGflops ?? previous.peakGflops,
    browserPeak: browserPeak ?? previous.browserPeak,
    nodeCases: parts.has('node') ? node : previous.nodeCases,
    browser: browserCases,
    native: parts.has('native') ? native : previous.native,
    site: site ?? previous.site,
    labs: labs ?? previous.labs,
    cells: cells ?? previous.cells,
    hub: hub ?? previous.hub,
    forward: forwardCases ?? previous.forward,
  };
  writeFileSync('bench/latest.json', `${JSON.stringify(report, null, 2)}\n`);
  return report;
}

if (parts.has('node')) {
  for (const model of models) node.push(...(await benchNode(model, values.backends.split(','), runs)));
}

if (parts.has('forward')) {
  forwardCases = await benchForward({
    models: values['forward-models'].split(','),
    backends: values.backends.split(','),
    runs,
    cpuModels: values['forward-cpu-models'].split(','),
  });
}

if (parts.has('hub')) {
  hub = await benchHub({
    dtypes: values['hub-dtypes'].split(',') as StoreDtype[],
    runs: Number(values['hub-runs']),
    peerRuns: Number(values['hub-peer-runs']),
  });
}

save();
if (parts.has('browser') || parts.has('peak')) {
  const requests = parts.has('browser') ? browserRequests(browserModels, threadCounts, runs) : [];
  const result = await benchBrowser(process.cwd(), requests, {
    ...(parts.has('peak') ? { peakThreads: threadCounts } : {}),
  });
  browser.push(...result.cases);
  browserPeak = result.peak;
  if (parts.has('browser')) writeSpeedEstimates(result.cases, cores);
}

save();
if (parts.has('native')) {
  const dir = path.join(tmpdir(), 'inside-clip-bench');
  for (const model of models) {
    if (!existsSync(path.join(dir, `${fileKey(model)}-image.onnx`))) continue;
    native.push(...(await benchNative(dir, model, cores, runs)));
  }
  peakGflops = await matmulPeak(cores);
  process.stderr.write(
    `matmul peak (onnxruntime-node, ${cores} threads): ${peakGflops.toFixed(1)} GFLOP/s\n`,
  );
}

save();
const launch = () =>
  chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
// The labs need the built site: asking for them measures the site too. The cells share the same build.
if (parts.has('site') || parts.has('labs') || parts.has('cells')) {
  await withBuiltSite(process.cwd(), '/usr/bin/chromium', async (built) => {
    if (parts.has('site') || parts.has('labs')) {
      site = await benchSite(built, Number(values['site-runs']));
      save();
    }
    if (parts.has('labs') && built.url) {
      labs = await benchLabs(launch, built.url, Number(values['site-runs']), Number(values['lab-steps']));
      // Training not run this time (--lab-steps 0): keep its last numbers.
      if (!labs.training.length) labs.training = (previous.labs as LabBench | undefined)?.training ?? [];
      save();
    }
    if (parts.has('cells')) {
      cells = await benchCells(launch, built.outDir, built.url, {
        langs: values['cell-langs'].split(','),
        loads: Number(values['cell-loads']),
        warmRuns: Number(values['cell-runs']),
      });
    }
  });
}

const report = save();
process.stderr.write('wrote bench/latest.json\n');
const extra: string[] = [];
if (report.forward) extra.push(...forwardTable(report.forward as ForwardCase[]), '');
if (report.hub) extra.push(...hubTable(report.hub as HubBench), '');
process.stdout.write(markdownReport(report) + (extra.length ? `${extra.join('\n')}\n` : ''));
