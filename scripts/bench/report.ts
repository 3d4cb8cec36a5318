// Turns one `npm run bench` report into the headline numbers (bench/latest.json's `vitb32`) and the
// Markdown tables printed at the end of the run (and copied into the README).
import { PRESETS } from '../../src/clip/config';
import type { BrowserCase } from './browser';
import type { CellBench } from './cells';
import { encoderFlops } from './flops';
import type { Encoder } from './page/inputs';
import type { LabBench } from './labs';
import type { NativeCase } from './native';
import type { NodeCase } from './node';
import type { SiteBench } from './site';
import type { BrowserPeak } from './wasm-peak';

export interface Headline {
  oursMs: number;
  ortMs: number;
  ratio: number;
  threads: number;
}

export interface Report {
  date: string;
  cores: number;
  vitb32?: { image: Headline; text: Headline } | unknown;
  peakGflops?: number | unknown;
  browserPeak?: BrowserPeak | unknown;
  nodeCases?: NodeCase[] | unknown;
  browser: BrowserCase[];
  native?: NativeCase[] | unknown;
  site?: SiteBench | unknown;
  labs?: LabBench | unknown;
  cells?: CellBench | unknown;
}

const flopsOf = (model: string, encoder: Encoder): number => encoderFlops(PRESETS[model]!, encoder);

/** ViT-B/32 in Chromium on wasm at `threads` threads: ours, onnxruntime-web and their ratio per encoder. */
export function headline(
  cases: BrowserCase[],
  threads: number,
): { image: Headline; text: Headline } | undefined {
  const pick = (encoder: 'image' | 'text'): Headline | undefined => {
    const c = cases.find(
      (x) =>
        x.model === 'ViT-B/32' &&
        x.encoder === encoder &&
        x.backend === 'wasm' &&
        x.threads === threads &&
        x.capture === undefined &&
        x.capturedMB === undefined,
    );
    return c?.ortMs === undefined
      ? undefined
      : { oursMs: c.oursMs, ortMs: c.ortMs, ratio: c.ratio!, threads };
  };
  const image = pick('image');
  const text = pick('text');
  return image && text ? { image, text } : undefined;
}

const f1 = (x: number): string => x.toFixed(1);

const isPeak = (x: unknown): x is BrowserPeak =>
  typeof x === 'object' && x !== null && 'relaxed' in x && 'plain' in x;

const percent = (x: number, of: number | undefined): string => (of ? `${((100 * x) / of).toFixed(0)}%` : '–');

/**
 * The relaxed-SIMD peak a row is measured against: at the row's thread count on wasm; at all threads on
 * WebGL, whose software renderer here (SwiftShader) runs on every core.
 */
export function wasmPeakFor(c: BrowserCase, peak: BrowserPeak | undefined): number | undefined {
  if (!peak) return undefined;
  const all = Math.max(...Object.keys(peak.relaxed).map(Number));
  return peak.relaxed[String(c.backend === 'wasm' ? c.threads : all)];
}

export function browserTable(
  cases: BrowserCase[],
  peak: number | undefined,
  wasmPeak?: BrowserPeak,
): string[] {
  const lines = [
    '| model | encoder | backend | threads | capture, MB a run | ours ms | onnxruntime-web ms | ours / ort | ours GFLOP/s | share of peak | share of wasm peak | max abs diff | captured / plain |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const c of cases) {
    const gflops = flopsOf(c.model, c.encoder) / 1e9 / (c.oursMs / 1000);
    lines.push(
      `| ${c.model} | ${c.encoder} | ${c.backend} | ${c.threadsUsed || '–'} | ${c.capturedMB === undefined ? '–' : `${c.capture ?? 'every stage'}, ${f1(c.capturedMB)}`} | ${f1(c.oursMs)} | ${c.ortMs === undefined ? '–' : f1(c.ortMs)} | ${c.ratio === undefined ? '–' : c.ratio.toFixed(2)} | ${gflops.toFixed(1)} | ${percent(gflops, peak)} | ${percent(gflops, wasmPeakFor(c, wasmPeak))} | ${c.maxDiff === undefined ? '–' : c.maxDiff.toExponential(1)} | ${c.captureRatio === undefined ? '–' : c.captureRatio.toFixed(2)} |`,
    );
  }
  return lines;
}

/** GFLOP per pass of each OpenAI shape in the table (scripts/bench/flops.ts). */
function flopsLine(cases: BrowserCase[]): string {
  const models = [...new Set(cases.map((c) => c.model))].filter((m) => m.startsWith('ViT'));
  const g = (m: string, e: Encoder) => (flopsOf(m, e) / 1e9).toFixed(2);
  return `GFLOP per pass: ${models.map((m) => `${m} image ${g(m, 'image')}, text ${g(m, 'text')}, caption ${g(m, 'caption')}`).join('; ')}`;
}

function peakLine(p: BrowserPeak): string {
  const at = (build: keyof BrowserPeak) =>
    Object.entries(p[build])
      .map(([t, g]) => `${f1(g)} at ${t} thread${t === '1' ? '' : 's'}`)
      .join(', ');
  return `wasm SIMD peak in the bench worker, GFLOP/s: relaxed (f32x4.relaxed_madd) ${at('relaxed')}; plain (mul + add) ${at('plain')}`;
}

export function markdownReport(r: Report): string {
  const out: string[] = [];
  const peak = typeof r.peakGflops === 'number' ? r.peakGflops : undefined;
  const wasmPeak = isPeak(r.browserPeak) ? r.browserPeak : undefined;
  if (r.browser.length || wasmPeak) {
    out.push(
      `Chromium (${r.cores} cores${peak ? `; matmul peak ${f1(peak)} GFLOP/s, onnxruntime-node` : ''}):`,
      '',
    );
    if (wasmPeak) out.push(peakLine(wasmPeak), '');
    if (r.browser.length) out.push(flopsLine(r.browser), '');
    if (r.browser.length) out.push(...browserTable(r.browser, peak, wasmPeak), '');
  }
  if (Array.isArray(r.native) && r.native.length) {
    out.push('| onnxruntime-node | encoder | threads | ms |', '| --- | --- | ---: | ---: |');
    for (const c of r.native as NativeCase[])
      out.push(`| ${c.model} | ${c.encoder} | ${c.threads} | ${f1(c.medianMs)} |`);
    out.push('');
  }
  if (Array.isArray(r.nodeCases) && r.nodeCases.length) {
    out.push(
      '| Node (TF.js) | backend | encoder | capture | ms | GFLOP/s |',
      '| --- | --- | --- | --- | ---: | ---: |',
    );
    for (const c of r.nodeCases as NodeCase[]) {
      out.push(
        `| ${c.model} | ${c.backend} | ${c.encoder} | ${c.capture ? 'every stage' : '–'} | ${f1(c.medianMs)} | ${c.gflops.toFixed(2)} |`,
      );
    }
    out.push('');
  }
  const site = r.site as SiteBench | undefined;
  if (site?.pages) {
    out.push(`Site build: ${f1(site.buildSeconds)} s`, '');
    out.push('| page | JS before interaction (KB gzip) | figures | input → redraw, median ms (wasm) |');
    out.push('| --- | ---: | ---: | ---: |');
    for (const p of site.pages) {
      const redraw =
        p.redrawMs === undefined ? (p.error ? 'failed' : '–') : `${f1(p.redrawMs)} (${p.redrawRuns})`;
      out.push(`| ${p.path} | ${(p.jsGzipBytes / 1024).toFixed(1)} | ${p.liveFigures} | ${redraw} |`);
    }
    out.push('');
  }
  const labs = r.labs as LabBench | undefined;
  if (labs?.redraw) {
    out.push('| lab | control | control → redraw, median ms |', '| --- | --- | ---: |');
    for (const x of labs.redraw)
      out.push(
        `| ${x.lab} | ${x.control} | ${x.medianMs === undefined ? `not measured (${x.error})` : f1(x.medianMs)} |`,
      );
    out.push('', '| training lab | preset | steps | steps/s | 80% zero-shot after | best accuracy |');
    out.push('| --- | --- | ---: | ---: | ---: | ---: |');
    for (const t of labs.training) {
      const reach = t.secondsTo80 === undefined ? 'not reached' : `${f1(t.secondsTo80)} s`;
      out.push(
        `| ${t.backend} | ${t.preset} | ${t.steps} | ${t.stepsPerSecond.toFixed(2)} | ${t.error ? t.error : reach} | ${(100 * t.bestAccuracy).toFixed(0)}% |`,
      );
    }
    out.push('');
  }
  const cells = r.cells as CellBench | undefined;
  if (cells?.pages) out.push(...cellsTable(cells));
  return `${out.join('\n')}\n`;
}

const kb = (bytes: number): string => (bytes / 1024).toFixed(1);

/** The code cells' rows: each page's JavaScript with and without its cells, then each cell's Run times. */
export function cellsTable(c: CellBench): string[] {
  const out = [
    '| page with cells | cells | JS before interaction (KB gzip) | of it, cells | without cells | first use loads (KB gzip) | of it, new to the page | cell worker (KB gzip) | focus → editor ready, median ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const p of c.pages) {
    const editor =
      p.editorLoadMs === undefined ? (p.error ? 'failed' : '–') : `${f1(p.editorLoadMs)} (${p.editorLoads})`;
    out.push(
      `| ${p.path} | ${p.cells.length} | ${kb(p.totalBytes)} | ${kb(p.cellBytes)} | ${kb(p.totalBytes - p.cellBytes)} | ${kb(p.firstUseBytes)} | ${kb(p.firstUseNewBytes)} | ${kb(p.workerBytes)} | ${editor} |`,
    );
  }
  out.push('');
  if (!c.runs.length) return out;
  const ms = (x: number | undefined): string => (x === undefined ? '–' : f1(x));
  out.push(
    '| cell | page | Run → first output, cold ms | Run → end, cold ms | Run → first output, warm ms | Run → end, warm ms | fresh pages / warm runs |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const x of c.runs) {
    out.push(
      `| ${x.cell} | ${x.page} | ${ms(x.coldFirstOutputMs)} | ${ms(x.coldEndMs)} | ${ms(x.warmFirstOutputMs)} | ${ms(x.warmEndMs)} | ${x.loads} / ${x.warmRuns}${x.error ? ` (${x.error})` : ''} |`,
    );
  }
  out.push('');
  return out;
}
