// The build step that writes sw.js (scripts/site/service-worker.ts) on a small built folder: the manifest
// lists every file by the URL it is asked for, KaTeX's woff and ttf fonts kept on first use only; the version
// changes when a file's content or name changes and not otherwise (sw.js itself left out); and the written
// worker, run in a fake service worker scope, takes this manifest and listens to install, activate and fetch.
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteManifest, writeServiceWorker } from '../../scripts/site/service-worker';

let dir = '';
const put = (file: string, body: string) => {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), body);
};

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'inside-clip-sw-'));
  put('index.html', '<h1>home</h1>');
  put('404.html', '<h1>missing</h1>');
  put('overview/index.html', '<h1>overview</h1>');
  put('es/overview/index.html', '<h1>resumen</h1>');
  put('_astro/page.Ab12.js', 'console.log(1)');
  put('_astro/KaTeX_Main-Regular.x1.woff2', 'w2');
  put('_astro/KaTeX_Main-Regular.x2.woff', 'w1');
  put('_astro/KaTeX_Main-Regular.x3.ttf', 'tt');
  put('models/tiny/model.safetensors', 'weights');
  put('models/vit-b-32/shard-0.bin', 'a converted real model, hundreds of megabytes');
  put('tfjs/tfjs-backend-wasm-threaded-simd.wasm', 'wasm');
  put('tokenizer/bpe-merges.txt', 'merges');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the service worker build step', () => {
  it('precaches pages by their folder, scripts, woff2, wasm, tokenizer and the tiny model; woff and ttf on use; no other model', async () => {
    const m = await siteManifest(dir);
    expect(m.version).toMatch(/^[0-9a-f]{16}$/);
    expect([...m.precache].sort()).toEqual([
      '',
      '404.html',
      '_astro/KaTeX_Main-Regular.x1.woff2',
      '_astro/page.Ab12.js',
      'es/overview/',
      'models/tiny/model.safetensors',
      'overview/',
      'tfjs/tfjs-backend-wasm-threaded-simd.wasm',
      'tokenizer/bpe-merges.txt',
    ]);
    expect(m.lazy).toEqual(['_astro/KaTeX_Main-Regular.x2.woff', '_astro/KaTeX_Main-Regular.x3.ttf']);
  });

  it('gives a new version to a new build, and the same to the same files', async () => {
    const first = (await siteManifest(dir)).version;
    await writeServiceWorker(dir); // sw.js itself is not part of the version
    expect((await siteManifest(dir)).version).toBe(first);
    put('overview/index.html', '<h1>overview, revised</h1>');
    const edited = (await siteManifest(dir)).version;
    expect(edited).not.toBe(first);
    renameSync(path.join(dir, 'tokenizer/bpe-merges.txt'), path.join(dir, 'tokenizer/merges.txt'));
    expect((await siteManifest(dir)).version).not.toBe(edited);
    renameSync(path.join(dir, 'tokenizer/merges.txt'), path.join(dir, 'tokenizer/bpe-merges.txt'));
    put('overview/index.html', '<h1>overview</h1>');
    expect((await siteManifest(dir)).version).toBe(first);
  });

  it('writes a worker that carries the manifest and listens to install, activate, fetch', async () => {
    const m = await writeServiceWorker(dir);
    const code = readFileSync(path.join(dir, 'sw.js'), 'utf8');
    expect(code).toContain(m.version);
    const listeners: string[] = [];
    const scope = {
      location: { href: 'https://clip.example/sw.js' },
      caches: {},
      addEventListener: (type: string) => listeners.push(type),
    };
    const context = vm.createContext({ self: scope, URL, Request, fetch: () => undefined });
    vm.runInContext(`${code}\n;globalThis.__manifest = SITE_MANIFEST;`, context);
    expect(listeners.sort()).toEqual(['activate', 'fetch', 'install', 'message']);
    expect(context.__manifest).toEqual(m);
  });
});
