// The site's side of `npm run bench`: build time, JavaScript each page ships before any interaction
// (gzipped; modules the page loads by itself, not the ones a figure imports on demand), and the time
// from an input change to the redrawn figure on the tiny model in Chromium (wasm), as medians.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Browser, chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../site/chromium-args';
import { startStaticServer } from '../site/static-server';
import { median } from './median';

export interface PageCost {
  path: string;
  /** Gzipped bytes of module scripts (and their static imports) and inline scripts. */
  jsGzipBytes: number;
  /** Figures on the page (each prerendered; live once the reader changes an input). */
  liveFigures: number;
  /** Median input → redrawn figure on wasm, for pages with a live text or image input. */
  redrawMs?: number;
  redrawRuns?: number;
  /** Why the redraw time is missing, when measuring failed. */
  error?: string;
}

const STATIC_IMPORT = /(?:^|[;\s}])(?:import|export)\s*(?:[\w*{}\s,$]*?\s*from\s*)?["']([^"']+\.js)["']/g;
const MODULE_SRC = /<script[^>]*type="module"[^>]*src="([^"]+)"/g;
const PRELOAD = /<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g;
const INLINE = /<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g;

const gz = (text: string | Buffer): number => gzipSync(text, { level: 6 }).length;

function htmlPages(dir: string, prefix = '/'): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      if (name !== '_astro' && name !== 'models' && name !== 'tfjs')
        out.push(...htmlPages(full, `${prefix}${name}/`));
    } else if (name === 'index.html') out.push(prefix);
  }
  return out.sort();
}

/** Files a module pulls in statically, itself included (dynamic import() is left out). */
function staticClosure(outDir: string, entry: string, seen: Set<string>): void {
  if (seen.has(entry)) return;
  const file = path.join(outDir, entry);
  if (!existsSync(file)) return;
  seen.add(entry);
  const code = readFileSync(file, 'utf8');
  for (const m of code.matchAll(STATIC_IMPORT)) {
    staticClosure(outDir, path.posix.join(path.posix.dirname(entry), m[1]!), seen);
  }
}

export function pageJs(outDir: string, page: string): { bytes: number; liveFigures: number } {
  const html = readFileSync(path.join(outDir, page, 'index.html'), 'utf8');
  const modules = new Set<string>();
  for (const re of [MODULE_SRC, PRELOAD]) {
    for (const m of html.matchAll(re)) staticClosure(outDir, m[1]!, modules);
  }
  let bytes = 0;
  for (const m of html.matchAll(INLINE)) {
    const body = m[1]!;
    for (const imp of body.matchAll(STATIC_IMPORT)) staticClosure(outDir, imp[1]!, modules);
    if (body.trim() && !/type="application\/(ld\+)?json"/.test(m[0])) bytes += gz(body);
  }
  for (const f of modules) bytes += gz(readFileSync(path.join(outDir, f)));
  const liveFigures = (html.match(/data-figure="/g) ?? []).length;
  return { bytes, liveFigures };
}

export async function timeBuild(repoRoot: string, outDir: string): Promise<number> {
  const astro = path.join(repoRoot, 'node_modules/astro/bin/astro.mjs');
  const start = performance.now();
  const child = spawn(process.execPath, [astro, 'build', '--outDir', outDir], {
    cwd: repoRoot,
    stdio: 'ignore',
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`astro build failed (exit ${code}); run \`npm run build\` to see why`);
  return (performance.now() - start) / 1000;
}

const TEXTS = [
  'a red circle',
  'a big blue star',
  'a small green square at the top left',
  'a cross',
  'two hearts',
];

/** Median input → redraw per page with a live input, measured through the figures' 'fig:result' event. */

type Ms = { __ms: number[] };

/** Median input → redraw on one page, or undefined when the page has no live input. */
async function redrawOnPage(browser: Browser, url: string, runs: number): Promise<number[] | undefined> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as Ms;
      w.__ms = [];
      document.addEventListener('fig:result', (e) =>
        w.__ms.push((e as CustomEvent).detail.totalMs as number),
      );
    });
    await page.goto(url, { waitUntil: 'load' });
    // Lesson figures only: the labs report their own results and are timed by scripts/bench/labs.ts.
    const text = page.locator('figure[data-figure] input.fig-text').first();
    const thumbs = page.locator('figure[data-figure] .fig-thumb-button');
    const hasText = (await text.count()) > 0;
    if (!hasText && (await thumbs.count()) === 0) return undefined;
    const count = (): Promise<number> => page.evaluate(() => (window as unknown as Ms).__ms.length);
    const times: number[] = [];
    for (let k = 0; k < runs + 1; k++) {
      const seen = await count();
      if (hasText) await text.fill(TEXTS[k % TEXTS.length]!);
      else await thumbs.nth((k + 1) % (await thumbs.count())).click();
      await page.waitForFunction((n) => (window as unknown as Ms).__ms.length > n, seen, {
        timeout: 120_000,
      });
      const ms = await page.evaluate(() => (window as unknown as Ms).__ms.at(-1)!);
      if (k > 0) times.push(ms); // the first change also loads the model and warms up kernels
    }
    return times;
  } finally {
    await context.close().catch(() => undefined);
  }
}

/** Median input → redraw per page with a live input, measured through the figures' 'fig:result' event. */
async function redrawTimes(
  baseUrl: string,
  pages: PageCost[],
  runs: number,
  chromiumPath: string,
): Promise<void> {
  const launch = (): Promise<Browser> =>
    chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });
  let browser = await launch();
  try {
    for (const p of pages) {
      try {
        const times = await redrawOnPage(browser, `${baseUrl}${p.path}?backend=wasm`, runs);
        if (!times) continue;
        p.redrawMs = median(times);
        p.redrawRuns = times.length;
        process.stderr.write(
          `${p.path.padEnd(34)} redraw ${p.redrawMs.toFixed(1).padStart(7)} ms (median of ${times.length})\n`,
        );
      } catch (err) {
        p.error = (err as Error).message.split('\n')[0];
        process.stderr.write(`${p.path.padEnd(34)} not measured: ${p.error}\n`);
        if (!browser.isConnected()) browser = await launch();
      }
    }
  } finally {
    await browser.close();
  }
}

export interface SiteBench {
  buildSeconds: number;
  pages: PageCost[];
}

/** Builds the site, measures it, then runs `alsoServed` (the labs' bench) while the build is served. */
export async function benchSite(
  repoRoot: string,
  runs: number,
  chromiumPath = '/usr/bin/chromium',
  alsoServed?: (url: string) => Promise<void>,
): Promise<SiteBench> {
  const outDir = path.join(repoRoot, 'bench', `site-${process.pid}`);
  try {
    const buildSeconds = await timeBuild(repoRoot, outDir);
    process.stderr.write(`site build ${buildSeconds.toFixed(1)} s\n`);
    const pages: PageCost[] = htmlPages(outDir).map((p) => {
      const { bytes, liveFigures } = pageJs(outDir, p);
      return { path: p, jsGzipBytes: bytes, liveFigures };
    });
    if (existsSync(chromiumPath)) {
      const server = await startStaticServer(outDir);
      try {
        await redrawTimes(server.url, pages, runs, chromiumPath);
        if (alsoServed) await alsoServed(server.url);
      } finally {
        await server.close();
      }
    } else {
      process.stderr.write(
        `no Chromium at ${chromiumPath}: redraw times left out (apt-get install -y chromium)\n`,
      );
    }
    return { buildSeconds, pages };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
