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

export function htmlPages(dir: string, prefix = '/'): string[] {
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

/** A module specifier seen in `from` (a folder of the site), as a path from the site's root. */
export const resolveSpec = (from: string, spec: string): string =>
  spec.startsWith('/') ? spec : path.posix.join(from, spec);

/** Files a module pulls in statically, itself included (dynamic import() is left out). */
export function staticClosure(outDir: string, entry: string, seen: Set<string>): void {
  if (seen.has(entry)) return;
  const file = path.join(outDir, entry);
  if (!existsSync(file)) return;
  seen.add(entry);
  const code = readFileSync(file, 'utf8');
  for (const m of code.matchAll(STATIC_IMPORT)) {
    staticClosure(outDir, resolveSpec(path.posix.dirname(entry), m[1]!), seen);
  }
}

export interface PageScripts {
  html: string;
  /** Module files the page names: script src and modulepreload, as paths from the site's root. */
  files: string[];
  /** Bodies of the inline scripts (JSON data blocks and empty scripts left out). */
  inline: string[];
}

export function pageScripts(outDir: string, page: string): PageScripts {
  const html = readFileSync(path.join(outDir, page, 'index.html'), 'utf8');
  const files: string[] = [];
  for (const re of [MODULE_SRC, PRELOAD]) {
    for (const m of html.matchAll(re)) files.push(resolveSpec(page, m[1]!));
  }
  const inline: string[] = [];
  for (const m of html.matchAll(INLINE)) {
    const open = m[0].slice(0, m[0].indexOf('>') + 1);
    if (m[1]!.trim() && !/type="application\/(ld\+)?json"/.test(open)) inline.push(m[1]!);
  }
  return { html, files: [...new Set(files)], inline };
}

/** Module files that `files` and the imports of `inline` (scripts of `page`) load statically, each once. */
export function modulesOf(outDir: string, page: string, files: string[], inline: string[]): Set<string> {
  const modules = new Set<string>();
  for (const f of files) staticClosure(outDir, f, modules);
  for (const body of inline) {
    for (const imp of body.matchAll(STATIC_IMPORT))
      staticClosure(outDir, resolveSpec(page, imp[1]!), modules);
  }
  return modules;
}

/** Gzipped bytes of module files and inline script bodies, each counted once. */
export const gzJs = (outDir: string, files: Iterable<string>, inline: readonly string[] = []): number => {
  let bytes = 0;
  for (const f of new Set(files)) bytes += gz(readFileSync(path.join(outDir, f)));
  for (const body of inline) bytes += gz(body);
  return bytes;
};

export function pageJs(outDir: string, page: string): { bytes: number; liveFigures: number } {
  const { html, files, inline } = pageScripts(outDir, page);
  const bytes = gzJs(outDir, modulesOf(outDir, page, files, inline), inline);
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

export interface BuiltSite {
  outDir: string;
  buildSeconds: number;
  /** Where the build is served; absent without Chromium, when nothing in the browser is measured. */
  url?: string;
}

/** Builds the site into a folder of its own, serves it while `use` runs, then removes the build. */
export async function withBuiltSite<T>(
  repoRoot: string,
  chromiumPath: string,
  use: (site: BuiltSite) => Promise<T>,
): Promise<T> {
  const outDir = path.join(repoRoot, 'bench', `site-${process.pid}`);
  try {
    const buildSeconds = await timeBuild(repoRoot, outDir);
    process.stderr.write(`site build ${buildSeconds.toFixed(1)} s\n`);
    if (!existsSync(chromiumPath)) {
      process.stderr.write(
        `no Chromium at ${chromiumPath}: browser times left out (apt-get install -y chromium)\n`,
      );
      return await use({ outDir, buildSeconds });
    }
    const server = await startStaticServer(outDir);
    try {
      return await use({ outDir, buildSeconds, url: server.url });
    } finally {
      await server.close();
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** JavaScript per page of a build, and input → redraw times when it is served. */
export async function benchSite(
  site: BuiltSite,
  runs: number,
  chromiumPath = '/usr/bin/chromium',
): Promise<SiteBench> {
  const pages: PageCost[] = htmlPages(site.outDir).map((p) => {
    const { bytes, liveFigures } = pageJs(site.outDir, p);
    return { path: p, jsGzipBytes: bytes, liveFigures };
  });
  if (site.url) await redrawTimes(site.url, pages, runs, chromiumPath);
  return { buildSeconds: site.buildSeconds, pages };
}
