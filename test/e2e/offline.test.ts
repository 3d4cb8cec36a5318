// Issue 20, "the site reads offline after one visit", in Chromium: one page is visited, the service worker
// (dist/sw.js, scripts/site/service-worker.ts) takes control, then the browser goes offline and the server
// stops (so neither the page nor the worker can reach it): a reload and other lessons in both languages
// open from the cache, cross-origin isolated, with KaTeX's fonts, and figures compute on the tiny model (a
// text edited, a pair added). Then a changed copy of the build, its sw.js written again as the build does,
// is served on the same port: the new worker replaces the old cache (and only that: the model store's
// cache stays), and offline the page of the new build is the one shown.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { siteManifest, writeServiceWorker } from '../../scripts/site/service-worker';
import { type StaticServer, startStaticServer } from '../../scripts/site/static-server';
import { CACHE_PREFIX } from '../../src/runtime/offline-cache';
import { en } from '../../site/i18n/en';
import { es } from '../../site/i18n/es';
import { type OpenedPage, openPage, useBrowser } from './browser';
import { nextResult, recordResults, resultCount } from './live-helpers';

const siteDir = inject('siteDir');
const browser = useBrowser();
const TENSOR = 'figure[data-figure="tensor"]';
const LAB = 'figure[data-lab="logits"]';
const MARKER = '<meta name="inside-clip-build" content="second">';

let tmp = '';
let server: StaticServer | undefined;
let port = 0;
let opened: OpenedPage;
let page: Page;
let context: BrowserContext;
let first = '';

const url = (p: string) => `http://127.0.0.1:${port}${p}`;

async function stopServer(): Promise<void> {
  server?.server.closeAllConnections();
  await server?.close();
  server = undefined;
}

/** The build the controlling worker keeps (it answers a 'version' message). */
const workerVersion = (): Promise<string> =>
  page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = (e) => resolve(e.data as string);
        navigator.serviceWorker.controller!.postMessage('version', [channel.port2]);
      }),
  );

const cacheNames = (): Promise<string[]> => page.evaluate(() => caches.keys());

/** Opens a page offline and checks it came whole from the worker: status, isolation, heading, fonts. */
async function openOffline(p: string, lang: 'en' | 'es'): Promise<void> {
  const res = await page.goto(url(p), { waitUntil: 'load' });
  expect(res?.status(), p).toBe(200);
  expect(res?.fromServiceWorker(), p).toBe(true);
  const shown = await page.evaluate(async () => {
    await document.fonts.ready;
    const katex = [...document.fonts].filter((f) => f.family.includes('KaTeX'));
    return {
      isolated: self.crossOriginIsolated,
      lang: document.documentElement.lang,
      h1: document.querySelector('h1')?.textContent?.trim() ?? '',
      math: document.querySelectorAll('.katex').length,
      fontsLoaded: katex.filter((f) => f.status === 'loaded').length,
      fontsFailed: katex.filter((f) => f.status === 'error').map((f) => f.family),
      status: document.querySelector('.offline-status')?.textContent ?? null,
      role: document.querySelector('.offline-status')?.getAttribute('role'),
    };
  });
  expect(shown.isolated, p).toBe(true);
  expect(shown.lang, p).toBe(lang);
  expect(shown.h1.length, p).toBeGreaterThan(0);
  if (shown.math > 0) expect(shown.fontsLoaded, p).toBeGreaterThan(0);
  expect(shown.fontsFailed, p).toEqual([]);
  expect(shown.status, p).toBe((lang === 'en' ? en : es).offline.saved);
  expect(shown.role).toBe('status');
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'inside-clip-offline-'));
  cpSync(siteDir, path.join(tmp, 'first'), { recursive: true });
  first = (await siteManifest(path.join(tmp, 'first'))).version;
  server = await startStaticServer(path.join(tmp, 'first'));
  port = Number(new URL(server.url).port);
  opened = await openPage(browser(), 'about:blank', { serviceWorkers: 'allow' });
  page = opened.page;
  context = page.context();
  await recordResults(page);
});

afterAll(async () => {
  await opened?.close();
  await stopServer();
  rmSync(tmp, { recursive: true, force: true });
});

describe('offline reading', () => {
  it('keeps the site after one visit: reloads, other lessons in both languages, live figures', async () => {
    await page.goto(url('/overview/'), { waitUntil: 'load' });
    expect(await page.locator('.offline-status').textContent()).toBe('');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 90_000 });
    expect(await workerVersion()).toBe(first);
    expect(await cacheNames()).toContain(`${CACHE_PREFIX}${first}`);
    // A model the reader converted or downloaded: the site's worker must leave it alone.
    await page.evaluate(async () => {
      const store = await caches.open('inside-clip-models-v1');
      await store.put('/models/mine/model.safetensors', new Response('weights'));
    });

    await context.setOffline(true);
    await stopServer();
    await expect.poll(() => page.locator('.offline-status').textContent()).toBe(en.offline.saved);
    await page.reload({ waitUntil: 'load' });
    await openOffline('/overview/', 'en');
    for (const p of ['/tokenizer/', '/similarity-temperature/', '/transformer-block/'])
      await openOffline(p, 'en');

    // A text edited offline: the worker, the wasm files, the tokenizer and the tiny model come from the cache.
    let seen = await resultCount(page);
    await page.locator(`${TENSOR} input.fig-text`).fill('a purple heart');
    let r = await nextResult(page, seen);
    expect(r.backend).toBe('wasm');
    expect(await page.locator(`${TENSOR} .viz-row-labels text`).allTextContents()).toContain('heart·');

    for (const p of [
      '/es/overview/',
      '/es/tokenizer/',
      '/es/positional-embedding/',
      '/es/transformer-block/',
    ])
      await openOffline(p, 'es');
    seen = await resultCount(page);
    await page.locator(`${TENSOR} input.fig-text`).fill('una estrella verde');
    r = await nextResult(page, seen);
    expect(r.backend).toBe('wasm');
    expect(await page.locator(`${TENSOR} .viz-row-labels text`).allTextContents()).toContain('verde·');

    await openOffline('/es/logits-lab/', 'es');
    await page.evaluate(() => {
      const w = window as unknown as { __lab: number };
      w.__lab = 0;
      document.addEventListener('lab:result', () => w.__lab++);
    });
    await page.locator(`${LAB} .lab-add`).click();
    await page.waitForFunction(() => (window as unknown as { __lab: number }).__lab > 0, null, {
      timeout: 90_000,
    });
    expect(await page.locator(`${LAB} .fig-status`).getAttribute('class')).not.toContain('fig-problem');

    // What the worker keeps is the build's own files, nothing the reader gave.
    const manifest = await siteManifest(path.join(tmp, 'first'));
    const own = new Set([...manifest.precache, ...manifest.lazy].map((p) => url(`/${p}`)));
    const kept = await page.evaluate(
      async (name) => (await (await caches.open(name)).keys()).map((k) => k.url),
      `${CACHE_PREFIX}${first}`,
    );
    expect(kept.filter((k) => !own.has(k))).toEqual([]);
    expect(opened.problems.pageErrors).toEqual([]);
    expect(opened.problems.consoleErrors).toEqual([]);
  });

  it('replaces the cache when a new build is served', async () => {
    const second = path.join(tmp, 'second');
    cpSync(path.join(tmp, 'first'), second, { recursive: true });
    const page0 = path.join(second, 'overview/index.html');
    writeFileSync(page0, readFileSync(page0, 'utf8').replace('<head>', `<head>${MARKER}`));
    const next = (await writeServiceWorker(second)).version;
    expect(next).not.toBe(first);
    server = await startStaticServer(second, port);
    await context.setOffline(false);

    await page.goto(url('/overview/'), { waitUntil: 'load' });
    expect(await page.locator('meta[name="inside-clip-build"]').count()).toBe(1); // the network first
    await expect
      .poll(async () => (await cacheNames()).filter((n) => n.startsWith(CACHE_PREFIX)), { timeout: 90_000 })
      .toEqual([`${CACHE_PREFIX}${next}`]);
    await expect.poll(workerVersion, { timeout: 30_000 }).toBe(next);
    expect(await cacheNames()).toContain('inside-clip-models-v1');
    expect(
      await page.evaluate(async () => (await caches.match('/models/mine/model.safetensors'))?.text()),
    ).toBe('weights');

    await context.setOffline(true);
    await stopServer();
    await page.reload({ waitUntil: 'load' });
    await openOffline('/overview/', 'en');
    expect(await page.locator('meta[name="inside-clip-build"]').count()).toBe(1);
    await openOffline('/es/similarity-temperature/', 'es');
    expect(opened.problems.pageErrors).toEqual([]);
  });
});
