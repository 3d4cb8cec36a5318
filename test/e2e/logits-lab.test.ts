// The two lab pages in Chromium: the logits lab (the temperature changes the loss to exactly the value the
// pure TypeScript computes from the features on the page, the batch grows and shrinks, a duplicated caption
// is flagged, an empty caption is refused and kept, everything works from the keyboard, axe is clean) and
// the feature space (2N points, the reader's caption moves its point).
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { logitsLab } from '../../src/lab/logits';
import { seriousViolations } from './axe';
import { openPage, useBrowser } from './browser';
import { screenshotsDir } from './paths';

const baseUrl = inject('baseUrl');
const browser = useBrowser();
const LAB = 'figure[data-lab="logits"]';
const SPACE = 'figure[data-lab="feature-space"]';

interface LabConfig {
  imageFeatures: number[][];
  textFeatures: number[][];
  tau: number;
  texts: string[];
}

const config = (page: Page, sel: string): Promise<LabConfig> =>
  page.evaluate(
    (s) => JSON.parse(document.querySelector(`${s} script.lab-config`)!.textContent!) as LabConfig,
    sel,
  );

const term = async (page: Page, name: string): Promise<number> =>
  Number(await page.locator(`${LAB} dd[data-term="${name}"]`).getAttribute('data-value'));

const shownTau = async (page: Page): Promise<number> =>
  Number(await page.locator(`${LAB} .lab-tau`).getAttribute('data-tau'));

const cells = (page: Page): Promise<number> =>
  page.locator(`${LAB} .fig-part-logits_per_image .viz-cell`).count();

/** Waits until the lab has redrawn from a new model result. */
async function nextLabResult(page: Page, action: () => Promise<void>): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __lab: number };
    w.__lab = 0;
    document.addEventListener('lab:result', () => w.__lab++);
  });
  await action();
  await page.waitForFunction(() => (window as unknown as { __lab: number }).__lab > 0, null, {
    timeout: 90_000,
  });
}

describe('the logits lab', () => {
  it('recomputes the loss from the features on the page when the temperature moves (keyboard)', async () => {
    const { page, problems, close } = await openPage(browser(), `${baseUrl}/logits-lab/?backend=wasm`);
    try {
      await page.locator(`${LAB} .fig-controls input.fig-range`).waitFor();
      const cfg = await config(page, LAB);
      const n = cfg.texts.length;
      expect(await cells(page)).toBe(n * n);
      const first = logitsLab(cfg.imageFeatures, cfg.textFeatures, await shownTau(page));
      expect(await term(page, 'loss')).toBeCloseTo(first.parts.loss, 10);
      expect(await term(page, 'ln-n')).toBeCloseTo(Math.log(n), 12);
      const before = await term(page, 'loss');
      // A hundred steps to the right on the log slider (τ × 10): a flatter softmax, a loss nearer ln N.
      await page.locator(`${LAB} input.fig-range`).focus();
      for (let k = 0; k < 100; k++) await page.keyboard.press('ArrowRight');
      const tau = await shownTau(page);
      expect(tau).toBeGreaterThan(cfg.tau * 5);
      const after = await term(page, 'loss');
      expect(after).toBeGreaterThan(before);
      expect(after).toBeLessThan(Math.log(n));
      const want = logitsLab(cfg.imageFeatures, cfg.textFeatures, tau);
      expect(after).toBeCloseTo(want.parts.loss, 10);
      expect(await term(page, 'loss-image')).toBeCloseTo(want.parts.lossImage, 10);
      expect(await term(page, 'grad-logit-scale')).toBeCloseTo(want.gradLogitScale, 10);
      expect(await page.locator(`${LAB} .lab-tau`).textContent()).toContain('logit_scale = ln(1/τ)');
      // The URL keeps the temperature for sharing.
      expect(new URL(page.url()).searchParams.get('fig90')).toContain('"tau"');
      expect(problems.pageErrors).toEqual([]);
      await page.screenshot({ path: `${screenshotsDir}/logits-lab-lab.png`, fullPage: true });
    } finally {
      await close();
    }
  });

  it('fits a phone-width screen without sideways scrolling', async () => {
    const { page, close } = await openPage(browser(), `${baseUrl}/logits-lab/?backend=wasm`, {
      viewport: { width: 390, height: 844 },
    });
    try {
      await page.locator(`${LAB} .lab-add`).waitFor();
      const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      expect(widths[0]).toBeLessThanOrEqual(widths[1]! + 1);
      await page.screenshot({ path: `${screenshotsDir}/logits-lab-390.png`, fullPage: true });
    } finally {
      await close();
    }
  });

  it('grows and shrinks the batch, flags a duplicated caption, refuses an empty one', async () => {
    const { page, problems, close } = await openPage(browser(), `${baseUrl}/logits-lab/?backend=wasm`);
    try {
      const lab = page.locator(LAB);
      await lab.locator('.lab-add').waitFor();
      const n = (await config(page, LAB)).texts.length;
      await nextLabResult(page, async () => {
        await lab.locator('.lab-add').focus();
        await page.keyboard.press('Enter');
      });
      expect(await lab.getAttribute('data-pairs')).toBe(String(n + 1));
      expect(await cells(page)).toBe((n + 1) ** 2);
      expect(await lab.locator('input.fig-text').count()).toBe(n + 1);
      await nextLabResult(page, () => lab.locator('.lab-remove').click());
      await nextLabResult(page, () => lab.locator('.lab-remove').click());
      expect(await cells(page)).toBe((n - 1) ** 2);
      expect(await lab.locator('.lab-notes li').count()).toBe(0);
      await nextLabResult(page, () => lab.locator('.lab-dup').click());
      expect(await lab.locator('.lab-notes li').count()).toBe(1);
      // An empty caption: a clear message, the reader's field kept, the last good matrix stays.
      const loss = await term(page, 'loss');
      await lab.locator('input.fig-text').first().fill('   ');
      await lab.locator('.fig-status.fig-problem').waitFor();
      expect(await lab.locator('.fig-status').textContent()).toMatch(/empty/i);
      expect(await lab.locator('input.fig-text').first().inputValue()).toBe('   ');
      expect(await term(page, 'loss')).toBe(loss);
      expect(problems.pageErrors).toEqual([]);
      expect(problems.consoleErrors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('reads each cell from the keyboard and has no serious axe violation', async () => {
    const { page, close } = await openPage(browser(), `${baseUrl}/logits-lab/?backend=wasm`);
    try {
      const map = page.locator(`${LAB} .fig-part-grad-logits svg.viz-svg`);
      await map.focus();
      await page.keyboard.press('ArrowRight');
      const live = await page.locator(`${LAB} .fig-part-grad-logits .viz-live`).textContent();
      expect(live).toMatch(/image 0: .*text 1: .*: [−\d]/);
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe('both labs in Spanish and in dark mode', () => {
  it.each(['/es/logits-lab/', '/es/feature-space/'])(
    '%s speaks Spanish and keeps contrast in dark mode',
    async (path) => {
      const { page, problems, close } = await openPage(browser(), `${baseUrl}${path}?backend=wasm`);
      try {
        await page.locator('figure[data-lab] .fig-controls:not([hidden])').waitFor();
        const controls = await page.locator('figure[data-lab] .fig-controls').textContent();
        expect(controls).toMatch(/Tu descripción|Añadir un par/);
        await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
        expect(await seriousViolations(page, { only: ['color-contrast'] })).toEqual([]);
        expect(problems.pageErrors).toEqual([]);
        expect(problems.consoleErrors).toEqual([]);
      } finally {
        await close();
      }
    },
  );
});

describe('the feature space', () => {
  it('draws 2N points and moves the reader’s caption', async () => {
    const { page, problems, close } = await openPage(browser(), `${baseUrl}/feature-space/?backend=wasm`);
    try {
      const fig = page.locator(SPACE);
      const n = (await config(page, SPACE)).texts.length;
      expect(await fig.locator('.lab-pt-image').count()).toBe(n);
      expect(await fig.locator('.lab-pt-text').count()).toBe(n);
      expect(await fig.locator('.lab-pt-ensemble').count()).toBe(1);
      const yours = fig.locator('.lab-pt-yours');
      const before = await yours.getAttribute('transform');
      await fig.locator('input.fig-text').first().waitFor();
      await nextLabResult(page, () =>
        fig.locator('input.fig-text').first().fill('a big blue star in the center'),
      );
      expect(await yours.getAttribute('transform')).not.toBe(before);
      expect(new URL(page.url()).searchParams.get('fig95')).toContain('a big blue star in the center');
      expect(await fig.locator('.lab-pt-image').count()).toBe(n);
      await fig.locator('svg.viz-svg').focus();
      await page.keyboard.press('ArrowDown');
      expect(await fig.locator('.viz-live').textContent()).toMatch(/\(.+, .+\)/);
      expect(await seriousViolations(page)).toEqual([]);
      expect(problems.pageErrors).toEqual([]);
      await page.screenshot({ path: `${screenshotsDir}/logits-lab-space.png`, fullPage: true });
    } finally {
      await close();
    }
  });

  it('keeps the projection in the URL: UMAP chosen, shared, and restored', async () => {
    const first = await openPage(browser(), `${baseUrl}/feature-space/?backend=wasm`);
    let shared: string;
    try {
      const fig = first.page.locator(SPACE);
      await fig.locator('.lab-projection input[value="umap"]').check();
      await fig
        .locator('svg text', { hasText: /^UMAP 1/ })
        .first()
        .waitFor({ timeout: 60_000 });
      shared = first.page.url();
      expect(JSON.parse(new URL(shared).searchParams.get('fig95')!)).toMatchObject({ v: 'umap' });
    } finally {
      await first.close();
    }
    const again = await openPage(browser(), shared);
    try {
      const fig = again.page.locator(SPACE);
      await fig.locator('.lab-projection').waitFor();
      expect(await fig.locator('.lab-projection input[value="umap"]').isChecked()).toBe(true);
      expect(await fig.locator('figcaption .fig-label').textContent()).toMatch(/UMAP/);
      await fig
        .locator('svg text', { hasText: /^UMAP 1/ })
        .first()
        .waitFor({ timeout: 60_000 });
    } finally {
      await again.close();
    }
  });
});
