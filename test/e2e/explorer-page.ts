// The attention explorer's page in Chromium for its tests (attention-explorer.test.ts and
// attention-explorer-memory.test.ts): opening it with every request and every figure result recorded, and
// waiting for results.
import type { Browser, Page } from 'playwright-core';
import { openPage } from './browser';

export const FIG = 'figure[data-explorer]';
export const PATH = '/attention-explorer/';

export interface Sent {
  url: string;
  method: string;
  body: number;
}

/**
 * The explorer's page opener: every request the page sends is listed (its body's size), and every result
 * the figure announces (the 'explorer:result' event) is recorded for `after` and `ready`.
 */
export const explorerOpener =
  (browser: () => Browser, baseUrl: string) =>
  async (query = '?backend=wasm', noWorker = false) => {
    const opened = await openPage(browser(), 'about:blank');
    const sent: Sent[] = [];
    opened.page.on('request', (r) =>
      sent.push({ url: r.url(), method: r.method(), body: r.postDataBuffer()?.length ?? 0 }),
    );
    if (noWorker) await opened.page.addInitScript(() => delete (window as { Worker?: unknown }).Worker);
    await opened.page.addInitScript(() => {
      const w = window as unknown as { __ax: string[]; __axTensors: number[] };
      w.__ax = [];
      w.__axTensors = [];
      document.addEventListener('explorer:result', (e) => {
        const { part, tensors } = (e as CustomEvent<{ part: string; tensors: number }>).detail;
        w.__ax.push(part);
        if (part === 'image') w.__axTensors.push(tensors);
      });
    });
    await opened.page.goto(`${baseUrl}${PATH}${query}`, { waitUntil: 'load' });
    return { ...opened, sent };
  };

export const results = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window as unknown as { __ax: string[] }).__ax.slice());

/** Runs `act` and waits until a new result of `part` arrives. */
export async function after(page: Page, part: 'text' | 'image', act: () => Promise<void>): Promise<void> {
  const seen = (await results(page)).filter((p) => p === part).length;
  await act();
  await page.waitForFunction(
    ([p, n]) => (window as unknown as { __ax: string[] }).__ax.filter((x) => x === p).length > (n as number),
    [part, seen] as const,
    { timeout: 90_000 },
  );
}

export async function ready(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const r = (window as unknown as { __ax: string[] }).__ax;
      return r.includes('text') && r.includes('image');
    },
    undefined,
    { timeout: 90_000 },
  );
}

export const text = (page: Page, sel: string) => page.locator(`${FIG} ${sel}`).first().textContent();
