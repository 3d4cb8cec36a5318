// The model picker on a lesson page: the tiny model listed and chosen (English and Spanish, at 390 px, axe
// clean), then a made-up model added to the page's list and served by page.route, driven by keyboard:
// download with progress into Cache Storage, the choice and the stored copy found again after a reload
// without a request, delete; and a download cancelled midway that leaves nothing stored.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page, Route } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { writeSafetensors } from '../../src/clip/safetensors';
import { CACHE_NAME } from '../../src/runtime/model-store';
import type { Manifest } from '../../src/weights/manifest';
import { en } from '../../site/i18n/en';
import { formatBytes } from '../../site/lib/bytes';
import type { ModelEntry } from '../../site/lib/model-list';
import { openPage, useBrowser } from './browser';
import { seriousViolations } from './axe';

const baseUrl = inject('baseUrl');
const browser = useBrowser();
const LESSON = '/overview/';

const data = Float32Array.from({ length: 20_000 }, (_, i) => Math.cos(i));
const shard = writeSafetensors([['t', { shape: [data.length], data }]]);
const sha256 = createHash('sha256').update(shard).digest('hex');

/** Any valid config: the panel keeps it in the manifest it stores beside the shards. */
const tinyConfig = (JSON.parse(readFileSync('public/models/tiny/manifest.json', 'utf8')) as Manifest).config;

function fakeModel(name: string): ModelEntry {
  return {
    name,
    dtype: 'F32',
    totalBytes: shard.byteLength,
    memoryBytes: 4 * data.length,
    embedded: false,
    summary: {
      resolution: 48,
      patch: 8,
      visionLayers: 1,
      visionWidth: 8,
      textLayers: 1,
      textWidth: 8,
      embedDim: 8,
    },
    config: tinyConfig,
    files: [{ path: 'model.safetensors', bytes: shard.byteLength, sha256 }],
  };
}

/** Serves the lesson with `extra` appended to its model list, as if public/models held it. */
async function addToList(page: Page, extra: ModelEntry): Promise<void> {
  await page.route(`${baseUrl}${LESSON}`, async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace(
      /(<script[^>]*data-model-list[^>]*>)(.*?)(<\/script>)/s,
      (_m, open: string, json: string, close: string) =>
        open + JSON.stringify([...(JSON.parse(json) as ModelEntry[]), extra]) + close,
    );
    await route.fulfill({ response, body });
  });
}

const storedKeys = (page: Page): Promise<string[]> =>
  page.evaluate(async (name) => (await (await caches.open(name)).keys()).map((r) => r.url), CACHE_NAME);

const row = (page: Page, name: string) => page.locator(`.model-option[data-model="${name}"]`);

describe('the model panel', () => {
  it('lists the tiny model, embedded and chosen, in English and Spanish, at 390 px', async () => {
    for (const [path, label] of [
      [LESSON, 'Model:'],
      [`/es${LESSON}`, 'Modelo:'],
    ]) {
      const { page, problems, close } = await openPage(browser(), `${baseUrl}${path}`, {
        viewport: { width: 390, height: 844 },
      });
      try {
        const summary = page.locator('.model-panel > summary');
        expect((await summary.textContent())?.replace(/\s+/g, ' ').trim()).toBe(`${label} tiny`);
        await summary.focus();
        await page.keyboard.press('Enter');
        const tiny = row(page, 'tiny');
        await tiny.waitFor();
        expect(await tiny.locator('input[type=radio]').isChecked()).toBe(true);
        expect(await tiny.locator('button').count()).toBe(0);
        expect(await tiny.textContent()).toMatch(/48 px/);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        expect(
          await seriousViolations(page, {
            only: ['label', 'button-name', 'color-contrast', 'aria-allowed-attr'],
          }),
        ).toEqual([]);
        expect(problems.pageErrors).toEqual([]);
      } finally {
        await close();
      }
    }
  });

  it('downloads a model into Cache Storage, finds it after a reload without a request, and deletes it', async () => {
    const name = 'fake-model';
    const { page, problems, close } = await openPage(browser(), 'about:blank');
    try {
      const requests: string[] = [];
      await addToList(page, fakeModel(name));
      await page.route(`${baseUrl}/models/${name}/**`, (route: Route) => {
        requests.push(route.request().url());
        return route.fulfill({ body: Buffer.from(shard), contentType: 'application/octet-stream' });
      });
      await page.goto(`${baseUrl}${LESSON}`);
      await page.locator('.model-panel > summary').click();
      const fake = row(page, name);
      await page.waitForSelector(`.model-option[data-model="${name}"][data-stored="none"]`);
      const sizes = en.models.sizes(formatBytes(shard.byteLength, 'en'), formatBytes(4 * data.length, 'en'));
      expect(await fake.textContent()).toContain(sizes);
      await fake.getByRole('button', { name: 'Download' }).focus();
      await page.keyboard.press('Enter');
      await page.waitForSelector(
        `.model-option[data-model="${name}"][data-stored="all"]:not([data-downloading])`,
      );
      const progress = fake.locator('progress');
      expect(await progress.evaluate((p: HTMLProgressElement) => p.value === p.max && p.max > 0)).toBe(true);
      expect(await fake.locator('.model-progress-text').textContent()).toMatch(/\(100 %\)$/);
      expect(await fake.getByRole('status').textContent()).toBe(
        `${name} is downloaded and stored in this browser.`,
      );
      expect(requests).toHaveLength(1);
      expect(await storedKeys(page)).toEqual([
        `${baseUrl}/models/${name}/model.safetensors?sha256=${sha256}`,
        `${baseUrl}/models/${name}/manifest.json`, // so the model also loads offline
      ]);

      await fake.locator('input[type=radio]').check();
      await page.reload();
      await page.locator('.model-panel > summary').click();
      await page.waitForSelector(`.model-option[data-model="${name}"][data-stored="all"]`);
      expect(requests).toHaveLength(1);
      expect(await fake.locator('input[type=radio]').isChecked()).toBe(true);
      expect(await page.locator('[data-model-current]').textContent()).toBe(name);
      expect(await fake.getByRole('status').textContent()).toBe('Stored in this browser; it works offline.');

      await fake.getByRole('button', { name: 'Delete from this browser' }).click();
      await page.waitForSelector(`.model-option[data-model="${name}"][data-stored="none"]`);
      expect(await storedKeys(page)).toEqual([]);
      expect(await fake.getByRole('button', { name: 'Download' }).isVisible()).toBe(true);
      expect(problems.pageErrors).toEqual([]);
      expect(problems.consoleErrors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('cancels a download midway and keeps nothing of it', async () => {
    const name = 'slow-model';
    let release = (): void => undefined;
    const hold = new Promise<void>((resolve) => (release = resolve));
    const { page, problems, close } = await openPage(browser(), 'about:blank');
    try {
      await addToList(page, fakeModel(name));
      // The file never arrives: the reader cancels while it is on its way.
      await page.route(`${baseUrl}/models/${name}/**`, (route) =>
        hold.then(() => route.abort().catch(() => undefined)),
      );
      await page.goto(`${baseUrl}${LESSON}`);
      await page.locator('.model-panel > summary').click();
      const slow = row(page, name);
      await slow.getByRole('button', { name: 'Download' }).click();
      const cancel = slow.getByRole('button', { name: 'Cancel' });
      await cancel.waitFor();
      expect(await cancel.evaluate((b) => b === document.activeElement)).toBe(true);
      await cancel.click();
      await page.waitForSelector(`.model-option[data-model="${name}"]:not([data-downloading])`);
      expect(await slow.getByRole('status').textContent()).toBe('The download was cancelled.');
      expect(await slow.getAttribute('data-stored')).toBe('none');
      expect(await storedKeys(page)).toEqual([]);
      expect(problems.pageErrors).toEqual([]);
    } finally {
      release();
      await close();
    }
  });
});
