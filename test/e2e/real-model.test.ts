// Every lab on the picked model: a model with tiny-clip-a's config (OpenAI's whole vocabulary, 32 px images,
// patch 8; seeded weights made here and served by page.route, as model-switch.test.ts does) is downloaded and
// picked in the panel of the zero-shot playground. The gallery then offers the photographs, the labels are
// the real captions, a live fact shows the model's vocabulary, and the tiny-only paragraphs are hidden; back
// on tiny everything returns, and a label the reader typed survives both switches. The explorer's defaults
// follow too, and so do the logits lab's (photos with "a photo of a …" captions). Screenshots of the playground on the real model, light and dark, desktop and phone.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import type { Page, Route } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { type ClipConfig, validateConfig } from '../../src/clip/config';
import { initWeights } from '../../src/clip/init';
import { writeSafetensors } from '../../src/clip/safetensors';
import type { Manifest } from '../../src/weights/manifest';
import { PHOTOS, REAL_LABELS, photoCaption } from '../../site/lib/photos';
import { type ModelEntry, modelEntry } from '../../site/lib/model-entry';
import { openPage, useBrowser } from './browser';
import { screenshotsDir } from './paths';

const baseUrl = inject('baseUrl');
const browser = useBrowser();
const NAME = 'tiny-clip-a';
const LAB = '/zero-shot-playground/';
const EXPLORER = '/attention-explorer/';
const LOGITS = '/logits-lab/';

const config: ClipConfig = validateConfig(
  JSON.parse(readFileSync('../shared/reference/tiny-clip-a/config.json', 'utf8')),
  'tiny-clip-a',
);
const shard = writeSafetensors(initWeights(config, { seed: 5 }));
const file = {
  path: 'model.safetensors',
  bytes: shard.byteLength,
  sha256: createHash('sha256').update(shard).digest('hex'),
};
const manifest: Manifest = {
  format: 'inside-clip-weights/1',
  name: NAME,
  dtype: 'F32',
  config,
  files: [file],
};
const entry: ModelEntry = modelEntry(NAME, manifest, false);

/** Adds the model to the list of every page under `paths`, and serves its files. */
async function serveModel(page: Page, paths: string[]): Promise<void> {
  for (const p of paths)
    await page.route(`${baseUrl}${p}`, async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace(
        /(<script[^>]*data-model-list[^>]*>)(.*?)(<\/script>)/s,
        (_m, open: string, json: string, close: string) =>
          open + JSON.stringify([...(JSON.parse(json) as ModelEntry[]), entry]) + close,
      );
      await route.fulfill({ response, body });
    });
  await page.context().route(`${baseUrl}/models/${NAME}/**`, (route: Route) => {
    const path = new URL(route.request().url()).pathname.split('/').pop()!;
    if (path === 'manifest.json') return route.fulfill({ json: manifest });
    return route.fulfill({ body: Buffer.from(shard), contentType: 'application/octet-stream' });
  });
}

async function pick(page: Page, name: string, download = false): Promise<void> {
  const panel = page.locator('.model-panel');
  if (!(await panel.getAttribute('open'))) await panel.locator('> summary').click();
  const row = page.locator(`.model-option[data-model="${name}"]`);
  if (download) {
    await row.getByRole('button', { name: /Download|Descargar/ }).click();
    await page.waitForSelector(
      `.model-option[data-model="${name}"][data-stored="all"]:not([data-downloading])`,
    );
  }
  await row.locator('input[type=radio]').check();
  await panel.locator('> summary').click();
}

const labels = (page: Page): Promise<string[]> =>
  page
    .locator('figure[data-lab="zero-shot"] .zs-label-input')
    .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));

const hiddenOf = (page: Page, sel: string): Promise<boolean[]> =>
  page.locator(sel).evaluateAll((els) => els.map((e) => (e as HTMLElement).hidden === true));

describe('a real model picked in the panel', () => {
  it('gives the zero-shot playground photos, real captions, live facts and its own words, and tiny back', async () => {
    const { page, problems, close } = await openPage(browser(), 'about:blank');
    try {
      await serveModel(page, [LAB]);
      await page.goto(`${baseUrl}${LAB}`, { waitUntil: 'load' });
      const lab = page.locator('figure[data-lab="zero-shot"]');
      const status = lab.locator('.fig-status');
      const tinyLabels = await labels(page);
      expect(tinyLabels[0]).toBe('red circle');
      expect(await lab.locator('.fig-gallery canvas.fig-thumb').count()).toBe(12);
      expect((await hiddenOf(page, '[data-only-tiny]')).every((h) => !h)).toBe(true);
      expect((await hiddenOf(page, '[data-only-real]')).every((h) => h)).toBe(true);

      await pick(page, NAME, true);
      await expect.poll(() => labels(page), { timeout: 60_000 }).toEqual(REAL_LABELS);
      await expect.poll(() => status.textContent(), { timeout: 60_000 }).toMatch(/model tiny-clip-a\)/);
      const photos = lab.locator('.fig-gallery[data-photos] img.fig-photo');
      expect(await photos.count()).toBe(PHOTOS.length);
      expect(await lab.locator('.fig-gallery canvas.fig-thumb').count()).toBe(0);
      expect(await lab.locator('.fig-thumb-button').first().getAttribute('aria-label')).toMatch(/cat/);
      expect(await lab.locator('.fig-thumb-button').first().getAttribute('aria-pressed')).toBe('true');
      await expect.poll(() => photos.first().evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBe(320);
      expect(await lab.locator('.zs-real-note').isVisible()).toBe(true);
      expect((await hiddenOf(page, '[data-only-tiny]')).every((h) => h)).toBe(true);
      expect((await hiddenOf(page, '[data-only-real]')).every((h) => !h)).toBe(true);
      expect(await page.locator('[data-live-field="vocab_size"]').first().textContent()).toBe('49,408');
      expect(await page.locator('[data-live-model]').first().textContent()).toBe(NAME);
      expect(await lab.getAttribute('data-top')).toBeTruthy();

      mkdirSync(screenshotsDir, { recursive: true });
      // The whole lab, element by element (the page scrolls smoothly, so a viewport shot could catch it moving).
      await lab.screenshot({ path: `${screenshotsDir}/real-model-lab-light.png` });
      await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
      await lab.screenshot({ path: `${screenshotsDir}/real-model-lab-dark.png` });
      await page.setViewportSize({ width: 390, height: 844 });
      await lab.screenshot({ path: `${screenshotsDir}/real-model-lab-390-dark.png` });
      await page.evaluate(() => (document.documentElement.dataset.theme = 'light'));
      await lab.screenshot({ path: `${screenshotsDir}/real-model-lab-390-light.png` });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > innerWidth + 1);
      expect(overflow).toBe(false);
      await page.setViewportSize({ width: 1280, height: 800 });

      // A photo picked by keyboard reaches the model.
      const rocket = lab.locator('.fig-thumb-button').nth(2);
      await rocket.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => rocket.getAttribute('aria-pressed')).toBe('true');

      await pick(page, 'tiny');
      await expect.poll(() => labels(page), { timeout: 60_000 }).toEqual(tinyLabels);
      await expect.poll(() => status.textContent(), { timeout: 60_000 }).toMatch(/model tiny\)/);
      expect(await lab.locator('.fig-gallery canvas.fig-thumb').count()).toBe(12);
      expect(await lab.locator('.fig-thumb-button').first().getAttribute('aria-pressed')).toBe('true');
      expect((await hiddenOf(page, '[data-only-tiny]')).every((h) => !h)).toBe(true);
      expect((await hiddenOf(page, '[data-only-real]')).every((h) => h)).toBe(true);
      expect(await page.locator('[data-live-field="vocab_size"]').first().textContent()).toBe('49');

      // The reader's own label is kept through a switch.
      const first = lab.locator('.zs-label-input').first();
      await first.fill('my own label');
      await expect.poll(async () => (await labels(page))[0]).toBe('my own label');
      await page.waitForTimeout(400);
      await pick(page, NAME);
      await expect.poll(() => lab.locator('img.fig-photo').count(), { timeout: 60_000 }).toBe(PHOTOS.length);
      expect((await labels(page))[0]).toBe('my own label');
      expect(problems.pageErrors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('gives the explorer a photo and its caption, keeping a text the reader typed', async () => {
    const { page, problems, close } = await openPage(browser(), 'about:blank');
    try {
      await serveModel(page, [EXPLORER]);
      await page.goto(`${baseUrl}${EXPLORER}`, { waitUntil: 'load' });
      const fig = page.locator('figure[data-explorer]');
      const fields = fig.locator('.fig-controls input.fig-text');
      await fields.first().fill('words of my own');
      await page.waitForTimeout(400);
      await pick(page, NAME, true);
      await expect.poll(() => fig.locator('img.fig-photo').count(), { timeout: 60_000 }).toBe(PHOTOS.length);
      expect(await fields.nth(0).inputValue()).toBe('words of my own');
      expect(await fields.nth(1).inputValue()).toBe('a photo of a cat');
      await expect
        .poll(() => fig.locator('.fig-status').textContent(), { timeout: 60_000 })
        .toMatch(/tiny-clip-a/);
      await pick(page, 'tiny');
      await expect.poll(() => fig.locator('canvas.fig-thumb').count(), { timeout: 60_000 }).toBe(12);
      expect(await fields.nth(1).inputValue()).toBe('a big red circle at the top left');
      expect(problems.pageErrors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('gives the logits lab photos and their captions, keeping a caption the reader typed, and tiny back', async () => {
    const { page, problems, close } = await openPage(browser(), 'about:blank');
    try {
      await serveModel(page, [LOGITS]);
      await page.goto(`${baseUrl}${LOGITS}`, { waitUntil: 'load' });
      const fig = page.locator('figure[data-lab="logits"]').first();
      const captions = fig.locator('.lab-pair input.fig-text');
      const texts = (): Promise<string[]> =>
        captions.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
      const images = (): Promise<string[]> =>
        fig.locator('select.lab-image').evaluateAll((els) => els.map((e) => (e as HTMLSelectElement).value));
      await expect.poll(() => captions.count()).toBeGreaterThan(1);
      const tinyTexts = await texts();
      const tinyImages = await images();
      expect(tinyTexts[1]).toBe('a small square');
      await captions.nth(0).fill('words of my own');
      await page.waitForTimeout(400);

      await pick(page, NAME, true);
      const real = tinyImages.map((_, k) => (k === 0 ? 'words of my own' : photoCaption(k)));
      await expect.poll(texts, { timeout: 60_000 }).toEqual(real);
      expect(await images()).toEqual(tinyImages.map((_, k) => String(k)));
      const options = await fig.locator('select.lab-image').first().locator('option').allTextContents();
      expect(options).toEqual(PHOTOS.map((_, k) => `${k}: ${photoCaption(k)}`));
      await expect
        .poll(() => fig.locator('.fig-status').textContent(), { timeout: 60_000 })
        .toMatch(/tiny-clip-a/);
      await expect
        .poll(() => fig.locator(`image[href$="photos/${PHOTOS[1]!.file}"]`).count())
        .toBeGreaterThan(0);

      await pick(page, 'tiny');
      await expect.poll(texts, { timeout: 60_000 }).toEqual(['words of my own', ...tinyTexts.slice(1)]);
      expect(await images()).toEqual(tinyImages);
      await expect
        .poll(() => fig.locator('.fig-status').textContent(), { timeout: 60_000 })
        .toMatch(/model tiny\)/);
      expect(await fig.locator('image[href*="photos/"]').count()).toBe(0);
      expect(problems.pageErrors).toEqual([]);
    } finally {
      await close();
    }
  });
});
