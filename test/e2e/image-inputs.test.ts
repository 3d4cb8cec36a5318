// The reader's image in the browser: a slow decode finishing after a later sample click never draws (the
// sample stays, pressed), a later size-limit message is not overwritten, an SVG file is rasterised and
// computed on, transparent images get the note (English and Spanish), and the page's node count stays flat
// over several uploads.
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { openPage, useBrowser } from './browser';
import { nextResult, recordResults, resultCount } from './live-helpers';

const baseUrl = inject('baseUrl');
const browser = useBrowser();
const PATCH = 'figure[data-figure="patch"]';

async function open(path: string) {
  const opened = await openPage(browser(), 'about:blank');
  await recordResults(opened.page);
  await opened.page.addInitScript(() => {
    const w = window as unknown as { __dropped: number };
    w.__dropped = 0;
    document.addEventListener('fig:image-dropped', () => (w.__dropped += 1));
  });
  await opened.page.goto(`${baseUrl}${path}`, { waitUntil: 'load' });
  await opened.page.locator(`${PATCH} input.fig-file`).waitFor({ state: 'attached' });
  return opened;
}

/** A PNG drawn in the page: `w`×`h`, a red field with a blue square, `clear` leaves its right half transparent. */
function png(page: Page, w: number, h: number, clear = false): Promise<Buffer> {
  return page
    .evaluate(
      async ([w, h, clear]) => {
        const c = new OffscreenCanvas(w, h);
        const ctx = c.getContext('2d')!;
        ctx.fillStyle = '#c33';
        ctx.fillRect(0, 0, w, h);
        ctx.fillStyle = '#33c';
        ctx.fillRect(w / 4, h / 4, w / 4, h / 4);
        if (clear) ctx.clearRect(w / 2, 0, w / 2, h);
        const blob = await c.convertToBlob({ type: 'image/png' });
        return Array.from(new Uint8Array(await blob.arrayBuffer()));
      },
      [w, h, clear] as const,
    )
    .then((a) => Buffer.from(a));
}

const pressed = (page: Page) =>
  page
    .locator(`${PATCH} .fig-thumb-button`)
    .evaluateAll((bs) => bs.findIndex((b) => b.getAttribute('aria-pressed') === 'true'));
const dropped = (page: Page, n: number) =>
  page.waitForFunction((n) => (window as unknown as { __dropped: number }).__dropped >= n, n, {
    timeout: 60_000,
  });

describe('the image picker', () => {
  it('keeps a sample clicked while a large file decodes, and a later size-limit message', async () => {
    const { page, problems, close } = await open('/image-patches/?backend=wasm');
    try {
      const fig = page.locator(PATCH);
      const file = fig.locator('input.fig-file');
      const big = await png(page, 8000, 6000);
      let seen = await resultCount(page);
      await file.setInputFiles({ name: 'big.png', mimeType: 'image/png', buffer: big });
      await expect.poll(() => fig.locator('.fig-reading').textContent()).toMatch(/Reading “big\.png”…/);
      await fig.locator('.fig-thumb-button').nth(5).click();
      await nextResult(page, seen);
      const sample = await fig.locator('.fig-part-grid image').getAttribute('href');
      await dropped(page, 1); // the big decode finished, and was dropped
      await page.waitForTimeout(300);
      expect(await pressed(page)).toBe(5);
      expect(await fig.locator('.fig-part-grid image').getAttribute('href')).toBe(sample);
      expect(await fig.locator('.fig-reading').isHidden()).toBe(true);

      // A file over the limit chosen while another decodes: its message stays. Both are dropped in one go
      // (a 41 MB upload through the test driver takes longer than the decode).
      seen = await resultCount(page);
      await page.evaluate(async (bytes) => {
        const fig = document.querySelector('figure[data-figure="patch"]')!;
        const drop = (file: File): void => {
          const dt = new DataTransfer();
          dt.items.add(file);
          fig.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
        };
        drop(new File([new Uint8Array(bytes)], 'big.png', { type: 'image/png' }));
        drop(new File([new Uint8Array(41 * 2 ** 20)], 'huge.png', { type: 'image/png' }));
      }, Array.from(big));
      await dropped(page, 2);
      await page.waitForTimeout(300);
      expect(await fig.locator('.fig-status').textContent()).toMatch(/limit is 40 MB/);
      expect(await resultCount(page)).toBe(seen);
      expect(await pressed(page)).toBe(5);
      expect(problems.pageErrors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('rasterises an SVG file and computes on it', async () => {
    const { page, close } = await open('/image-patches/?backend=wasm');
    try {
      const fig = page.locator(PATCH);
      const svg =
        '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80" viewBox="0 0 120 80">' +
        '<rect width="120" height="80" fill="#c33"/><circle cx="60" cy="40" r="25" fill="#33c"/></svg>';
      const seen = await resultCount(page);
      await fig
        .locator('input.fig-file')
        .setInputFiles({ name: 'shape.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(svg) });
      const r = await nextResult(page, seen);
      expect(r.trace['visual.patches']!.shape[1]).toBeGreaterThan(0);
      expect(await fig.locator('.fig-status').textContent()).not.toMatch(/could not be decoded/);
      expect(await pressed(page)).toBe(-1);
    } finally {
      await close();
    }
  });

  it('says that transparent areas become black, in English and Spanish', async () => {
    for (const [path, words] of [
      ['/image-patches/?backend=wasm', /transparent areas reach the model black/],
      ['/es/image-patches/?backend=wasm', /zonas transparentes llegan negras al modelo/],
    ] as const) {
      const { page, close } = await open(path);
      try {
        const fig = page.locator(PATCH);
        const seen = await resultCount(page);
        const clear = await png(page, 96, 64, true);
        await fig
          .locator('input.fig-file')
          .setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: clear });
        await nextResult(page, seen);
        expect(await fig.locator('.fig-status').textContent()).toMatch(words);
        const opaque = await png(page, 96, 64);
        const again = await resultCount(page);
        await fig
          .locator('input.fig-file')
          .setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: opaque });
        await nextResult(page, again);
        expect(await fig.locator('.fig-status').textContent()).not.toMatch(words);
      } finally {
        await close();
      }
    }
  });

  it('keeps the node count flat over several uploads', async () => {
    const { page, close } = await open('/image-patches/?backend=wasm');
    try {
      const fig = page.locator(PATCH);
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      const nodes = async (): Promise<[number, number]> => {
        await cdp.send('HeapProfiler.collectGarbage');
        const m = await cdp.send('Performance.getMetrics');
        const all = m.metrics.find((x) => x.name === 'Nodes')!.value;
        return [all, await page.evaluate(() => document.getElementsByTagName('*').length)];
      };
      const counts: [number, number][] = [];
      for (let k = 0; k < 6; k++) {
        const seen = await resultCount(page);
        // PNGs only: Chromium keeps each SVG image's own document in its memory cache until it evicts it.
        const image = await png(page, 90 + k * 7, 60, k % 2 === 1);
        await fig
          .locator('input.fig-file')
          .setInputFiles({ name: `p${k}.png`, mimeType: 'image/png', buffer: image });
        await nextResult(page, seen);
        counts.push(await nodes());
      }
      const [first, ...rest] = counts;
      for (const c of rest) {
        expect(c[1]).toBe(first![1]); // nodes in the document
        expect(c[0]).toBeLessThanOrEqual(first![0]); // every node the page holds, detached ones too
      }
    } finally {
      await close();
    }
  });
});
