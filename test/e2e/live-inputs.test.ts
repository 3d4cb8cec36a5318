// Live figures stay alive whatever the reader does or the browser lacks: no Worker (the model runs in the
// page), no WebGL at all (wasm is chosen, even when webgl is asked for), and bad input: an empty text, a
// text over 77 tokens (truncated, and the page says so), HTML in a text (shown as text), a file that is
// not an image, a corrupt image, a large image (downscaled). The last good figure stays on screen.
import type { Browser } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { launchBrowser, openPage, useBrowser } from './browser';
import { nextResult, problemOf, recordResults, resultCount } from './live-helpers';

const baseUrl = inject('baseUrl');
const browser = useBrowser();

async function open(b: Browser, path: string, init?: () => void) {
  const opened = await openPage(b, 'about:blank');
  await recordResults(opened.page);
  if (init) await opened.page.addInitScript(init);
  await opened.page.goto(`${baseUrl}${path}`, { waitUntil: 'load' });
  return opened;
}

const TENSOR = 'figure[data-figure="tensor"]';

describe('the worker', () => {
  it('keeps tf.memory() flat from one input to the next (wasm and webgl)', async () => {
    for (const backend of ['wasm', 'webgl']) {
      const { page, close } = await open(browser(), `/transformer-block/?backend=${backend}`);
      try {
        const field = page.locator(`${TENSOR} input.fig-text`);
        const counts: number[] = [];
        for (const text of ['a red circle', 'a big blue star at the top', 'a cross']) {
          const seen = await resultCount(page);
          await field.fill(text);
          const r = await nextResult(page, seen);
          expect(r.backend).toBe(backend);
          expect(r.tensors).toBeGreaterThan(0); // the model's weights
          counts.push(r.tensors);
        }
        expect(new Set(counts).size).toBe(1);
      } finally {
        await close();
      }
    }
  });
});

describe('without a Worker', () => {
  it('runs the model in the page and redraws', async () => {
    const { page, problems, close } = await open(browser(), '/transformer-block/', () => {
      delete (window as { Worker?: unknown }).Worker;
    });
    try {
      const seen = await resultCount(page);
      await page.locator(`${TENSOR} input.fig-text`).fill('a purple heart');
      const r = await nextResult(page, seen);
      expect(['wasm', 'cpu']).toContain(r.backend);
      expect(await page.locator(`${TENSOR} .viz-row-labels text`).allTextContents()).toContain('heart·');
      expect(problems.pageErrors).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe('without WebGL', () => {
  it('chooses wasm, and falls back to it when webgl is asked for', async () => {
    const noGl = await launchBrowser([
      '--disable-3d-apis',
      '--disable-webgl',
      '--disable-webgl2',
      '--disable-gpu',
      '--disable-software-rasterizer',
    ]);
    try {
      const probe = await noGl.newPage();
      expect(await probe.evaluate(() => new OffscreenCanvas(1, 1).getContext('webgl2'))).toBeNull();
      await probe.close();
      for (const query of ['', '?backend=webgl']) {
        const { page, problems, close } = await open(noGl, `/transformer-block/${query}`);
        const seen = await resultCount(page);
        await page.locator(`${TENSOR} input.fig-text`).fill('a white hexagon');
        expect((await nextResult(page, seen)).backend).toBe('wasm');
        expect(problems.pageErrors).toEqual([]);
        expect(problems.consoleErrors).toEqual([]);
        await close();
      }
    } finally {
      await noGl.close();
    }
  });
});

describe('bad input', () => {
  it('keeps the figure for an empty text and says why', async () => {
    const { page, close } = await open(browser(), '/transformer-block/?backend=wasm');
    try {
      const fig = page.locator(TENSOR);
      const seen = await resultCount(page);
      await fig.hover();
      await nextResult(page, seen); // the default input, recomputed when the reader arrives
      // What the figure shows: its pixels and its row labels (attributes such as highlights may change).
      const shown = async () => ({
        image: await fig.locator('.fig-body image.viz-raster').getAttribute('href'),
        rows: await fig.locator('.fig-body .viz-row-labels text').allTextContents(),
      });
      const before = await shown();
      await fig.locator('input.fig-text').fill('   ');
      expect(await problemOf(page, TENSOR)).toMatch(/empty/i);
      expect(await shown()).toEqual(before);
    } finally {
      await close();
    }
  });

  it('truncates a text over 77 tokens and shows the truncation', async () => {
    const { page, close } = await open(browser(), '/tokenizer/?backend=wasm');
    try {
      const fig = page.locator('figure[data-figure="tokenizer"]');
      const seen = await resultCount(page);
      await fig.locator('input.fig-text').fill(Array.from({ length: 90 }, () => 'red').join(' '));
      const r = await nextResult(page, seen);
      expect(r.notes.join(' ')).toMatch(/92 tokens/);
      expect(await fig.locator('.fig-status').textContent()).toMatch(/92 tokens/);
      expect(await fig.locator('.viz-token-note').textContent()).toMatch(/too long/);
      expect(await fig.locator('li.viz-token').count()).toBe(77);
    } finally {
      await close();
    }
  });

  it('shows HTML in a text as text, never as markup', async () => {
    const { page, close } = await open(browser(), '/tokenizer/?backend=wasm');
    try {
      const fig = page.locator('figure[data-figure="tokenizer"]');
      const seen = await resultCount(page);
      await fig
        .locator('input.fig-text')
        .fill('<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>');
      await nextResult(page, seen);
      expect(await fig.locator('.fig-body img, .fig-body script').count()).toBe(0);
      expect(await fig.locator('.fig-part-cleaned').textContent()).toContain('<img src=x');
      expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    } finally {
      await close();
    }
  });

  it('refuses a file that is not an image and a corrupt image, keeping the previous image', async () => {
    const { page, close } = await open(browser(), '/image-patches/?backend=wasm');
    try {
      const fig = page.locator('figure[data-figure="patch"]');
      const file = fig.locator('input.fig-file');
      await file.waitFor({ state: 'attached' });
      const before = await fig.locator('.fig-part-grid image').getAttribute('href');
      await file.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
      expect(await problemOf(page, 'figure[data-figure="patch"]')).toMatch(/not an image/);
      await file.setInputFiles({
        name: 'broken.png',
        mimeType: 'image/png',
        buffer: Buffer.from('\x89PNG\r\n\x1a\nnot really'),
      });
      await page.waitForFunction(() =>
        /could not be decoded/.test(
          document.querySelector('figure[data-figure="patch"] .fig-status')?.textContent ?? '',
        ),
      );
      expect(await fig.locator('.fig-part-grid image').getAttribute('href')).toBe(before);
    } finally {
      await close();
    }
  });

  it('downscales a large image and computes on it', async () => {
    const { page, close } = await open(browser(), '/image-patches/?backend=wasm');
    try {
      const fig = page.locator('figure[data-figure="patch"]');
      await fig.locator('input.fig-file').waitFor({ state: 'attached' });
      const png = await page.evaluate(async () => {
        const c = new OffscreenCanvas(4000, 3000);
        const ctx = c.getContext('2d')!;
        ctx.fillStyle = '#c33';
        ctx.fillRect(0, 0, 4000, 3000);
        ctx.fillStyle = '#33c';
        ctx.fillRect(1500, 1000, 1000, 1000);
        const blob = await c.convertToBlob({ type: 'image/png' });
        return Array.from(new Uint8Array(await blob.arrayBuffer()));
      });
      const seen = await resultCount(page);
      await fig
        .locator('input.fig-file')
        .setInputFiles({ name: 'big.png', mimeType: 'image/png', buffer: Buffer.from(png) });
      const r = await nextResult(page, seen);
      expect(r.trace['visual.patches']!.shape[1]).toBeGreaterThan(0);
      expect(await fig.locator('.fig-status').textContent()).toMatch(/4000×3000/);
    } finally {
      await close();
    }
  });
});
