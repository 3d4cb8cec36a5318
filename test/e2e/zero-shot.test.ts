// The zero-shot playground in Chromium: the build's numbers on arrival, a temperature change redrawn in the
// page with no model run, label edits that send only the new prompts, the typographic attack sending the
// written-on image, a reader's image that no network request ever carries, keyboard use, and axe.
import type { Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { seriousViolations } from './axe';
import { openPage, useBrowser } from './browser';
import { nextResult, problemOf, recordResults, resultCount } from './live-helpers';
import { screenshotsDir } from './paths';

const baseUrl = inject('baseUrl');
const browser = useBrowser();
const FIG = 'figure[data-lab="zero-shot"]';

async function open(where = '/zero-shot-playground/?backend=wasm', width = 1280) {
  const opened = await openPage(browser(), 'about:blank', { viewport: { width, height: 900 } });
  await recordResults(opened.page);
  await opened.page.goto(`${baseUrl}${where}`, { waitUntil: 'load' });
  await opened.page.locator(`${FIG} .zs-label-input`).first().waitFor();
  return opened;
}

mkdirSync(screenshotsDir, { recursive: true });

const barLabels = (page: Page) => page.locator(`${FIG} .zs-bars text.viz-bar-label`).allTextContents();
const barValues = (page: Page) => page.locator(`${FIG} .zs-bars text.viz-bar-value`).allTextContents();
const tableValues = (page: Page) => page.locator(`${FIG} .viz-table td`).allTextContents();
const requests = (page: Page) => page.locator(FIG).getAttribute('data-requests');
const shared = (page: Page) =>
  page.evaluate(
    () => JSON.parse(new URLSearchParams(location.search).get('zs0') ?? '{}') as Record<string, unknown>,
  );

describe('the zero-shot playground', () => {
  it('arrives with the build-time bars and is accessible', async () => {
    const { page, problems, close } = await open();
    try {
      expect(await barLabels(page)).toHaveLength(8);
      expect(await barLabels(page)).toContain('red circle');
      const total = (await barValues(page)).reduce((s, v) => s + parseFloat(v), 0);
      expect(total).toBeGreaterThan(99);
      expect(total).toBeLessThan(101);
      expect(await page.locator(`${FIG} .zs-template-box`).count()).toBeGreaterThan(2);
      expect(await page.locator(`${FIG} canvas.zs-canvas`).getAttribute('aria-label')).toBeTruthy();
      expect(await requests(page)).toBeNull(); // nothing needed the model yet
      expect(await seriousViolations(page)).toEqual([]);
      await page.emulateMedia({ colorScheme: 'dark' });
      expect(await seriousViolations(page, { only: ['color-contrast'] })).toEqual([]);
      await page.emulateMedia({ colorScheme: 'light' });
      await page.locator(FIG).screenshot({ path: path.join(screenshotsDir, 'en-zero-shot-playground.png') });
      expect(problems.pageErrors).toEqual([]);
      expect(problems.consoleErrors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('redraws for a new temperature from the keyboard, without a model request', async () => {
    const { page, close } = await open();
    try {
      const before = await barValues(page);
      const seen = await resultCount(page);
      const slider = page.locator(`${FIG} .fig-temperature input[type=range]`);
      await slider.focus();
      for (let i = 0; i < 40; i++) await page.keyboard.press('ArrowRight'); // hotter: flatter bars
      await page.waitForFunction(
        ([sel, old]) =>
          [...document.querySelectorAll(`${sel} .zs-bars text.viz-bar-value`)]
            .map((t) => t.textContent)
            .join() !== old,
        [FIG, before.join()] as const,
      );
      const after = await barValues(page);
      expect(parseFloat(after[0]!)).toBeLessThan(parseFloat(before[0]!));
      expect(await resultCount(page)).toBe(seen);
      expect(await requests(page)).toBeNull();
      expect((await shared(page)).tau).toBeGreaterThan(0);
      expect(await page.locator(`${FIG} .fig-status`).textContent()).toMatch(/no model run/);
    } finally {
      await close();
    }
  });

  it('sends only the new prompt when a label is renamed, and refuses a duplicate keeping the input', async () => {
    const { page, close } = await open();
    try {
      const seen = await resultCount(page);
      const second = page.locator(`${FIG} .zs-label-input`).nth(1);
      await second.fill('green star');
      const r = await nextResult(page, seen);
      expect(r.trace['text.features']!.shape[0]).toBe(1); // one new prompt; the rest came from the cache
      expect(r.trace['image.features']).toBeUndefined();
      expect(await barLabels(page)).toContain('green star');
      expect(await barLabels(page)).not.toContain('blue square');
      expect((await shared(page)).l).toContain('green star');
      const bars = await barValues(page);
      await second.fill('red circle');
      expect(await problemOf(page, FIG)).toMatch(/same|twice/i);
      expect(await second.inputValue()).toBe('red circle');
      expect(await barValues(page)).toEqual(bars);
      // Ticking a second template ensembles: the new prompts go to the model, the bars change.
      const seen2 = await resultCount(page);
      await second.fill('green star');
      await page.waitForFunction((sel) => !document.querySelector(`${sel} .fig-status.fig-problem`), FIG);
      await page.locator(`${FIG} .zs-template-box`).nth(2).check();
      const r2 = await nextResult(page, seen2);
      // Only "a drawing of a green star" is new: the build cached every template for the lesson's labels.
      expect(r2.trace['text.features']!.shape[0]).toBe(1);
      expect((await shared(page)).t).toEqual([0, 2]);
    } finally {
      await close();
    }
  });

  it('sends the image with the written word to the model and the word to the URL', async () => {
    const { page, close } = await open();
    try {
      const before = await tableValues(page);
      const seen = await resultCount(page);
      await page.locator(`${FIG} .zs-word`).fill('blue');
      const r = await nextResult(page, seen);
      expect(r.trace['image.features']!.shape).toEqual([1, expect.any(Number)]);
      expect(r.trace['text.features']).toBeUndefined();
      expect(await tableValues(page)).not.toEqual(before); // other cosines for the written-on image
      expect(await page.locator(`${FIG} canvas.zs-canvas`).getAttribute('aria-label')).toContain('blue');
      expect(((await shared(page)).a as { word: string }).word).toBe('blue');
      // The same word in red ink: another image, another run.
      const seen2 = await resultCount(page);
      await page.locator(`${FIG} .zs-colour`).selectOption('red');
      const r2 = await nextResult(page, seen2);
      expect(Array.from(r2.trace['image.features']!.data)).not.toEqual(
        Array.from(r.trace['image.features']!.data),
      );
      expect(r2.tensors).toBe(r.tensors); // the worker's tf.memory() stays flat
    } finally {
      await close();
    }
  });

  it("never sends the reader's image over the network nor writes it in the URL", async () => {
    const { page, close } = await open();
    try {
      const png = await page.evaluate(async () => {
        const c = new OffscreenCanvas(64, 64);
        const ctx = c.getContext('2d')!;
        ctx.fillStyle = '#3050e0';
        ctx.fillRect(0, 0, 64, 64);
        ctx.fillStyle = '#dd2020';
        ctx.beginPath();
        ctx.arc(32, 32, 18, 0, 2 * Math.PI);
        ctx.fill();
        const blob = await c.convertToBlob({ type: 'image/png' });
        return Array.from(new Uint8Array(await blob.arrayBuffer()));
      });
      const sent: { url: string; method: string; body: string | null }[] = [];
      page.on('request', (req) => sent.push({ url: req.url(), method: req.method(), body: req.postData() }));
      const seen = await resultCount(page);
      await page
        .locator(`${FIG} input.fig-file`)
        .setInputFiles({ name: 'mine.png', mimeType: 'image/png', buffer: Buffer.from(png) });
      const r = await nextResult(page, seen);
      expect(r.trace['image.features']).toBeDefined();
      await page.locator(`${FIG} .zs-word`).fill('red');
      await nextResult(page, seen + 1);
      const base64 = Buffer.from(png).toString('base64').slice(20, 60);
      for (const req of sent) {
        expect(req.method).toBe('GET');
        expect(req.body).toBeNull();
        expect(req.url).not.toMatch(/^data:|base64/);
        expect(req.url).not.toContain(base64);
      }
      const state = await shared(page);
      expect(state.i).toBeUndefined(); // the reader's image is not shareable
      expect(page.url().length).toBeLessThan(1500);
      expect(page.url()).not.toContain(base64);
    } finally {
      await close();
    }
  });

  it('takes a gallery image from the keyboard and restores a shared view from the URL', async () => {
    const state = {
      l: ['red circle', 'blue square'],
      t: [0, 1],
      tau: 0.5,
      i: 1,
      a: { word: 'hi', size: 30 },
    };
    const { page, close } = await open(
      `/zero-shot-playground/?backend=wasm&zs0=${encodeURIComponent(JSON.stringify(state))}`,
    );
    try {
      expect(await page.locator(`${FIG} .zs-label-input`).count()).toBe(2);
      expect(await page.locator(`${FIG} .zs-word`).inputValue()).toBe('hi');
      expect(await page.locator(`${FIG} .zs-template-box`).nth(1).isChecked()).toBe(true);
      const seen = await resultCount(page);
      await page.locator(`${FIG} .fig-thumb-button`).nth(2).focus();
      await page.keyboard.press('Enter');
      await nextResult(page, seen); // the attacked image is new pixels: one run
      expect((await shared(page)).i).toBe(2);
      expect(await barLabels(page)).toHaveLength(2);
      const values = (await barValues(page)).map(parseFloat);
      expect(values[0]! + values[1]!).toBeCloseTo(100, 0);
    } finally {
      await close();
    }
  });

  it('fits a phone: nothing in the playground is wider than the screen (390 px)', async () => {
    const { page, close } = await open('/es/zero-shot-playground/?backend=wasm', 390);
    try {
      const overflow = await page.evaluate((sel) => {
        const fig = document.querySelector(sel)!;
        const right = fig.getBoundingClientRect().right;
        const wide = [...fig.querySelectorAll('fieldset, input, select, button, canvas, .zs-result')].filter(
          (e) => e.getBoundingClientRect().right > right + 1,
        );
        return { page: document.documentElement.scrollWidth, wide: wide.map((e) => e.className) };
      }, FIG);
      expect(overflow.page).toBeLessThanOrEqual(390);
      expect(overflow.wide).toEqual([]);
      expect(await page.locator(`${FIG} legend`).first().textContent()).toBe('Imagen');
      await page
        .locator(FIG)
        .screenshot({ path: path.join(screenshotsDir, 'es-zero-shot-playground-390.png') });
    } finally {
      await close();
    }
  });
});
