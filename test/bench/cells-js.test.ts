// The bench's split of a page's JavaScript around its code cells: what only the cells' scripts load before
// interaction, what a cell's first use loads (their dynamic imports with their static imports, and the part
// of it the page has not loaded yet), the worker that use starts, and which pages of a build have cells.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { cellPageJs, cellPages } from '../../scripts/bench/cells-js';
import { pageJs } from '../../scripts/bench/site';

const dir = mkdtempSync(path.join(tmpdir(), 'cells-js-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (rel: string, text: string): string => {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), text);
  return text;
};
const gz = (text: string): number => gzipSync(text, { level: 6 }).length;

const shared = write('_astro/shared.js', 'export const s=1;'.repeat(20));
const figure = write('_astro/figure.js', 'import{s}from"./shared.js";console.log(s)');
const helper = write('_astro/helper.js', 'export const h=()=>2;'.repeat(10));
const boot = write(
  '_astro/boot.js',
  'import{s}from"./shared.js";import{h}from"./helper.js";' +
    'const ui=()=>import(`./ui.js`);document.querySelectorAll(`[data-notebook-cell]`).forEach(ui)',
);
const ui = write(
  '_astro/ui.js',
  'import{s}from"./shared.js";import{e}from"./editor.js";' +
    'new Worker(new URL(`/_astro/worker.js`,``+import.meta.url),{type:`module`})',
);
const editor = write('_astro/editor.js', 'export const e="' + 'c'.repeat(3000) + '";');
const worker = write('_astro/worker.js', '(function(){' + 'w();'.repeat(500) + '})()');
const inline = 'document.documentElement.dataset.theme="dark"';
const cellHtml = (lang: string, names: string[]): string =>
  `<html><head><script>${inline}</script>` +
  `<script type="module" src="/_astro/figure.js"></script><script type="module" src="/_astro/boot.js"></script></head>` +
  names
    .map(
      (n) =>
        `<section data-notebook-cell="${n}" data-cell-lang="${lang}"><pre data-cell-pre><code>x</code></pre>` +
        `<script type="application/json" data-cell-source>"show(1) // [data-notebook-cell]"</script></section>`,
    )
    .join('') +
  '</html>';
write('lesson/index.html', cellHtml('en', ['one', 'two']));
write('es/lesson/index.html', cellHtml('es', ['one']));
write(
  'plain/index.html',
  `<html><head><script>${inline}</script><script type="module" src="/_astro/figure.js"></script></head></html>`,
);

describe('cellPageJs', () => {
  it("splits off the modules only the cells' script loads, and counts what their first use loads", () => {
    const js = cellPageJs(dir, '/lesson/');
    expect(js.totalBytes).toBe(pageJs(dir, '/lesson/').bytes);
    expect(js.totalBytes).toBe(gz(inline) + gz(shared) + gz(figure) + gz(boot) + gz(helper));
    // shared.js is loaded by the figure's script too: the page would ship it without cells.
    expect(js.cellBytes).toBe(gz(boot) + gz(helper));
    expect(js.firstUseBytes).toBe(gz(ui) + gz(editor) + gz(shared));
    expect(js.firstUseNewBytes).toBe(gz(ui) + gz(editor));
    expect(js.workerBytes).toBe(gz(worker));
  });

  it('gives zero for the cells of a page without them', () => {
    const js = cellPageJs(dir, '/plain/');
    expect(js).toEqual({
      totalBytes: gz(inline) + gz(shared) + gz(figure),
      cellBytes: 0,
      firstUseBytes: 0,
      firstUseNewBytes: 0,
      workerBytes: 0,
    });
  });
});

describe('cellPages', () => {
  it("finds the pages with cells and their cells' names, in the languages asked for", () => {
    expect(cellPages(dir, ['en'])).toEqual([{ path: '/lesson/', lang: 'en', cells: ['one', 'two'] }]);
    expect(cellPages(dir, ['en', 'es']).map((p) => p.path)).toEqual(['/es/lesson/', '/lesson/']);
  });
});
