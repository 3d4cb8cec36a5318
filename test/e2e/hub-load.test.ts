// Real CLIP from the hub, in Chromium, against the stand-in hub (test/helpers/hub-server.ts: API listing,
// a redirect to a second origin, Range, CORS, sha256 etags) that the e2e build's PUBLIC_HF_ENDPOINT names.
// tiny-clip-a as the hub holds it is read, offered, streamed, converted and stored by the model panel; the
// figures then compute with it exactly as Node does (cpu, wasm, WebGL), also after a reload with the hub
// gone. Every refusal (bad name, gated, not a CLIP, wrong sha256, a cut body, cancel, quota) is one sentence
// in the page's language, leaves nothing in the cache and keeps the previous model working.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadModel } from '../../src/clip/model';
import { useBackend } from '../../src/node/backend';
import { loadTokenizer } from '../../src/node/vocab';
import { Engine } from '../../src/runtime/engine';
import { CACHE_NAME } from '../../src/runtime/model-store';
import { fromHfConfig } from '../../src/weights/hf-config';
import { en } from '../../site/i18n/en';
import { es } from '../../site/i18n/es';
import { E2E_HUB_PORT, type StandInHub, startStandInHub } from '../helpers/hub-server';
import { REFERENCE } from '../helpers/reference';
import { openPage, useBrowser } from './browser';
import { type PageResult, maxAbsDiff, nextResult, nodeRun, recordResults, resultCount } from './live-helpers';

const baseUrl = inject('baseUrl');
const browser = useBrowser();
const HF = resolve(REFERENCE, 'hf-tiny-clip-a');
const read = (f: string): Uint8Array => new Uint8Array(readFileSync(resolve(HF, f)));
const LESSON = '/transformer-block/';
const FIGURE = 'figure[data-figure="tensor"]';
const STAGE = 'transformer.resblocks.0.mlp.gelu.out';
const TEXT = 'a photo of a cat on a red sofa';

let hub: StandInHub;

beforeAll(async () => {
  const text = (s: string): Uint8Array => new TextEncoder().encode(s);
  const config = read('config.json');
  const weights = read('model.safetensors');
  hub = await startStandInHub(
    {
      'test/tiny-clip-a': { files: { 'config.json': config, 'model.safetensors': weights } },
      'openai/clip-vit-base-patch32': {
        files: { 'config.json': config, 'pytorch_model.bin': read('pytorch_model.bin') },
      },
      'test/gelu': { files: { 'config.json': read('config.gelu.json'), 'model.safetensors': weights } },
      'test/gated': { files: { 'config.json': config }, status: 401 },
      'test/bert': { files: { 'config.json': text('{"model_type":"bert"}'), 'model.safetensors': weights } },
      'test/wrong-sha': {
        files: { 'config.json': config, 'model.safetensors': weights },
        wrongSha: 'model.safetensors',
      },
      'test/truncated': {
        files: { 'config.json': config, 'model.safetensors': weights },
        truncate: { path: 'model.safetensors', after: 1 << 20 }, // each response: 3 tries < 6.9 MB
      },
      'test/slow': { files: { 'config.json': config, 'model.safetensors': weights }, slowMs: 40 },
    },
    E2E_HUB_PORT,
  );
});
afterAll(() => hub?.close());

/** Node's engine on tiny-clip-a from the hub files (cpu): what every page backend must reproduce. */
async function nodeStage(
  configFile = 'config.json',
): Promise<{ shape: number[]; data: Float32Array | Int32Array }> {
  await useBackend('cpu');
  const config = fromHfConfig(JSON.parse(new TextDecoder().decode(read(configFile))));
  const engine = Engine.from(
    'cpu',
    loadModel(read('model.safetensors'), { config }),
    await loadTokenizer(),
    'hub',
  );
  const r = await engine.run({ type: 'run', id: 0, channel: 'node', texts: [TEXT], capture: [STAGE] });
  return r.trace[STAGE]!;
}

const panel = (page: Page) => page.locator('[data-model-panel]').first();
const hubSection = (page: Page) => panel(page).locator('section.hub');

async function openHub(page: Page): Promise<void> {
  await panel(page).locator('summary').click();
  await hubSection(page).waitFor();
}

/** Reads a repository through the panel's field; resolves with the state the section settles in. */
async function readRepo(page: Page, repo: string, dtype = 'F32'): Promise<string> {
  const section = hubSection(page);
  await section.locator('select').selectOption(dtype);
  await section.locator('input.hub-input').fill(repo);
  await section.locator('form button[type="submit"]').click();
  await page.waitForFunction(
    (el) => ['offer', 'error'].includes((el as HTMLElement).dataset.state ?? ''),
    await section.elementHandle(),
  );
  return (await section.getAttribute('data-state'))!;
}

async function settle(page: Page): Promise<string> {
  const section = hubSection(page);
  await page.waitForFunction(
    (el) => ['done', 'error'].includes((el as HTMLElement).dataset.state ?? ''),
    await section.elementHandle(),
    { timeout: 120_000 },
  );
  return (await section.getAttribute('data-state'))!;
}

const cachedUrls = (page: Page): Promise<string[]> =>
  page.evaluate(async (name) => (await (await caches.open(name)).keys()).map((r) => r.url), CACHE_NAME);

/** Types TEXT and waits for the figure's result with `width` MLP channels (a model switch may land first). */
/** The figure's results from `from` on, as they come. */
async function* resultsFrom(page: Page, from: number): AsyncGenerator<PageResult> {
  for (let seen = from; ; seen++) {
    await nextResult(page, seen);
    yield (await page.evaluate(
      (i) => (window as unknown as { __results: unknown[] }).__results[i],
      seen,
    )) as PageResult;
  }
}

/**
 * Types TEXT and returns the first result since `from` with `width` MLP channels and, when `near` is given,
 * within 1e-2 of it: a model switch may land before or after the typing.
 */
async function typeText(
  page: Page,
  width: number,
  near?: ArrayLike<number>,
  from?: number,
): Promise<PageResult> {
  const start = from ?? (await resultCount(page));
  await page.locator(FIGURE).first().locator('input.fig-text').first().fill(TEXT);
  for await (const r of resultsFrom(page, start)) {
    const stage = r.trace[STAGE];
    if (stage?.shape[2] !== width) continue;
    if (!near || maxAbsDiff(stage.data, near) < 1e-2) return r;
  }
  throw new Error('unreachable');
}

describe.skipIf(process.env.E2E_SKIP_BUILD === '1')('a hub model in the page', () => {
  describe.each(['cpu', 'wasm', 'webgl'])('on %s', (backend) => {
    it('is offered, streamed with progress, stored, and computes as Node does (1e-4), offline too', async () => {
      const { page, problems, close } = await openPage(browser(), `${baseUrl}${LESSON}?backend=${backend}`);
      try {
        await recordResults(page);
        await page.reload({ waitUntil: 'load' });
        await openHub(page);
        expect(await readRepo(page, 'test/tiny-clip-a')).toBe('offer');
        const offer = await hubSection(page).locator('.hub-offer p').textContent();
        expect(offer).toContain('test/tiny-clip-a');
        expect(offer).toContain('6.9 MB');
        await hubSection(page).locator('.hub-offer button').first().click();
        expect(await settle(page)).toBe('done');
        await expect
          .poll(() => panel(page).locator('[data-model-current]').textContent())
          .toBe('test/tiny-clip-a (fp32)');
        const want = await nodeStage();
        const got = (await typeText(page, want.shape[2]!, want.data)).trace[STAGE]!;
        expect(got.shape).toEqual(want.shape);
        expect(maxAbsDiff(got.data, want.data)).toBeLessThan(1e-4);
        const row = panel(page).locator('.model-option[data-hub="true"]');
        expect(await row.locator('.model-meta').last().textContent()).toMatch(
          /^Converted from the hub: [\d.]+ MB kept in this browser/,
        );
        const urls = await cachedUrls(page);
        expect(urls.filter((u) => u.includes('/models/hf--test--tiny-clip-a--')).length).toBeGreaterThan(1);

        // The hub gone: the reload finds the model in Cache Storage and computes the same numbers.
        await page.context().route(/127\.0\.0\.1:(\d+)\/(api|blobs|test)\//, (r) => r.abort());
        await page.reload({ waitUntil: 'load' });
        await expect
          .poll(() => panel(page).locator('[data-model-current]').textContent())
          .toBe('test/tiny-clip-a (fp32)');
        const again = (await typeText(page, want.shape[2]!, want.data, 0)).trace[STAGE]!;
        expect(maxAbsDiff(again.data, want.data)).toBeLessThan(1e-4);

        // Exact GELU (hidden_act "gelu", erf written from elementary ops) on this backend too.
        await page.context().unroute(/127\.0\.0\.1:(\d+)\/(api|blobs|test)\//);
        await openHub(page);
        expect(await readRepo(page, 'test/gelu')).toBe('offer');
        const mark = await resultCount(page);
        await hubSection(page).locator('.hub-offer button').first().click();
        expect(await settle(page)).toBe('done');
        const gelu = await nodeStage('config.gelu.json');
        expect(maxAbsDiff(gelu.data, want.data)).toBeGreaterThan(1e-3); // the activation matters here
        const exact = (await typeText(page, gelu.shape[2]!, gelu.data, mark)).trace[STAGE]!;
        expect(maxAbsDiff(exact.data, gelu.data)).toBeLessThan(1e-4);
        expect(problems.pageErrors).toEqual([]);
      } finally {
        await close();
      }
    });
  });

  it('loads the catalogue ViT-B/32 entry from pytorch_model.bin in fp16 (within 2e-3 of fp32)', async () => {
    const { page, close } = await openPage(browser(), `${baseUrl}${LESSON}?backend=wasm`);
    try {
      await recordResults(page);
      await page.reload({ waitUntil: 'load' });
      await openHub(page);
      await hubSection(page).locator('button[data-hub-repo="openai/clip-vit-base-patch32"]').click();
      await page.waitForFunction(
        (el) => (el as HTMLElement).dataset.state === 'offer',
        await hubSection(page).elementHandle(),
      );
      await hubSection(page).locator('.hub-offer button').first().click();
      expect(await settle(page)).toBe('done');
      await expect
        .poll(() => panel(page).locator('[data-model-current]').textContent())
        .toBe('openai/clip-vit-base-patch32 (fp16)');
      const want = await nodeStage();
      const got = (await typeText(page, want.shape[2]!, want.data)).trace[STAGE]!;
      expect(maxAbsDiff(got.data, want.data)).toBeLessThan(2e-3);
    } finally {
      await close();
    }
  });

  it('says why each bad load failed, keeps nothing, and the tiny model keeps working', async () => {
    const { page, close } = await openPage(browser(), `${baseUrl}${LESSON}?backend=wasm`);
    try {
      await recordResults(page);
      await page.reload({ waitUntil: 'load' });
      await openHub(page);
      const t = en.models.hub;
      const state = () => hubSection(page).locator('.model-state').textContent();
      const error = () => hubSection(page).getAttribute('data-error');

      expect(await readRepo(page, 'not a repo')).toBe('error');
      expect(await error()).toBe('bad-id');
      expect(await state()).toBe(`${t.errors['bad-id']('not a repo')} ${t.kept}`);
      expect(await hubSection(page).locator('input.hub-input').inputValue()).toBe('not a repo'); // kept

      expect(await readRepo(page, 'test/missing')).toBe('error');
      expect(await error()).toBe('not-found');
      expect(await state()).toBe(`${t.errors['not-found']('test/missing')} ${t.kept}`);

      expect(await readRepo(page, 'test/gated')).toBe('error');
      expect(await error()).toBe('gated');
      expect(await state()).toBe(`${t.errors.gated('test/gated')} ${t.kept}`);

      expect(await readRepo(page, 'test/bert')).toBe('error');
      expect(await error()).toBe('not-clip');
      expect(await state()).toMatch(/^test\/bert is not a CLIP model this site can read \(.*bert.*\)\./);

      for (const [repo, kind] of [
        ['test/wrong-sha', 'integrity'],
        ['test/truncated', 'network'],
      ] as const) {
        expect(await readRepo(page, repo)).toBe('offer');
        await hubSection(page).locator('.hub-offer button').first().click();
        expect(await settle(page)).toBe('error');
        expect(await error()).toBe(kind);
        expect(await state()).toBe(`${t.errors[kind](repo)} ${t.kept}`);
      }

      expect(await readRepo(page, 'test/slow')).toBe('offer');
      await hubSection(page).locator('.hub-offer button').first().click();
      await page.waitForFunction(
        () =>
          ((document.querySelector('section.hub progress') as HTMLProgressElement | null)?.value ?? 0) > 0,
      );
      await hubSection(page).locator('.model-progress button').click();
      expect(await settle(page)).toBe('error');
      expect(await error()).toBe('cancelled');

      expect((await cachedUrls(page)).filter((u) => u.includes('/models/hf--'))).toEqual([]);
      expect(await panel(page).locator('[data-model-current]').textContent()).toBe('tiny');
      const tiny = (await nodeRun({ texts: [TEXT], capture: [STAGE] })).trace[STAGE]!;
      const r = await typeText(page, tiny.shape[2]!);
      expect(maxAbsDiff(r.trace[STAGE]!.data, tiny.data)).toBeLessThan(1e-4); // still the tiny model
    } finally {
      await close();
    }
  });

  it('refuses before downloading when the storage quota is short, in Spanish on Spanish pages', async () => {
    const { page, close } = await openPage(browser(), `${baseUrl}/es${LESSON}`);
    try {
      await page.addInitScript(() => {
        Object.defineProperty(navigator.storage, 'estimate', {
          value: async () => ({ quota: 1_000_000, usage: 400_000 }),
        });
      });
      await page.reload({ waitUntil: 'load' });
      await openHub(page);
      const t = es.models.hub;
      expect(await readRepo(page, 'test/gated')).toBe('error');
      expect(await hubSection(page).locator('.model-state').textContent()).toBe(
        `${t.errors.gated('test/gated')} ${t.kept}`,
      );
      expect(await readRepo(page, 'test/tiny-clip-a')).toBe('offer');
      const requests = hub.log.length;
      await hubSection(page).locator('.hub-offer button').first().click();
      expect(await settle(page)).toBe('error');
      expect(await hubSection(page).getAttribute('data-error')).toBe('quota');
      expect(await hubSection(page).locator('.model-state').textContent()).toMatch(
        /^No hay espacio suficiente/,
      );
      expect(hub.log.length).toBe(requests); // refused before any weight was asked for
    } finally {
      await close();
    }
  });
});
