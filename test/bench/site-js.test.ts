// The bench's count of JavaScript a page ships before any interaction: module scripts, their static
// imports (followed transitively, each file once) and inline scripts, gzipped; dynamic import() and JSON
// data blocks are left out.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { pageJs } from '../../scripts/bench/site';

const dir = mkdtempSync(path.join(tmpdir(), 'site-js-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (rel: string, text: string): string => {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), text);
  return text;
};
const gz = (text: string): number => gzipSync(text, { level: 6 }).length;

describe('pageJs', () => {
  it('counts module scripts with their static imports once, and inline scripts, but not dynamic imports', () => {
    const shared = write('_astro/shared.js', 'export const s=1;'.repeat(20));
    const a = write(
      '_astro/a.js',
      'import{s as t}from"./shared.js";import"./b.js";const x=()=>import("./lazy.js");',
    );
    const b = write('_astro/b.js', 'import{s}from"./shared.js";console.log(s)');
    write('_astro/lazy.js', 'export const huge="' + 'z'.repeat(5000) + '";');
    const inline = 'document.documentElement.dataset.theme="dark"';
    write(
      'page/index.html',
      `<html><head><script>${inline}</script><script type="application/json" class="fig-config">{"a":1}</script>` +
        `<script type="module" src="/_astro/a.js"></script></head><div data-figure="x"></div><div data-figure="y"></div></html>`,
    );
    const { bytes, liveFigures } = pageJs(dir, '/page/');
    expect(bytes).toBe(gz(shared) + gz(a) + gz(b) + gz(inline));
    expect(liveFigures).toBe(2);
  });

  it('gives zero for a page without scripts', () => {
    write('plain/index.html', '<html><body><p>text</p></body></html>');
    expect(pageJs(dir, '/plain/')).toEqual({ bytes: 0, liveFigures: 0 });
  });
});
