// The hub tests' shared parts (hub-load.test.ts, hub-refusals.test.ts): the stand-in hub
// (test/helpers/hub-server.ts) with the repositories they read, the model panel's hub section driven as a
// reader does, and the figure's results, from the page and from Node's engine on the same files.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { loadModel } from '../../src/clip/model';
import { useBackend } from '../../src/node/backend';
import { loadTokenizer } from '../../src/node/vocab';
import { Engine } from '../../src/runtime/engine';
import { CACHE_NAME } from '../../src/runtime/model-store';
import { fromHfConfig } from '../../src/weights/hf-config';
import { E2E_HUB_PORT, type StandInHub, startStandInHub } from '../helpers/hub-server';
import { REFERENCE } from '../helpers/reference';
import { type PageResult, maxAbsDiff, nextResult, resultCount } from './live-helpers';

const HF = resolve(REFERENCE, 'hf-tiny-clip-a');
const read = (f: string): Uint8Array => new Uint8Array(readFileSync(resolve(HF, f)));
export const LESSON = '/transformer-block/';
const FIGURE = 'figure[data-figure="tensor"]';
export const STAGE = 'transformer.resblocks.0.mlp.gelu.out';
export const TEXT = 'a photo of a cat on a red sofa';

/**
 * Starts the stand-in hub with the repositories both hub test files read (before the file's tests, closed
 * after them) and returns a getter for it.
 */
export function useStandInHub(): () => StandInHub {
  let hub: StandInHub | undefined;
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
        'test/bert': {
          files: { 'config.json': text('{"model_type":"bert"}'), 'model.safetensors': weights },
        },
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
  return () => hub!;
}

/** Node's engine on tiny-clip-a from the hub files (cpu): what every page backend must reproduce. */
export async function nodeStage(
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

export const panel = (page: Page) => page.locator('[data-model-panel]').first();
export const hubSection = (page: Page) => panel(page).locator('section.hub');

export async function openHub(page: Page): Promise<void> {
  await panel(page).locator('summary').click();
  await hubSection(page).waitFor();
}

/** Reads a repository through the panel's field; resolves with the state the section settles in. */
export async function readRepo(page: Page, repo: string, dtype = 'F32'): Promise<string> {
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

export async function settle(page: Page): Promise<string> {
  const section = hubSection(page);
  await page.waitForFunction(
    (el) => ['done', 'error'].includes((el as HTMLElement).dataset.state ?? ''),
    await section.elementHandle(),
    { timeout: 120_000 },
  );
  return (await section.getAttribute('data-state'))!;
}

export const cachedUrls = (page: Page): Promise<string[]> =>
  page.evaluate(async (name) => (await (await caches.open(name)).keys()).map((r) => r.url), CACHE_NAME);

/** The figure's results from `from` on, as they come. */
export async function* resultsFrom(page: Page, from: number): AsyncGenerator<PageResult> {
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
export async function typeText(
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
