// The code cells' page weight for `npm run bench` (cells.ts times them): per built page with cells, the
// gzipped JavaScript before interaction, the part only the cells' scripts bring (their modules and static
// imports no other script of the page loads), what a cell's first use loads (the cells' dynamic imports
// with their static imports: the editor, the runner, the output's figures) and the cell worker's script.
// Pages and cells are found in the build, never listed here.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzJs, htmlPages, modulesOf, pageScripts, resolveSpec } from './site';

const CELL_MARK = '[data-notebook-cell]';
const CELL_NAME = /data-notebook-cell="([^"]+)"/g;
const CELL_LANG = /data-cell-lang="([^"]+)"/;
const DYNAMIC_IMPORT = /\bimport\(\s*[`"']([^`"'$]+\.js)[`"']\s*\)/g;
const WORKER_URL = /new\s+(?:Shared)?Worker\(\s*new\s+URL\(\s*[`"']([^`"'$]+\.js)[`"']/g;

export interface CellPageJs {
  /** Gzipped JavaScript before interaction, all of it (the site bench's count). */
  totalBytes: number;
  /** Of it, what only the cells' scripts load: without cells the page would ship totalBytes − cellBytes. */
  cellBytes: number;
  /** What a cell's first use loads: the cells' dynamic imports and their static imports. */
  firstUseBytes: number;
  /** Of it, what the page has not loaded before interaction. */
  firstUseNewBytes: number;
  /** The workers the first use starts (their scripts and static imports). */
  workerBytes: number;
}

export interface CellPageInfo {
  path: string;
  lang: string;
  cells: string[];
}

/** Pages of a build with code cells, in `langs` (the cells' data-cell-lang). */
export function cellPages(outDir: string, langs: readonly string[]): CellPageInfo[] {
  const out: CellPageInfo[] = [];
  for (const p of htmlPages(outDir)) {
    const html = readFileSync(path.join(outDir, p, 'index.html'), 'utf8');
    const cells = [...html.matchAll(CELL_NAME)].map((m) => m[1]!);
    const lang = CELL_LANG.exec(html)?.[1] ?? 'en';
    if (cells.length && langs.includes(lang)) out.push({ path: p, lang, cells });
  }
  return out;
}

const read = (outDir: string, f: string): string =>
  existsSync(path.join(outDir, f)) ? readFileSync(path.join(outDir, f), 'utf8') : '';

/** Files named by `re` in each of `files`, resolved from that file's folder. */
function named(outDir: string, files: Iterable<string>, re: RegExp): string[] {
  const out: string[] = [];
  for (const f of files) {
    for (const m of read(outDir, f).matchAll(re)) out.push(resolveSpec(path.posix.dirname(f), m[1]!));
  }
  return out;
}

/** The split of a page's JavaScript into the part with and without its cells, and what a cell's use loads. */
export function cellPageJs(outDir: string, page: string): CellPageJs {
  const { files, inline } = pageScripts(outDir, page);
  const isCell = (text: string): boolean => text.includes(CELL_MARK);
  const cellFiles = files.filter((f) => isCell(read(outDir, f)));
  const cellInline = inline.filter(isCell);
  const all = modulesOf(outDir, page, files, inline);
  const others = modulesOf(
    outDir,
    page,
    files.filter((f) => !cellFiles.includes(f)),
    inline.filter((b) => !isCell(b)),
  );
  const cellModules = modulesOf(outDir, page, cellFiles, cellInline);
  const lazy = modulesOf(
    outDir,
    page,
    [
      ...named(outDir, cellModules, DYNAMIC_IMPORT),
      ...cellInline.flatMap((b) => [...b.matchAll(DYNAMIC_IMPORT)].map((m) => resolveSpec(page, m[1]!))),
    ],
    [],
  );
  const workers = modulesOf(outDir, page, named(outDir, lazy, WORKER_URL), []);
  return {
    totalBytes: gzJs(outDir, all, inline),
    cellBytes: gzJs(
      outDir,
      [...all].filter((f) => !others.has(f)),
      cellInline,
    ),
    firstUseBytes: gzJs(outDir, lazy),
    firstUseNewBytes: gzJs(
      outDir,
      [...lazy].filter((f) => !all.has(f)),
    ),
    workerBytes: gzJs(outDir, workers),
  };
}
