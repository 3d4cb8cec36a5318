// The attention explorer on the tiny model in Chromium: both towers draw, every control (text, caption,
// image, small multiples, head switches, patches) drives the figure, the keyboard reaches every grid, the
// state round-trips through the URL, a bad caption keeps the figure, no request carries image data, and
// axe finds no serious violation. Its memory, in the page and in the worker:
// attention-explorer-memory.test.ts.
import { describe, expect, inject, it } from 'vitest';
import { seriousViolations } from './axe';
import { openPage, useBrowser } from './browser';
import { FIG, PATH, after, explorerOpener, ready, text } from './explorer-page';

const baseUrl = inject('baseUrl');
const browser = useBrowser();
const open = explorerOpener(browser, baseUrl);

describe('the attention explorer', () => {
  it('paints both towers at build time, before any script runs', async () => {
    const opened = await openPage(browser(), 'about:blank', { javaScriptEnabled: false });
    try {
      const { page } = opened;
      await page.goto(`${baseUrl}${PATH}`, { waitUntil: 'load' });
      const rows = page.locator(`${FIG} .fig-part-text-matrix .viz-row-labels text`);
      expect(await rows.first().textContent()).toBe('SOT');
      expect(await page.locator(`${FIG} .fig-part-text-overview .ax-cell`).count()).toBe(12);
      expect(await page.locator(`${FIG} .fig-part-image-overview .ax-cell`).count()).toBe(12);
      for (const map of ['attention', 'rollout', 'relevance']) {
        expect(await page.locator(`${FIG} .fig-part-map-${map} .ax-patch`).count()).toBe(36);
        expect(await page.locator(`${FIG} .fig-part-map-${map} image.ax-photo`).getAttribute('href')).toMatch(
          /^data:image\/png;base64,/,
        );
      }
      expect(await text(page, '.fig-part-similarity')).toMatch(/\d\.\d/);
      expect(await page.locator(`${FIG} .fig-part-deletion g.ax-curve`).count()).toBe(3);
    } finally {
      await opened.close();
    }
  });

  it('draws both towers, and each control drives the figure', async () => {
    const { page, problems, sent, close } = await open();
    try {
      await ready(page);
      expect(await page.locator(`${FIG} .fig-part-text-overview .ax-cell`).count()).toBe(12);
      expect(await page.locator(`${FIG} .fig-part-image-overview .ax-cell`).count()).toBe(12);
      const rows = await page.locator(`${FIG} .fig-part-text-matrix .viz-row-labels text`).allTextContents();
      expect(rows[0]).toBe('SOT');
      expect(rows.at(-1)).toBe('EOT');
      // The causal triangle: hatched cells above the diagonal, n (n - 1) / 2 of them.
      const n = rows.length;
      const hatched = await page.locator(`${FIG} .fig-part-text-matrix rect.viz-cell[fill^="url("]`).count();
      expect(hatched).toBe((n * (n - 1)) / 2);

      await after(page, 'text', () => page.locator(`${FIG} input.fig-text`).nth(0).fill('a green star'));
      expect(
        await page.locator(`${FIG} .fig-part-text-matrix .viz-row-labels text`).allTextContents(),
      ).toEqual(['SOT', 'a·', 'green·', 'star·', 'EOT']);

      await page
        .locator(`${FIG} .fig-part-text-overview .ax-cell`)
        .nth(2 * 4 + 3)
        .click();
      expect(await text(page, '.fig-part-text-matrix .fig-part-heading')).toMatch(/layer 2, head 3/);
      expect(decodeURIComponent(page.url())).toContain('"tl":2,"th":3');
      await page.locator(`${FIG} .ax-token`).nth(1).focus();
      expect(await page.locator(`${FIG} .ax-cross rect`).count()).toBe(2);
      // Hovering a cell (query row 3, key column 1) outlines its row and its column.
      const cell = page.locator(`${FIG} .fig-part-text-matrix rect.viz-cell`).nth(3 * 5 + 1);
      await cell.hover();
      const bands = page.locator(`${FIG} .ax-cross rect`);
      expect(await bands.count()).toBe(2);
      expect(await bands.nth(0).getAttribute('y')).toBe(await cell.getAttribute('y'));
      expect(await bands.nth(1).getAttribute('x')).toBe(await cell.getAttribute('x'));

      await page.locator(`${FIG} .fig-part-image-overview .ax-cell`).nth(1).click();
      expect(await text(page, '.fig-part-map-attention .fig-part-heading')).toMatch(/layer 0, head 1/);

      const relevance = () => text(page, '.fig-part-map-relevance table');
      const rollout = () => text(page, '.fig-part-map-rollout table');
      const before = { relevance: await relevance(), rollout: await rollout() };
      await after(page, 'image', () =>
        page.locator(`${FIG} input.fig-text`).nth(1).fill('a small blue star at the bottom'),
      );
      expect(await relevance()).not.toBe(before.relevance);
      expect(await rollout()).toBe(before.rollout);

      const similarity = () => text(page, '.fig-part-similarity');
      expect(await similarity()).not.toMatch(/without your changes/);
      await after(page, 'image', () =>
        page.locator(`${FIG} .ax-switches-image input[data-layer="0"][data-head="1"]`).uncheck(),
      );
      expect(await similarity()).toMatch(/without your changes/);
      expect(decodeURIComponent(page.url())).toContain('"vm":{"0":[1]}');

      await after(page, 'image', () =>
        page.locator(`${FIG} .fig-part-map-relevance .ax-patch`).nth(7).click(),
      );
      expect(await page.locator(`${FIG} .ax-patch-off`).count()).toBe(3);
      expect(decodeURIComponent(page.url())).toContain('"p":[7]');
      await after(page, 'image', () => page.locator(`${FIG} .ax-restore`).click());
      expect(await page.locator(`${FIG} .ax-patch-off`).count()).toBe(0);

      // The reader's own image: computed on, never sent anywhere.
      const png = await page.evaluate(async () => {
        const c = new OffscreenCanvas(64, 64);
        const ctx = c.getContext('2d')!;
        ctx.fillStyle = '#2a6';
        ctx.fillRect(0, 0, 64, 64);
        const blob = await c.convertToBlob({ type: 'image/png' });
        return Array.from(new Uint8Array(await blob.arrayBuffer()));
      });
      await after(page, 'image', () =>
        page
          .locator(`${FIG} input.fig-file`)
          .setInputFiles({ name: 'mine.png', mimeType: 'image/png', buffer: Buffer.from(png) }),
      );
      expect(decodeURIComponent(page.url())).not.toContain('"i":');
      expect(sent.filter((r) => r.method !== 'GET' || r.body > 0 || r.url.length > 1000)).toEqual([]);
      expect(problems.pageErrors).toEqual([]);
      expect(problems.consoleErrors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('works from the keyboard: small multiples and patch maps', async () => {
    const { page, close } = await open();
    try {
      await ready(page);
      await page.locator(`${FIG} .fig-part-text-overview svg`).focus();
      await page.keyboard.press('ArrowDown');
      expect(await text(page, '.fig-part-text-matrix .fig-part-heading')).toMatch(/layer 1, head 0/);
      expect(await text(page, '.fig-part-text-overview .viz-live')).toMatch(/layer 1, head 0/);
      await page.keyboard.press('ArrowRight'); // the redraw after a pick keeps the focus
      expect(await text(page, '.fig-part-text-matrix .fig-part-heading')).toMatch(/layer 1, head 1/);
      await page.locator(`${FIG} .fig-part-image-overview svg`).focus();
      await page.keyboard.press('ArrowRight');
      expect(await text(page, '.fig-part-map-attention .fig-part-heading')).toMatch(/layer 2, head 1/);
      await page.keyboard.press('ArrowLeft');
      expect(await text(page, '.fig-part-map-attention .fig-part-heading')).toMatch(/layer 2, head 0/);
      const map = page.locator(`${FIG} .fig-part-map-rollout svg`);
      await map.focus();
      await page.keyboard.press('ArrowRight');
      expect(await text(page, '.fig-part-map-rollout .viz-live')).toMatch(/patch row 1, column 2: [\d.]+/);
      await after(page, 'image', () => page.keyboard.press('Enter'));
      expect(await page.locator(`${FIG} .fig-part-map-rollout .ax-patch-off`).count()).toBe(1);
      expect(decodeURIComponent(page.url())).toContain('"p":[1]');
      const box = page.locator(`${FIG} .ax-switches-text input`).first();
      await box.focus();
      await after(page, 'text', () => page.keyboard.press('Space'));
      expect(await box.isChecked()).toBe(false);
      expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
    } finally {
      await close();
    }
  });

  it('restores a shared view from the URL, keeps the figure on a bad caption, and passes axe', async () => {
    const state = { t: 'a red cross', c: 'a purple heart', i: 3, tl: 1, th: 2, vl: 0, vh: 3, p: [0, 35] };
    const { page, close } = await open(`?backend=wasm&explorer=${encodeURIComponent(JSON.stringify(state))}`);
    try {
      await ready(page);
      expect(await page.locator(`${FIG} input.fig-text`).nth(0).inputValue()).toBe('a red cross');
      expect(await page.locator(`${FIG} input.fig-text`).nth(1).inputValue()).toBe('a purple heart');
      expect(await text(page, '.fig-part-text-matrix .fig-part-heading')).toMatch(/layer 1, head 2/);
      expect(await text(page, '.fig-part-map-attention .fig-part-heading')).toMatch(/layer 0, head 3/);
      expect(
        await page.locator(`${FIG} .fig-thumb-button[aria-pressed="true"]`).getAttribute('aria-label'),
      ).toMatch(/^3:/);
      expect(await page.locator(`${FIG} .ax-patch-off`).count()).toBe(6);
      expect(await seriousViolations(page)).toEqual([]);
      // While it computes a figure fades its drawings only: axe must pass in that state too, in both themes.
      await page.evaluate(() =>
        document.querySelector('figure[data-explorer]')!.setAttribute('aria-busy', 'true'),
      );
      expect(await seriousViolations(page, { only: ['color-contrast'] })).toEqual([]);
      await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
      expect(await seriousViolations(page, { only: ['color-contrast'] })).toEqual([]);
      await page.evaluate(() => {
        document.documentElement.dataset.theme = 'light';
        document.querySelector('figure[data-explorer]')!.removeAttribute('aria-busy');
      });
      const shown = await text(page, '.fig-part-map-relevance table');
      await page.locator(`${FIG} input.fig-text`).nth(1).fill('   ');
      await page.locator(`${FIG} .fig-status.fig-problem`).waitFor({ timeout: 90_000 });
      expect(await text(page, '.fig-status')).toMatch(/empty/i);
      expect(await text(page, '.fig-part-map-relevance table')).toBe(shown);
      expect(await page.locator(`${FIG} input.fig-text`).nth(1).inputValue()).toBe('   ');
    } finally {
      await close();
    }
  });
});
