// Helpers for the live-figure tests: record every figure result the page script announces (the
// 'fig:result' event), wait for the next one or for a problem message, and run the same input in Node.
import type { Page } from 'playwright-core';
import { useBackend } from '../../src/node/backend';
import { loadNamedModel } from '../../src/node/models';
import { loadTokenizer } from '../../src/node/vocab';
import { Engine } from '../../src/runtime/engine';
import type { RunRequest } from '../../src/runtime/protocol';

export interface PageResult {
  figure: string;
  backend: string;
  /** tf.memory().numTensors in the worker after the pass. */
  tensors: number;
  /** Input change → redrawn figure, in ms. */
  totalMs: number;
  notes: string[];
  trace: Record<string, { shape: number[]; data: number[] }>;
}

/** Installs the recorder before any page script runs. */
export async function recordResults(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __results: unknown[] };
    w.__results = [];
    document.addEventListener('fig:result', (e) => {
      const detail = (e as CustomEvent).detail as {
        backend: string;
        tensors: number;
        totalMs: number;
        notes: string[];
        trace: Record<string, { shape: number[]; data: ArrayLike<number> }>;
      };
      const trace = Object.fromEntries(
        Object.entries(detail.trace).map(([k, v]) => [k, { shape: v.shape, data: Array.from(v.data) }]),
      );
      w.__results.push({
        figure: (e.target as Element).id,
        backend: detail.backend,
        notes: detail.notes,
        tensors: detail.tensors,
        totalMs: detail.totalMs,
        trace,
      });
    });
  });
}

/** Waits until the page has announced more than `seen` results; returns the newest. */
export async function nextResult(page: Page, seen: number, timeout = 90_000): Promise<PageResult> {
  await page.waitForFunction(
    (n) => (window as unknown as { __results: unknown[] }).__results.length > n,
    seen,
    { timeout },
  );
  return page.evaluate(() => {
    const r = (window as unknown as { __results: unknown[] }).__results;
    return r[r.length - 1];
  }) as Promise<PageResult>;
}

export const resultCount = (page: Page): Promise<number> =>
  page.evaluate(() => (window as unknown as { __results: unknown[] }).__results.length);

/** Waits for a figure's status line to report a problem, and returns its text. */
export async function problemOf(page: Page, figure: string, timeout = 90_000): Promise<string> {
  const status = page.locator(`${figure} .fig-status.fig-problem`);
  await status.waitFor({ timeout });
  return (await status.textContent()) ?? '';
}

let engine: Promise<Engine> | null = null;

/** The shipped tiny model in Node on the cpu backend (the build's reference path). */
export function nodeEngine(): Promise<Engine> {
  engine ??= (async () => {
    await useBackend('cpu');
    return Engine.from('cpu', loadNamedModel('tiny'), await loadTokenizer());
  })();
  return engine;
}

export async function nodeRun(input: Omit<RunRequest, 'type' | 'id' | 'channel'>) {
  return (await nodeEngine()).run({ type: 'run', id: 0, channel: 'node', ...input });
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
