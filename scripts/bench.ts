// `npm run bench`: median encoder times per backend for ViT-B/32 shapes (random weights, never saved)
// and for the tiny reference configuration, with GFLOP/s; then the site (scripts/bench/site.ts): build
// time, JavaScript shipped per page and input → redraw times. Writes bench/latest.json.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { PRESETS, type ClipConfig } from '../src/clip/config';
import { initWeights, seededRandom } from '../src/clip/init';
import { encodeImage } from '../src/clip/vision-tower';
import { encodeText } from '../src/clip/text-tower';
import type { TensorEntry } from '../src/clip/safetensors';
import { type Layout, type Weights, createWeights } from '../src/clip/weights';
import { type NodeBackend, useBackend } from '../src/node/backend';
import { imageFlops, textFlops } from './bench/flops';
import { benchSite, type SiteBench } from './bench/site';

interface Case {
  model: string;
  layout: string;
  backend: NodeBackend;
  encoder: 'image' | 'text';
  medianMs: number;
  runs: number;
  gflops: number;
}

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    backends: { type: 'string', default: 'wasm,cpu' },
    models: { type: 'string', default: 'tiny-reference,ViT-B/32' },
    layout: { type: 'string', default: 'fast' },
    parts: { type: 'string', default: 'model,site' },
    'site-runs': { type: 'string', default: '7' },
  },
});

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function uploadWeights(cfg: ClipConfig, layout: Layout): Weights {
  const tensors = new Map<string, TensorEntry>();
  for (const [name, t] of initWeights(cfg, { seed: 1 })) tensors.set(name, { dtype: 'F32', ...t });
  return createWeights({ tensors, metadata: {} }, cfg, layout);
}

function timeIt(run: () => tf.Tensor, runs: number): number[] {
  tf.tidy(() => run().dataSync()); // warm-up: kernel set-up, memory pools
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    tf.tidy(() => run().dataSync());
    times.push(performance.now() - start);
  }
  return times;
}

async function benchModel(name: string, backend: NodeBackend, runs: number): Promise<Case[]> {
  const cfg = PRESETS[name];
  if (!cfg) throw new Error(`unknown model ${name} (known: ${Object.keys(PRESETS).join(', ')})`);
  await useBackend(backend);
  const w = uploadWeights(cfg, values.layout as Layout);
  const rand = seededRandom(3);
  const r = cfg.image_resolution;
  const pixels = tf.tensor4d(
    Float32Array.from({ length: 3 * r * r }, () => rand() * 2 - 1),
    [1, 3, r, r],
  );
  const ids = new Int32Array(cfg.context_length);
  ids.set([49406, 320, 1125, 539, 320, 1929, 49407]);
  const idsT = tf.tensor2d(ids, [1, cfg.context_length], 'int32');
  const slow = backend === 'cpu' && name !== 'tiny-reference';
  const n = slow ? Math.min(runs, 3) : runs;
  const out: Case[] = [];
  for (const encoder of ['image', 'text'] as const) {
    const run = encoder === 'image' ? () => encodeImage(pixels, w, cfg) : () => encodeText(idsT, w, cfg);
    const ms = median(timeIt(run, n));
    const flops = encoder === 'image' ? imageFlops(cfg) : textFlops(cfg);
    out.push({
      model: name,
      layout: values.layout,
      backend,
      encoder,
      medianMs: ms,
      runs: n,
      gflops: flops / 1e9 / (ms / 1000),
    });
    process.stderr.write(
      `${name.padEnd(15)} ${backend.padEnd(5)} ${encoder.padEnd(6)} ${ms.toFixed(1).padStart(9)} ms  ${(flops / 1e9 / (ms / 1000)).toFixed(2).padStart(7)} GFLOP/s  (median of ${n})\n`,
    );
  }
  tf.dispose([pixels, idsT, ...w.values()]);
  return out;
}

/** The table the README shows, from the cases of one run. */
function markdownTable(rows: Case[]): string {
  const lines = [
    '| model | backend | encoder | median ms | GFLOP/s | runs |',
    '| --- | --- | --- | ---: | ---: | ---: |',
  ];
  for (const c of rows) {
    lines.push(
      `| ${c.model} | ${c.backend} | ${c.encoder} | ${c.medianMs.toFixed(1)} | ${c.gflops.toFixed(2)} | ${c.runs} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The per-page table: JavaScript before interaction and median redraw time. */
function siteTable(site: SiteBench): string {
  const lines = [
    `Site build: ${site.buildSeconds.toFixed(1)} s`,
    '',
    '| page | JS before interaction (KB gzip) | figures | input → redraw, median ms (wasm) |',
    '| --- | ---: | ---: | ---: |',
  ];
  for (const p of site.pages) {
    const redraw =
      p.redrawMs === undefined ? (p.error ? 'failed' : '–') : `${p.redrawMs.toFixed(1)} (${p.redrawRuns})`;
    lines.push(`| ${p.path} | ${(p.jsGzipBytes / 1024).toFixed(1)} | ${p.liveFigures} | ${redraw} |`);
  }
  return `${lines.join('\n')}\n`;
}

const parts = new Set(values.parts.split(','));
const runs = Number(values.runs);
const cases: Case[] = [];
if (parts.has('model')) {
  for (const model of values.models.split(',')) {
    for (const backend of values.backends.split(',') as NodeBackend[])
      cases.push(...(await benchModel(model, backend, runs)));
  }
}
const site = parts.has('site') ? await benchSite(process.cwd(), Number(values['site-runs'])) : undefined;
mkdirSync('bench', { recursive: true });
// A partial run (--parts) keeps the other part's last numbers.
const previous = existsSync('bench/latest.json')
  ? (JSON.parse(readFileSync('bench/latest.json', 'utf8')) as { cases?: Case[]; site?: SiteBench })
  : {};
const report = {
  date: new Date().toISOString(),
  node: process.version,
  flops: { 'ViT-B/32': { image: imageFlops(PRESETS['ViT-B/32']!), text: textFlops(PRESETS['ViT-B/32']!) } },
  cases: parts.has('model') ? cases : (previous.cases ?? []),
  site: parts.has('site') ? site : previous.site,
};
writeFileSync('bench/latest.json', `${JSON.stringify(report, null, 2)}\n`);
process.stderr.write('wrote bench/latest.json\n');
if (cases.length) process.stdout.write(markdownTable(cases));
if (site) process.stdout.write(`\n${siteTable(site)}`);
