// A figure's inputs live in the URL (?fig<n>=JSON), so a view can be shared: typing writes them, opening
// such a URL computes that view at once, and a malformed value is ignored (the default view stays).
import { describe, expect, inject, it } from 'vitest';
import { openPage, useBrowser } from './browser';
import { nextResult, recordResults } from './live-helpers';

const baseUrl = inject('baseUrl');
const browser = useBrowser();

const TENSOR = 'figure[data-figure="tensor"]';

describe('inputs in the URL', () => {
  it('writes what the reader types and restores it from a shared link', async () => {
    const first = await openPage(browser(), `${baseUrl}/transformer-block/?backend=wasm`);
    const n = await first.page
      .locator('figure[data-figure]')
      .evaluateAll((figs) => figs.findIndex((f) => f.getAttribute('data-figure') === 'tensor'));
    await first.page.locator(`${TENSOR} input.fig-text`).fill('a black triangle');
    await first.page.waitForFunction((k) => new URL(location.href).searchParams.has(`fig${k}`), n);
    const shared = first.page.url();
    expect(JSON.parse(new URL(shared).searchParams.get(`fig${n}`)!).t).toEqual(['a black triangle']);
    await first.close();

    const second = await openPage(browser(), 'about:blank');
    await recordResults(second.page);
    await second.page.goto(shared, { waitUntil: 'load' });
    const r = await nextResult(second.page, 0);
    expect(r.figure).toMatch(/^fig-tensor-/);
    expect(await second.page.locator(`${TENSOR} input.fig-text`).inputValue()).toBe('a black triangle');
    expect(await second.page.locator(`${TENSOR} .viz-row-labels text`).allTextContents()).toContain(
      'triangle·',
    );
    await second.close();
  });

  it('ignores a malformed value', async () => {
    const { page, problems, close } = await openPage(
      browser(),
      `${baseUrl}/transformer-block/?backend=wasm&fig0=%7Bnot-json&fig1=${encodeURIComponent('{"t":[3]}')}`,
    );
    expect(problems.pageErrors).toEqual([]);
    expect(await page.locator('.fig-controls:not([hidden])').count()).toBeGreaterThan(0);
    await close();
  });
});
