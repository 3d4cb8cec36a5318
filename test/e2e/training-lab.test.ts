// The training lab in Chromium on the wasm backend: its first losses are the Node run's (same module, same
// seed), the loss falls, pause and resume lose no step and change no loss, tf.memory() in the worker stays
// flat from step to step and from run to run, the views are drawn, axe finds nothing serious, and leaving
// the page mid-run raises no error. Steps per second are measured and printed, never asserted.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { ClipTokenizer } from '../../src/clip/tokenizer';
import { useBackend } from '../../src/node/backend';
import { loadTokenizer } from '../../src/node/vocab';
import { disposeModel } from '../../src/clip/model';
import { loadNamedModel } from '../../src/node/models';
import { DEFAULT_LAB_SETTINGS, LabRun, visionWeightsOf } from '../../src/train/training-lab';
import { PAGE_DEFAULTS } from '../../site/components/labs/training-settings';
import { seriousViolations } from './axe';
import { openPage, useBrowser } from './browser';
import { screenshotsDir } from './paths';

const baseUrl = inject('baseUrl');
const browser = useBrowser();
const LAB = 'figure[data-lab="training"]';

interface LabEvent {
  name: string;
  at: number;
  run: number;
  step?: number;
  loss?: number;
  ms?: number;
  tensors?: number;
  parameters?: number;
  backend?: string;
  threads?: number;
  probe?: boolean;
  accuracy?: number;
  colourAccuracy?: number;
}

let tokenizer: ClipTokenizer;
beforeAll(async () => {
  await useBackend('wasm');
  tokenizer = await loadTokenizer();
});

/** The Node run the page should reproduce (the page's default settings, the same module): its losses, and
 * its zero-shot probe before training. */
function nodeRun(n: number): { losses: number[]; before: { accuracy: number; colourAccuracy: number } } {
  const run = new LabRun(tokenizer, PAGE_DEFAULTS);
  const before = run.probe();
  const losses = Array.from({ length: n }, () => run.trainStep().loss);
  run.dispose();
  return { losses, before };
}

/** The shipped tiny model's image tower, read in Node (its tensors freed). */
function tinyVision(): ReturnType<typeof visionWeightsOf> {
  const tiny = loadNamedModel('tiny');
  const vision = visionWeightsOf(tiny.weights, tiny.config);
  disposeModel(tiny);
  return vision;
}

async function openLab(path = '/training-lab/?backend=wasm') {
  const opened = await openPage(browser(), 'about:blank');
  await opened.page.addInitScript(() => {
    const w = window as unknown as { __lab: unknown[] };
    w.__lab = [];
    for (const name of ['lab:started', 'lab:step', 'lab:view', 'lab:stopped']) {
      document.addEventListener(name, (e) =>
        w.__lab.push({ name, at: performance.now(), ...(e as CustomEvent).detail }),
      );
    }
  });
  await opened.page.goto(`${baseUrl}${path}`, { waitUntil: 'load' });
  return opened;
}

const events = (page: Page): Promise<LabEvent[]> =>
  page.evaluate(() => (window as unknown as { __lab: LabEvent[] }).__lab);

async function waitFor(page: Page, name: string, count: number, timeout = 120_000): Promise<LabEvent[]> {
  await page.waitForFunction(
    ([n, c]) =>
      (window as unknown as { __lab: { name: string }[] }).__lab.filter((e) => e.name === n).length >=
      (c as number),
    [name, count] as const,
    { timeout },
  );
  return (await events(page)).filter((e) => e.name === name);
}

describe('the training lab (wasm)', () => {
  it('reproduces the Node losses, lowers the loss, and pauses and resumes without losing a step', async () => {
    expect(PAGE_DEFAULTS).toEqual(DEFAULT_LAB_SETTINGS);
    const { losses: expected, before } = nodeRun(30);
    const { page, problems, close } = await openLab();
    try {
      const lab = page.locator(LAB);
      const step = lab.locator('button.tl-step');
      const play = lab.locator('button.tl-play');
      for (let k = 1; k <= 3; k++) {
        await step.click();
        await waitFor(page, 'lab:stopped', k);
      }
      const started = await waitFor(page, 'lab:started', 1);
      expect(started[0]!.backend).toBe('wasm');
      // Cross-origin isolated: the training worker's wasm runs one thread per logical core (up to 8).
      const cores = await page.evaluate(() => navigator.hardwareConcurrency);
      expect(started[0]!.threads).toBe(Math.min(8, cores));
      const first = (await events(page)).filter((e) => e.name === 'lab:step').map((e) => e.loss!);
      expect(first).toHaveLength(3);
      first.forEach((loss, i) => expect(Math.abs(loss - expected[i]!)).toBeLessThan(1e-3));

      await play.click();
      await waitFor(page, 'lab:step', 15);
      await play.click(); // pause
      await waitFor(page, 'lab:stopped', 4);
      await play.click();
      await waitFor(page, 'lab:step', 30);
      await play.click();
      await waitFor(page, 'lab:stopped', 5);

      const steps = (await events(page)).filter((e) => e.name === 'lab:step');
      expect(steps.map((e) => e.step)).toEqual(steps.map((_, i) => i + 1));
      const losses = steps.map((e) => e.loss!);
      const diffs = losses.slice(0, 30).map((l, i) => Math.abs(l - expected[i]!));
      const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
      expect(mean(losses.slice(-5))).toBeLessThan(mean(losses.slice(0, 5)) - 0.2);
      expect(Math.max(...diffs)).toBeLessThan(1e-3);
      // Zero-shot accuracy on the probe images rises: colour first (chance 1/8), the exact label too.
      const probes = (await events(page)).filter((e) => e.name === 'lab:view' && e.probe);
      // Probes come every 10 steps and at a pause, which may land a step after the 30th.
      const last = probes.at(-1)!;
      expect(last.step).toBeGreaterThanOrEqual(30);
      expect(last.colourAccuracy!).toBeGreaterThan(before.colourAccuracy + 0.15);
      expect(last.accuracy!).toBeGreaterThan(before.accuracy);
      // Every step after the first leaves the worker with the same number of tensors.
      expect(new Set(steps.slice(1).map((e) => e.tensors)).size).toBe(1);

      const played = steps.slice(3);
      const gaps = played.slice(1).map((e, i) => e.at - played[i]!.at);
      const sps = 1000 / (gaps.sort((a, b) => a - b)[Math.floor(gaps.length / 2)] ?? Infinity);
      const ms = played.map((e) => e.ms!).sort((a, b) => a - b)[Math.floor(played.length / 2)];
      console.log(
        `training lab (wasm, xs, batch 32): ${sps.toFixed(2)} steps/s in the page, median step ${ms?.toFixed(0)} ms ` +
          `in the worker; max |browser − Node| loss over 30 steps ${Math.max(...diffs).toExponential(2)}`,
      );

      expect(await lab.locator('.tl-part-logits rect.viz-cell').count()).toBe(64);
      expect(await lab.locator('.tl-part-features path.tl-point-image').count()).toBe(64);
      expect(await lab.locator('.tl-part-features path.tl-point-text').count()).toBe(64);
      expect(await lab.locator('.fig-status').textContent()).toMatch(
        new RegExp(`step ${steps.length}\\b`, 'i'),
      );
      mkdirSync(screenshotsDir, { recursive: true });
      await lab.screenshot({ path: path.join(screenshotsDir, 'training-lab-trained.png') });
      await page.setViewportSize({ width: 390, height: 800 });
      await lab.screenshot({ path: path.join(screenshotsDir, 'training-lab-phone.png') });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.setViewportSize({ width: 1280, height: 800 });
      expect(await seriousViolations(page)).toEqual([]);
      await page.emulateMedia({ colorScheme: 'dark' });
      expect(await seriousViolations(page, { only: ['color-contrast'] })).toEqual([]);
      await page.emulateMedia({ colorScheme: 'light' });

      // A second run: the first stays as a ghost, and the worker holds as many tensors as for the first run.
      await lab.locator('button.tl-reset').click();
      const again = await waitFor(page, 'lab:started', 2);
      expect(again[1]!.tensors).toBe(again[0]!.tensors);
      expect(await lab.locator('.tl-part-loss path.tl-ghost').count()).toBe(1);
      await expect.poll(() => lab.locator('button.tl-clear-ghost').isVisible()).toBe(true);
      expect(problems).toEqual({ consoleErrors: [], pageErrors: [], failedRequests: [] });
    } finally {
      await close();
    }
  });

  it('leaves no error when the reader leaves the page mid-run', async () => {
    const { page, problems, close } = await openLab();
    try {
      await page.locator(`${LAB} button.tl-play`).click();
      await waitFor(page, 'lab:step', 3);
      await page.goto(`${baseUrl}/`, { waitUntil: 'load' });
      await page.waitForTimeout(500);
      expect(problems).toEqual({ consoleErrors: [], pageErrors: [], failedRequests: [] });
    } finally {
      await close();
    }
  });
});

describe('the training lab, other ways in', () => {
  it('reads its settings from a shared URL and trains in the page without a Worker', async () => {
    const state = encodeURIComponent(JSON.stringify({ p: 's', lr: 0.01, b: 16, tmp: 0 }));
    const opened = await openPage(browser(), 'about:blank');
    const { page, problems, close } = opened;
    try {
      await page.addInitScript(() => {
        delete (window as { Worker?: unknown }).Worker;
        const w = window as unknown as { __lab: unknown[] };
        w.__lab = [];
        document.addEventListener('lab:step', (e) =>
          w.__lab.push({ name: 'lab:step', ...(e as CustomEvent).detail }),
        );
      });
      await page.goto(`${baseUrl}/training-lab/?backend=wasm&fig0=${state}`, { waitUntil: 'load' });
      const lab = page.locator(LAB);
      expect(await lab.locator('select.tl-preset').inputValue()).toBe('s');
      expect(await lab.locator('select.tl-lr').inputValue()).toBe('0.01');
      expect(await lab.locator('select.tl-batch').inputValue()).toBe('16');
      expect(await lab.locator('select.tl-temperature').inputValue()).toBe('fixed');
      await lab.locator('button.tl-step').click();
      const [first] = await waitFor(page, 'lab:step', 1);
      expect(first!.backend).toBe('wasm');
      const run = new LabRun(tokenizer, {
        ...PAGE_DEFAULTS,
        preset: 's',
        lr: 0.01,
        batchSize: 16,
        learnedTemperature: false,
      });
      const expected = run.trainStep();
      run.dispose();
      expect(Math.abs(first!.loss! - expected.loss)).toBeLessThan(1e-3);
      expect(Math.abs((first as LabEvent & { logitScale: number }).logitScale - 1 / 0.07)).toBeLessThan(1e-3);
      expect(problems.pageErrors).toEqual([]);
      expect(problems.consoleErrors).toEqual([]);
    } finally {
      await close();
    }
  });

  it("starts the LiT preset from the shipped tiny model's image tower (loaded in the worker)", async () => {
    const { page, problems, close } = await openLab();
    try {
      const lab = page.locator(LAB);
      await lab.locator('select.tl-preset').selectOption('lit');
      await lab.locator('button.tl-step').click();
      const [started] = await waitFor(page, 'lab:started', 1);
      const [first] = await waitFor(page, 'lab:step', 1);
      const run = new LabRun(tokenizer, { ...PAGE_DEFAULTS, preset: 'lit' }, tinyVision());
      const expected = run.trainStep().loss;
      const parameters = run.parameters;
      run.dispose();
      expect(started!.parameters).toBe(parameters);
      expect(Math.abs(first!.loss! - expected)).toBeLessThan(1e-3);
      await waitFor(page, 'lab:stopped', 1);
      expect(await lab.locator('.fig-status').textContent()).toMatch(/step 1\b/i);
      expect(problems).toEqual({ consoleErrors: [], pageErrors: [], failedRequests: [] });
    } finally {
      await close();
    }
  });

  it('trains on webgl too (the backend a real GPU gets), close to the Node losses', async () => {
    const { page, problems, close } = await openLab('/training-lab/?backend=webgl');
    try {
      const step = page.locator(`${LAB} button.tl-step`);
      for (let k = 1; k <= 2; k++) {
        await step.click();
        await waitFor(page, 'lab:stopped', k);
      }
      const steps = (await events(page)).filter((e) => e.name === 'lab:step');
      expect(steps[0]!.backend).toBe('webgl');
      const expected = nodeRun(2).losses;
      const diffs = steps.map((e, i) => Math.abs(e.loss! - expected[i]!));
      console.log(
        `training lab on webgl: max |browser − Node wasm| loss over 2 steps ${Math.max(...diffs).toExponential(2)}`,
      );
      expect(Math.max(...diffs)).toBeLessThan(1e-2);
      expect(steps[1]!.tensors).toBe(steps[0]!.tensors);
      expect(problems).toEqual({ consoleErrors: [], pageErrors: [], failedRequests: [] });
    } finally {
      await close();
    }
  });
});
