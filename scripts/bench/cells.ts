// The code cells' side of `npm run bench`, on the built site in Chromium with the tiny model (wasm):
// - weight: per page with cells, what cells-js.ts measures (JS with and without cells, first use, worker);
// - editor load: in a fresh page, from the first focus of a cell's code to `data-cell-editor="ready"`;
// - Run: from the click on Run to the output's first child and to the cell's final state, the first run in
//   a fresh page (cold: the editor, the worker and its model start) and the runs after it (warm).
// Pages and cells are found in the build, never listed here.
import type { Browser, Page } from 'playwright-core';
import { median } from './median';
import { type CellPageInfo, type CellPageJs, cellPageJs, cellPages } from './cells-js';

/** What marks a script as the cells' own: the boot script finds its cells by this selector. */
export interface CellPageBench extends CellPageInfo, CellPageJs {
  /** Median first focus of the first cell's code → editor ready, each in a fresh page. */
  editorLoadMs?: number;
  editorLoads: number;
  error?: string;
}

export interface CellRunBench {
  page: string;
  cell: string;
  /** Medians over fresh pages of the first Run's click → first output and → final state. */
  coldFirstOutputMs?: number;
  coldEndMs?: number;
  /** Medians over the runs after the first, in the same pages. */
  warmFirstOutputMs?: number;
  warmEndMs?: number;
  loads: number;
  warmRuns: number;
  /** The final state when a run did not end in 'done', or why the cell was not measured. */
  error?: string;
}

export interface CellBench {
  pages: CellPageBench[];
  runs: CellRunBench[];
}

const FINAL = ['done', 'error', 'stopped', 'failed'];

interface RunTimes {
  firstMs?: number;
  endMs: number;
  state: string;
}

type Waiting = { __cell: Promise<RunTimes | number> };

const cellRoot = (name: string): string => `[data-notebook-cell="${name}"]`;

async function freshPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  // Before interaction: the page's own start-up work done.
  await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 5000 })));
  return page;
}

/** First focus of the cell's code → data-cell-editor="ready" on the cell, in ms. */
async function timeEditor(page: Page, cell: string): Promise<number> {
  await page.evaluate((sel) => {
    const root = document.querySelector<HTMLElement>(sel)!;
    (window as unknown as Waiting).__cell = new Promise<number>((resolve, reject) => {
      let t0 = 0;
      document.addEventListener('focusin', () => (t0 = performance.now()), { capture: true, once: true });
      const seen = new MutationObserver(() => {
        if (!t0 || root.getAttribute('data-cell-editor') !== 'ready') return;
        seen.disconnect();
        resolve(performance.now() - t0);
      });
      seen.observe(root, { attributes: true, attributeFilter: ['data-cell-editor'] });
      setTimeout(() => reject(new Error('the editor was not ready within 60 s of the focus')), 60_000);
    });
  }, cellRoot(cell));
  await page.locator(`${cellRoot(cell)} [data-cell-pre]`).focus();
  return page.evaluate(() => (window as unknown as Waiting).__cell as Promise<number>);
}

/** Click on Run → the output's first child and → a final data-cell-state. */
async function timeRun(page: Page, cell: string): Promise<RunTimes> {
  await page.evaluate(
    ([sel, final]) => {
      const root = document.querySelector<HTMLElement>(sel)!;
      const output = root.querySelector('[data-cell-output]')!;
      const run = root.querySelector('[data-cell-run]')!;
      (window as unknown as Waiting).__cell = new Promise<RunTimes>((resolve, reject) => {
        let t0 = 0;
        let running = false;
        let firstMs: number | undefined;
        // No named functions in here: the bench's transpiler would wrap them in a helper the page lacks.
        document.addEventListener(
          'click',
          (e) => {
            if (!t0 && run.contains(e.target as Node)) t0 = performance.now();
          },
          { capture: true },
        );
        const seen = new MutationObserver(() => {
          if (!t0) return;
          const state = root.dataset.cellState ?? '';
          // The output is emptied as the state turns 'running': children from then on are this run's.
          if (state === 'running') running = true;
          if (!running) return;
          const now = performance.now() - t0;
          if (firstMs === undefined && output.firstChild) firstMs = now;
          if (final.includes(state)) {
            seen.disconnect();
            resolve({ firstMs, endMs: now, state });
          }
        });
        seen.observe(root, {
          subtree: true,
          childList: true,
          attributes: true,
          attributeFilter: ['data-cell-state'],
        });
        setTimeout(() => reject(new Error('the run did not end within 120 s of the click')), 120_000);
      });
    },
    [cellRoot(cell), FINAL] as const,
  );
  await page.locator(`${cellRoot(cell)} [data-cell-run]`).click();
  return page.evaluate(() => (window as unknown as Waiting).__cell as Promise<RunTimes>);
}

const message = (err: unknown): string => (err as Error).message.split('\n')[0]!;

const closePage = (page: Page | undefined): Promise<void> =>
  page
    ? page
        .context()
        .close()
        .catch(() => undefined)
    : Promise.resolve();

async function editorCase(
  alive: () => Promise<Browser>,
  baseUrl: string,
  info: CellPageInfo,
  loads: number,
): Promise<{ editorLoadMs?: number; error?: string }> {
  const times: number[] = [];
  for (let k = 0; k < loads; k++) {
    let page: Page | undefined;
    try {
      page = await freshPage(await alive(), `${baseUrl}${info.path}?backend=wasm`);
      times.push(await timeEditor(page, info.cells[0]!));
    } catch (err) {
      return { error: message(err) };
    } finally {
      await closePage(page);
    }
  }
  return { editorLoadMs: median(times) };
}

async function runCase(
  alive: () => Promise<Browser>,
  baseUrl: string,
  pagePath: string,
  cell: string,
  loads: number,
  warmRuns: number,
): Promise<CellRunBench> {
  const cold: RunTimes[] = [];
  const warm: RunTimes[] = [];
  const result: CellRunBench = { page: pagePath, cell, loads, warmRuns: 0 };
  for (let k = 0; k < loads; k++) {
    let page: Page | undefined;
    try {
      page = await freshPage(await alive(), `${baseUrl}${pagePath}?backend=wasm`);
      cold.push(await timeRun(page, cell));
      for (let j = 0; j < warmRuns; j++) warm.push(await timeRun(page, cell));
    } catch (err) {
      result.error = message(err);
      break;
    } finally {
      await closePage(page);
    }
  }
  const firsts = (xs: RunTimes[]): number[] =>
    xs.flatMap((x) => (x.firstMs === undefined ? [] : [x.firstMs]));
  if (cold.length) {
    result.coldEndMs = median(cold.map((x) => x.endMs));
    if (firsts(cold).length) result.coldFirstOutputMs = median(firsts(cold));
  }
  if (warm.length) {
    result.warmEndMs = median(warm.map((x) => x.endMs));
    if (firsts(warm).length) result.warmFirstOutputMs = median(firsts(warm));
    result.warmRuns = warm.length;
  }
  const bad = [...cold, ...warm].find((x) => x.state !== 'done');
  if (bad && !result.error) result.error = `ended '${bad.state}'`;
  return result;
}

const ms = (x: number | undefined): string => (x === undefined ? '–' : x.toFixed(1));

/** `launch` starts a browser; a case that loses it (a crashed page) is reported and the next gets a new one. */
export async function benchCells(
  launch: () => Promise<Browser>,
  outDir: string,
  baseUrl: string | undefined,
  o: { langs: readonly string[]; loads: number; warmRuns: number },
): Promise<CellBench> {
  const found = cellPages(outDir, o.langs);
  const pages: CellPageBench[] = found.map((info) => ({
    ...info,
    ...cellPageJs(outDir, info.path),
    editorLoads: 0,
  }));
  const runs: CellRunBench[] = [];
  for (const p of pages) {
    process.stderr.write(
      `${p.path.padEnd(34)} JS ${(p.totalBytes / 1024).toFixed(1)} KB, cells ${(p.cellBytes / 1024).toFixed(1)} KB; first use ${(p.firstUseBytes / 1024).toFixed(1)} KB (new ${(p.firstUseNewBytes / 1024).toFixed(1)}), worker ${(p.workerBytes / 1024).toFixed(1)} KB\n`,
    );
  }
  if (!baseUrl) return { pages, runs };
  let browser: Browser | undefined;
  const alive = async (): Promise<Browser> => (browser?.isConnected() ? browser : (browser = await launch()));
  try {
    for (const p of pages) {
      const e = await editorCase(alive, baseUrl, p, o.loads);
      Object.assign(p, e, { editorLoads: e.error ? 0 : o.loads });
      process.stderr.write(
        `${p.path.padEnd(34)} editor load ${e.error ? `not measured: ${e.error}` : `${ms(e.editorLoadMs)} ms (median of ${o.loads})`}\n`,
      );
      for (const cell of p.cells) {
        const r = await runCase(alive, baseUrl, p.path, cell, o.loads, o.warmRuns);
        runs.push(r);
        process.stderr.write(
          `${`${p.path} ${cell}`.padEnd(50)} Run → output cold ${ms(r.coldFirstOutputMs)} / end ${ms(r.coldEndMs)} ms; warm ${ms(r.warmFirstOutputMs)} / ${ms(r.warmEndMs)} ms (median of ${r.warmRuns})${r.error ? `; ${r.error}` : ''}\n`,
        );
      }
    }
  } finally {
    await browser?.close().catch(() => undefined);
  }
  return { pages, runs };
}
