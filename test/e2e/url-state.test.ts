// URL state through the project's own server (scripts/site/static-server.ts, as `npm start` serves): long
// texts never make a URL the server refuses (issue 20, defect 3), and hostile values in a shared URL leave a
// working figure (defects 5 and 6): τ clamped to the slider, out-of-range sample indices ignored.
import { describe, expect, inject, it } from 'vitest';
import { MAX_URL_CHARS } from '../../site/lib/url-state';
import { MAX_TEXT_CHARS } from '../../src/runtime/inputs';
import { openPage, useBrowser } from './browser';
import { nextResult, recordResults } from './live-helpers';

const baseUrl = inject('baseUrl');
const browser = useBrowser();

const SIM = 'figure[data-figure="similarity"]';
const LOSS = 'figure[data-figure="loss"]';
const results = (page: import('playwright-core').Page): Promise<number> =>
  page.evaluate(() => (window as unknown as { __results: unknown[] }).__results.length);

describe('URL state', () => {
  it('four 5,000-character texts on /overview/ reload with HTTP 200 and the used part restored', async () => {
    const { page, problems, close } = await openPage(browser(), `${baseUrl}/overview/?backend=wasm`);
    await recordResults(page);
    const fields = page.locator(`${SIM} input.fig-text`);
    expect(await fields.count()).toBe(4);
    const texts = ['a red circle ', 'a blue square ', 'a yellow star ', 'a white hexagon '].map((t) =>
      t.repeat(Math.ceil(5000 / t.length)).slice(0, 5000),
    );
    for (let k = 0; k < 4; k++) await fields.nth(k).fill(texts[k]!);
    await page.waitForFunction(() => new URL(location.href).searchParams.has('fig0'));
    await page.waitForTimeout(300); // the last field's debounce
    expect(page.url().length).toBeLessThanOrEqual(MAX_URL_CHARS);
    const response = await page.reload({ waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    await nextResult(page, 0); // the restored texts are computed at once
    for (let k = 0; k < 4; k++)
      expect(await fields.nth(k).inputValue()).toBe(texts[k]!.slice(0, MAX_TEXT_CHARS));
    expect(page.url().length).toBeLessThanOrEqual(MAX_URL_CHARS);
    expect(problems.pageErrors).toEqual([]);
    await close();
  });

  it('a τ of 1e-300 in the URL is clamped: no NaN, the slider and readout agree, edits work', async () => {
    const fig0 = encodeURIComponent('{"tau":1e-300}');
    const { page, problems, close } = await openPage(browser(), 'about:blank');
    await recordResults(page);
    await page.goto(`${baseUrl}/contrastive-loss/?backend=wasm&fig0=${fig0}`, { waitUntil: 'load' });
    const fig = page.locator(LOSS).first();
    await fig.hover(); // the build-time run is redrawn at the shared τ at once
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-hydrated'), LOSS);
    expect(await fig.locator('.fig-body').textContent()).not.toMatch(/NaN/);
    const slider = fig.locator('input.fig-range');
    expect(Number(await slider.inputValue())).toBeCloseTo(Math.log10(0.005), 2);
    expect(await fig.locator('output.fig-tau').textContent()).toMatch(/τ = 0[.,]00500/);
    const seen = await results(page);
    await fig.locator('input.fig-text').first().fill('a green triangle');
    await nextResult(page, seen);
    expect(await fig.locator('.fig-status').getAttribute('class')).not.toMatch(/fig-problem/);
    expect(await fig.locator('.fig-body').textContent()).not.toMatch(/NaN/);
    expect(problems.pageErrors).toEqual([]);
    await close();
  });

  for (const bad of ['[999,1,2]', '[-1,1,2]', '[1e21,1,2]']) {
    it(`sample indices ${bad} in the URL are ignored and later edits work`, async () => {
      const fig0 = encodeURIComponent(`{"i":${bad}}`);
      const { page, problems, close } = await openPage(browser(), 'about:blank');
      await recordResults(page);
      await page.goto(`${baseUrl}/overview/?backend=wasm&fig0=${fig0}`, { waitUntil: 'load' });
      const fig = page.locator(SIM);
      await fig.hover();
      const status = fig.locator('.fig-status');
      expect(await status.getAttribute('class')).not.toMatch(/fig-problem/);
      expect(await status.textContent()).not.toMatch(/no sample image/i);
      const seen = await results(page);
      await fig.locator('input.fig-text').first().fill('a photo of a green triangle');
      const r = await nextResult(page, seen);
      expect(r.trace['logits_per_image']!.shape).toEqual([3, 4]);
      expect(await status.getAttribute('class')).not.toMatch(/fig-problem/);
      expect(await fig.locator('.fig-body').textContent()).not.toMatch(/NaN/);
      expect(problems.pageErrors).toEqual([]);
      await close();
    });
  }
});
