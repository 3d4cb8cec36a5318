// The live figures follow the model panel: a made-up model with 2 vision layers (tiny has 3), generated
// here and served by page.route, is downloaded and picked in the panel; the vision attention figure then
// recomputes with it (2 layers in its trace and its layer select, the model named in its status line)
// without downloading its weights again, a code cell computes with it, and the figure comes back to tiny
// when tiny is picked again. After a reload the remembered model is used; a model that fails to load is
// reported and tiny keeps working.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { Page, Route } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import type { ClipConfig } from '../../src/clip/config';
import { initWeights } from '../../src/clip/init';
import { writeSafetensors } from '../../src/clip/safetensors';
import type { Manifest } from '../../src/weights/manifest';
import type { ModelEntry } from '../../site/lib/model-entry';
import { openPage, useBrowser } from './browser';
import { nextResult, recordResults, resultCount } from './live-helpers';

const baseUrl = inject('baseUrl');
const browser = useBrowser();
const LESSON = '/vision-transformer/';
const NAME = 'two-layer';
const FIGURE = 'figure[data-figure="attention"]';

const tiny = JSON.parse(readFileSync('public/models/tiny/manifest.json', 'utf8')) as Manifest;
const config: ClipConfig = { ...tiny.config, vision_layers: 2, transformer_layers: 2 };
const shard = writeSafetensors(initWeights(config, { seed: 3 }));
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

/** Bytes of float32 data in a safetensors file (all F32): the file less its 8-byte length and JSON header. */
const dataBytes = (bytes: Uint8Array): number =>
  bytes.byteLength - 8 - Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));

// The made-up model's entry in the page's model list, stated field by field (not with site/lib/model-entry's
// modelEntry, which the build uses): sizes from the bytes served, the summary from the config written above.
const entry: ModelEntry = {
  name: NAME,
  dtype: 'F32',
  totalBytes: shard.byteLength,
  memoryBytes: dataBytes(shard),
  embedded: false,
  summary: {
    resolution: 48,
    patch: 8,
    visionLayers: 2,
    visionWidth: 96,
    textLayers: 2,
    textWidth: 64,
    embedDim: 64,
  },
  config,
  files: [file],
};

/** A byte count as the panel writes it in English (decimal megabytes, at most two decimals). */
const megabytes = (n: number): string => `${Number((n / 1e6).toFixed(2))} MB`;

/** Serves the lesson with the made-up model in its list, and the model's files (counting requests). */
async function serveModel(
  page: Page,
  requests: string[],
  missing = { manifest: false },
  lesson = LESSON,
): Promise<void> {
  await page.route(`${baseUrl}${lesson}`, async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace(
      /(<script[^>]*data-model-list[^>]*>)(.*?)(<\/script>)/s,
      (_m, open: string, json: string, close: string) =>
        open + JSON.stringify([...(JSON.parse(json) as ModelEntry[]), entry]) + close,
    );
    await route.fulfill({ response, body });
  });
  // On the context, so the model worker's requests are routed too.
  await page.context().route(`${baseUrl}/models/${NAME}/**`, (route: Route) => {
    const path = new URL(route.request().url()).pathname.split('/').pop()!;
    requests.push(path);
    if (path === 'manifest.json')
      return missing.manifest ? route.fulfill({ status: 404 }) : route.fulfill({ json: manifest });
    return route.fulfill({ body: Buffer.from(shard), contentType: 'application/octet-stream' });
  });
}

const layerOptions = (page: Page): Promise<string[]> =>
  page.locator(`${FIGURE} select`).first().locator('option').allTextContents();

const stages = (trace: Record<string, unknown>): string[] =>
  Object.keys(trace).filter((k) => k.startsWith('visual.transformer.resblocks.'));

describe('the figures and the model panel', () => {
  it('recompute with the picked model, and with tiny again', async () => {
    const { page, problems, close } = await openPage(browser(), 'about:blank');
    try {
      const requests: string[] = [];
      await recordResults(page);
      await serveModel(page, requests);
      await page.goto(`${baseUrl}${LESSON}`, { waitUntil: 'load' });
      const figure = page.locator(FIGURE);
      const status = figure.locator('.fig-status');
      expect(await layerOptions(page)).toEqual(['0', '1', '2']);

      // The build's entry for tiny, checked against its files: sizes from the bytes it serves.
      const shipped = new Uint8Array(readFileSync('public/models/tiny/model.safetensors'));
      const list = JSON.parse(
        (await page.locator('script[data-model-list]').first().textContent())!,
      ) as ModelEntry[];
      expect(list.map((m) => m.name)).toEqual(['tiny', NAME]);
      expect(list[0]).toEqual({
        name: 'tiny',
        dtype: 'F32',
        totalBytes: statSync('public/models/tiny/model.safetensors').size,
        memoryBytes: dataBytes(shipped),
        embedded: true,
        summary: {
          resolution: 48,
          patch: 8,
          visionLayers: 3,
          visionWidth: 96,
          textLayers: 3,
          textWidth: 64,
          embedDim: 64,
        },
        config: tiny.config,
        files: tiny.files,
      });

      // Tiny first: the figure wakes when the reader reaches it.
      let seen = await resultCount(page);
      await figure.hover();
      let r = await nextResult(page, seen);
      expect(stages(r.trace)).toHaveLength(3);
      expect(await status.textContent()).toMatch(/model tiny\)/);

      await page.locator('.model-panel > summary').click();
      const row = page.locator(`.model-option[data-model="${NAME}"]`);
      // The panel describes each model from its entry: layers, widths and sizes as served.
      const rowText = await row.textContent();
      expect(rowText).toContain('vision 2 layers × 96 · text 2 layers × 64 · 64 features');
      expect(rowText).toContain(`${megabytes(shard.byteLength)} to download`);
      expect(rowText).toContain(`about ${megabytes(dataBytes(shard))} of memory`);
      expect(await page.locator('.model-option[data-model="tiny"]').textContent()).toContain(
        'vision 3 layers × 96 · text 3 layers × 64 · 64 features',
      );
      await row.getByRole('button', { name: 'Download' }).click();
      await page.waitForSelector(
        `.model-option[data-model="${NAME}"][data-stored="all"]:not([data-downloading])`,
      );
      expect(requests).toEqual(['model.safetensors']);

      seen = await resultCount(page);
      await row.locator('input[type=radio]').check();
      r = await nextResult(page, seen);
      expect(stages(r.trace)).toHaveLength(2);
      expect(await status.textContent()).toMatch(new RegExp(`model ${NAME}\\)`));
      expect(await layerOptions(page)).toEqual(['0', '1']);
      // The worker read the weights from the panel's cache: only the manifest was asked for.
      expect(requests).toEqual(['model.safetensors', 'manifest.json']);

      // A code cell computes with the picked model too (its own worker, from the same cache).
      const cell = page.locator('[data-notebook-cell]').first();
      await cell.locator('[data-cell-pre]').focus();
      await expect.poll(() => cell.getAttribute('data-cell-editor'), { timeout: 30_000 }).toBe('ready');
      await cell.locator('.cm-content').click();
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.insertText(
        "show(model.name);\nconst { trace } = forward({ images: [0], capture: ['visual.transformer'] });\nshow(Object.keys(trace).filter((k) => k.endsWith('.attn.probs')).length);",
      );
      await cell.getByRole('button', { name: 'Run', exact: true }).click();
      await expect.poll(() => cell.getAttribute('data-cell-state'), { timeout: 60_000 }).toBe('done');
      expect(await cell.locator('.cell-log').first().textContent()).toBe(NAME);
      expect(await cell.locator('output[data-value]').getAttribute('data-value')).toBe('2');

      seen = await resultCount(page);
      await page.locator('.model-option[data-model="tiny"] input[type=radio]').check();
      r = await nextResult(page, seen);
      expect(stages(r.trace)).toHaveLength(3);
      expect(await status.textContent()).toMatch(/model tiny\)/);
      expect(await layerOptions(page)).toEqual(['0', '1', '2']);
      expect(r.tensors).toBeGreaterThan(0);
      expect(problems.pageErrors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('use the remembered model after a reload, and keep tiny when a model fails to load', async () => {
    const { page, problems, close } = await openPage(browser(), 'about:blank');
    try {
      const requests: string[] = [];
      const missing = { manifest: false };
      await recordResults(page);
      await serveModel(page, requests, missing);
      await page.goto(`${baseUrl}${LESSON}`, { waitUntil: 'load' });
      await page.locator('.model-panel > summary').click();
      const row = page.locator(`.model-option[data-model="${NAME}"]`);
      await row.getByRole('button', { name: 'Download' }).click();
      await page.waitForSelector(
        `.model-option[data-model="${NAME}"][data-stored="all"]:not([data-downloading])`,
      );
      await row.locator('input[type=radio]').check();

      await page.reload({ waitUntil: 'load' });
      const figure = page.locator(FIGURE);
      const status = figure.locator('.fig-status');
      await figure.hover();
      // The first result may still come from tiny while the remembered model loads: wait for its own.
      await expect
        .poll(() => status.textContent(), { timeout: 60_000 })
        .toMatch(new RegExp(`model ${NAME}\\)`));
      expect(await layerOptions(page)).toEqual(['0', '1']);
      expect(requests.filter((p) => p === 'model.safetensors')).toHaveLength(1);

      let seen = await resultCount(page);
      await page.locator('.model-panel > summary').click();
      await page.locator('.model-option[data-model="tiny"] input[type=radio]').check();
      await nextResult(page, seen);
      missing.manifest = true;
      await page.locator(`.model-option[data-model="${NAME}"] input[type=radio]`).check();
      await expect
        .poll(() => status.textContent(), { timeout: 60_000 })
        .toMatch(
          new RegExp(`The ${NAME} model could not load \\(.*HTTP 404.*\\); the figures keep using tiny\\.`),
        );
      expect(await figure.locator('.fig-status.fig-problem').count()).toBe(1);
      expect(await layerOptions(page)).toEqual(['0', '1', '2']);

      seen = await resultCount(page);
      await figure.locator('.fig-thumb-button').nth(2).click();
      const r = await nextResult(page, seen);
      expect(stages(r.trace)).toHaveLength(3);
      expect(await status.textContent()).toMatch(/model tiny\)/);
      expect(problems.pageErrors).toEqual([]);
    } finally {
      await close();
    }
  });

  it("move the temperature's learned mark to the picked model's own τ", async () => {
    const lesson = '/similarity-temperature/';
    const { page, problems, close } = await openPage(browser(), 'about:blank');
    try {
      await recordResults(page);
      await serveModel(page, [], { manifest: false }, lesson);
      await page.goto(`${baseUrl}${lesson}`, { waitUntil: 'load' });
      const figure = page.locator('figure[data-figure="similarity"]').first();
      const tau = figure.locator('.fig-tau');
      // The first paint comes from the build, with tiny's own learned τ.
      const report = JSON.parse(readFileSync('public/models/tiny/report.json', 'utf8')) as {
        evaluation: { logitScale: number };
      };
      expect(await tau.textContent()).toContain(`τ = ${(1 / report.evaluation.logitScale).toPrecision(3)}`);
      await figure.hover(); // wakes the figure: a model switch now computes it again

      await page.locator('.model-panel > summary').click();
      const row = page.locator(`.model-option[data-model="${NAME}"]`);
      await row.getByRole('button', { name: 'Download' }).click();
      await page.waitForSelector(
        `.model-option[data-model="${NAME}"][data-stored="all"]:not([data-downloading])`,
      );
      const seen = await resultCount(page);
      await row.locator('input[type=radio]').check();
      const r = await nextResult(page, seen);
      // A fresh CLIP starts at τ = 0.07, as in the paper; tiny learned another value.
      const madeUpScale = r.trace['logit_scale.exp']!.data[0]!;
      expect(madeUpScale).toBeCloseTo(1 / 0.07, 3);
      await expect.poll(() => tau.textContent()).toContain('τ = 0.0700');
      await figure.locator('.fig-range').fill('-1');
      await expect.poll(() => tau.textContent()).toMatch(/τ = 0\.099|τ = 0\.100/);
      await figure.locator('.fig-reset').click();
      await expect.poll(() => tau.textContent()).toContain('τ = 0.0700');
      expect(problems.pageErrors).toEqual([]);
    } finally {
      await close();
    }
  });
});
