// What the reader is told, in the page's language: a model that could not start offline says the network
// is the cause and starts again on the next edit once back online (lessons and the training lab); Spanish
// pages show Spanish engine, file and playground messages (empty text, a text that the tokenizer cleans
// away, a too-long text, a file that is not an image, a corrupt one, a large one, a duplicate and an
// over-long label, quoted short); and the status says when the model runs on the main thread.
// Service workers are blocked here, so "offline" means no network at all.
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { RUNTIME_STRINGS, quoteShort } from '../../src/runtime/messages';
import { trainingStrings } from '../../site/components/labs/training-strings';
import { zeroShotStrings } from '../../site/components/labs/zero-shot-strings';
import { openPage, useBrowser } from './browser';
import { nextResult, problemOf, recordResults, resultCount } from './live-helpers';

const baseUrl = inject('baseUrl');
const browser = useBrowser();
const es = RUNTIME_STRINGS.es;

async function open(path: string, init?: () => void) {
  const opened = await openPage(browser(), 'about:blank', { serviceWorkers: 'block' });
  await recordResults(opened.page);
  if (init) await opened.page.addInitScript(init);
  await opened.page.goto(`${baseUrl}${path}`, { waitUntil: 'load' });
  return opened;
}

const statusOf = (page: Page, fig: string) => page.locator(`${fig} .fig-status`).textContent();

describe('offline before the model loads', () => {
  it.each([
    ['/overview/', RUNTIME_STRINGS.en.offline],
    ['/es/overview/', es.offline],
  ])('%s says the network is the cause, and computes on the next edit once online', async (path, offline) => {
    const { page, close } = await open(`${path}?backend=wasm`);
    try {
      const fig = page.locator('figure[data-figure]:has(input.fig-text)').first();
      const id = await fig.getAttribute('id');
      const sel = `figure[id="${id}"]`;
      await page.context().setOffline(true);
      await fig.locator('input.fig-text').first().fill('a red circle');
      expect(await problemOf(page, sel)).toBe(offline);
      await fig.locator('input.fig-text').first().fill('a red circle again');
      expect(await problemOf(page, sel)).toBe(offline);
      await page.context().setOffline(false);
      const seen = await resultCount(page);
      await fig.locator('input.fig-text').first().fill('a blue star');
      const r = await nextResult(page, seen);
      expect(r.figure).toBe(id);
      expect(await page.locator(`${sel} .fig-status.fig-problem`).count()).toBe(0);
    } finally {
      await close();
    }
  });

  it('the training lab keeps Step and starts again once online', async () => {
    const { page, close } = await open('/es/training-lab/?backend=wasm');
    try {
      const FIG = 'figure[data-lab="training"]';
      const step = page.locator(`${FIG} button.tl-step`);
      await step.waitFor();
      await page.context().setOffline(true);
      await step.click();
      const s = trainingStrings('es');
      await page.waitForFunction(
        ([sel, text]) => document.querySelector(`${sel} .fig-status`)?.textContent === text,
        [FIG, s.offline] as const,
        { timeout: 60_000 },
      );
      expect(await step.isDisabled()).toBe(false);
      await page.context().setOffline(false);
      const started = page.evaluate(
        (sel) =>
          new Promise<void>((res) =>
            document.querySelector(sel)!.addEventListener('lab:started', () => res(), { once: true }),
          ),
        FIG,
      );
      await step.click();
      await started;
    } finally {
      await close();
    }
  });
});

describe('a Spanish page speaks Spanish', () => {
  it('in the engine: an empty text, one the tokenizer cleans away, and a truncated one', async () => {
    const { page, close } = await open('/es/tokenizer/?backend=wasm');
    try {
      const FIG = 'figure[data-figure="tokenizer"]';
      const field = page.locator(`${FIG} input.fig-text`);
      await field.fill('   ');
      expect(await problemOf(page, FIG)).toBe(es.emptyText);
      const seen = await resultCount(page);
      await field.fill(Array.from({ length: 90 }, () => 'red').join(' '));
      const r = await nextResult(page, seen);
      expect(r.notes).toEqual([es.truncated(92, 77)]);
      expect(await statusOf(page, FIG)).toContain(es.truncated(92, 77));
      await field.fill('\u0000');
      await page.waitForFunction(
        ([sel, text]) => document.querySelector(`${sel} .fig-status`)?.textContent === text,
        [FIG, es.emptyText] as const,
      );
    } finally {
      await close();
    }
  });

  it('for image files: not an image, damaged, and downscaled', async () => {
    const { page, close } = await open('/es/image-patches/?backend=wasm');
    try {
      const FIG = 'figure[data-figure="patch"]';
      const file = page.locator(`${FIG} input.fig-file`);
      await file.waitFor({ state: 'attached' });
      await file.setInputFiles({ name: 'notas.txt', mimeType: 'text/plain', buffer: Buffer.from('hola') });
      expect(await problemOf(page, FIG)).toBe(es.notImage('notas.txt'));
      await file.setInputFiles({
        name: 'roto.png',
        mimeType: 'image/png',
        buffer: Buffer.from('\x89PNG\r\n\x1a\nnot really'),
      });
      await page.waitForFunction(
        ([sel, text]) => document.querySelector(`${sel} .fig-status`)?.textContent === text,
        [FIG, es.undecodable('roto.png')] as const,
      );
      const png = await page.evaluate(async () => {
        const c = new OffscreenCanvas(3000, 2000);
        const ctx = c.getContext('2d')!;
        ctx.fillStyle = '#c33';
        ctx.fillRect(0, 0, 3000, 2000);
        const blob = await c.convertToBlob({ type: 'image/png' });
        return Array.from(new Uint8Array(await blob.arrayBuffer()));
      });
      const seen = await resultCount(page);
      await file.setInputFiles({ name: 'grande.png', mimeType: 'image/png', buffer: Buffer.from(png) });
      await nextResult(page, seen);
      expect(await statusOf(page, FIG)).toContain(es.downscaled(3000, 2000, 1024, 683));
    } finally {
      await close();
    }
  });

  it('in the zero-shot playground: a duplicate label, an over-long one quoted short, a bad file', async () => {
    const { page, close } = await open('/es/zero-shot-playground/?backend=wasm');
    try {
      const FIG = 'figure[data-lab="zero-shot"]';
      const z = zeroShotStrings('es');
      const second = page.locator(`${FIG} .zs-label-input`).nth(1);
      const first = await page.locator(`${FIG} .zs-label-input`).first().inputValue();
      await second.fill(first);
      expect(await problemOf(page, FIG)).toBe(
        `${z.problems['duplicate-label']} ${quoteShort(first)}. ${z.keptNote}`,
      );
      // maxlength stops typing at 80 characters; a script (or an older browser) can still set 5,000.
      const long = 'x'.repeat(5000);
      await second.evaluate((input: HTMLInputElement, v) => {
        input.value = v;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }, long);
      await page.waitForFunction(
        ([sel, text]) => document.querySelector(`${sel} .fig-status`)?.textContent === text,
        [FIG, `${z.problems['long-label']} ${quoteShort(long)}. ${z.keptNote}`] as const,
      );
      const box = await page.locator(`${FIG} .fig-status`).boundingBox();
      expect(box!.height).toBeLessThan(120);
      await second.fill('estrella verde');
      const file = page.locator(`${FIG} input.fig-file`);
      await file.setInputFiles({ name: 'notas.txt', mimeType: 'text/plain', buffer: Buffer.from('hola') });
      await page.waitForFunction(
        ([sel, text]) => document.querySelector(`${sel} .fig-status`)?.textContent === text,
        [FIG, `${es.notImage('notas.txt')} ${z.keptNote}`] as const,
      );
    } finally {
      await close();
    }
  });

  it('without a Worker, the status says the model runs on the main thread', async () => {
    const { page, close } = await open('/es/transformer-block/', () => {
      delete (window as { Worker?: unknown }).Worker;
    });
    try {
      const FIG = 'figure[data-figure="tensor"]';
      const seen = await resultCount(page);
      await page.locator(`${FIG} input.fig-text`).fill('un corazón morado');
      await nextResult(page, seen);
      expect(await statusOf(page, FIG)).toContain(es.mainThread);
    } finally {
      await close();
    }
  });
});
