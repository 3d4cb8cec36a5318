// What the matrix figures show as rows, in Chromium (issue 18, items 8 and 3): the similarity figure's image
// rows are the images themselves, in the first paint and after a live run, named by their captions; the
// tensor figure's toggle reveals the padding rows after EOT from the keyboard before any model has run,
// and keeps them shown when the reader edits the text.
import { describe, expect, inject, it } from 'vitest';
import { openPage, useBrowser } from './browser';
import { nextResult, recordResults, resultCount } from './live-helpers';

const baseUrl = inject('baseUrl');
const browser = useBrowser();

const SIMILARITY = 'figure[data-figure="similarity"]';
const TENSOR = 'figure[data-figure="tensor"]';

describe('image rows', () => {
  it('label each image row of the similarity figure with its picture, before and after a live run', async () => {
    const { page, problems, close } = await openPage(browser(), 'about:blank');
    try {
      await recordResults(page);
      await page.goto(`${baseUrl}/overview/?backend=wasm`, { waitUntil: 'load' });
      const fig = page.locator(SIMILARITY).first();
      const rows = fig.locator('.fig-part-cosine .viz-row-images image');
      const named = () =>
        rows.evaluateAll((els) =>
          els.map((e) => ({
            name: e.getAttribute('aria-label'),
            png: e.getAttribute('href')!.startsWith('data:image/png'),
          })),
        );
      const first = await named();
      expect(first.length).toBeGreaterThan(1);
      expect(first.every((r) => r.png && (r.name ?? '').length > 0)).toBe(true);
      expect(await fig.locator('.fig-part-cosine .viz-row-labels text').count()).toBe(0);
      // Each thumbnail is drawn (decoded, not a broken image) at a readable size.
      const box = await rows.first().boundingBox();
      expect(box!.width).toBeGreaterThan(20);
      const seen = await resultCount(page);
      await fig.locator('input.fig-text').first().fill('a photo of a green circle');
      await nextResult(page, seen);
      expect(await named()).toEqual(first);
      expect(problems.pageErrors).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe('padding rows', () => {
  it('are revealed by the keyboard from the first paint and stay shown when the text changes', async () => {
    const { page, problems, close } = await openPage(browser(), 'about:blank');
    try {
      await recordResults(page);
      await page.goto(`${baseUrl}/token-embedding/?backend=wasm`, { waitUntil: 'load' });
      const fig = page.locator(TENSOR).first();
      const toggle = fig.locator('button.fig-reveal');
      const rowsShown = async () =>
        Number(/, (\d+) ×/.exec((await fig.locator('.viz-svg').getAttribute('aria-label')) ?? '')?.[1]);
      const total = Number(/\[1, (\d+),/.exec((await fig.locator('.fig-shape').textContent()) ?? '')![1]);
      expect(await toggle.textContent()).toBe(`Show all ${total} positions`);
      const cut = await rowsShown();
      expect(cut).toBeLessThan(total);
      await toggle.focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction(
        ([sel, n]) =>
          document.querySelector(`${sel} .viz-svg`)?.getAttribute('aria-label')?.includes(`, ${n} ×`),
        [TENSOR, total] as const,
        { timeout: 90_000 },
      );
      expect(await toggle.getAttribute('aria-pressed')).toBe('true');
      expect(await toggle.evaluate((b) => b === document.activeElement)).toBe(true);
      expect(await fig.locator('.fig-note').textContent()).toContain(`all ${total} positions`);
      const seen = await resultCount(page);
      await fig.locator('input.fig-text').fill('a dog');
      await nextResult(page, seen);
      expect(await rowsShown()).toBe(total);
      expect(await fig.locator('.fig-note').textContent()).toMatch(/0–3 hold the text/);
      await toggle.click();
      expect(await rowsShown()).toBe(4);
      expect(await toggle.getAttribute('aria-pressed')).toBe('false');
      expect(problems.pageErrors).toEqual([]);
    } finally {
      await close();
    }
  });
});
