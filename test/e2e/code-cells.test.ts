// The notebook's code cells in Chromium: the editor loads only when a cell is used; Run is "Run" and
// "Ejecutar"; a runaway loop is stopped by the time limit with a countdown, and the page, its figures and the
// next run still work; a thrown error shows its line; 50 runs leave the worker's tensors flat; code from a
// link waits for Run; programs cannot leave their worker (fetch removed, other origins refused by the
// worker's policy); axe finds nothing serious with a cell open, in both themes.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seriousViolations } from './axe';
import { openPage, useBrowser } from './browser';
import { nextResult, recordResults, resultCount } from './live-helpers';

const baseUrl = inject('baseUrl');
const browser = useBrowser();

const FINAL = ['done', 'error', 'stopped', 'failed'];

async function open(path: string, options: Parameters<typeof openPage>[2] = {}, results = false) {
  if (!results) return openPage(browser(), `${baseUrl}${path}`, { serviceWorkers: 'block', ...options });
  const opened = await openPage(browser(), 'about:blank', { serviceWorkers: 'block', ...options });
  await recordResults(opened.page);
  await opened.page.goto(`${baseUrl}${path}`, { waitUntil: 'load' });
  return opened;
}

async function finished(cell: Locator, timeout = 60_000): Promise<string> {
  await expect
    .poll(async () => FINAL.includes((await cell.getAttribute('data-cell-state')) ?? ''), { timeout })
    .toBe(true);
  return (await cell.getAttribute('data-cell-state'))!;
}

/** Replaces the cell's code (the editor must be open). */
async function typeCode(page: Page, cell: Locator, code: string): Promise<void> {
  await cell.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(code);
}

async function openEditor(cell: Locator): Promise<void> {
  await cell.locator('[data-cell-pre]').focus();
  await expect.poll(() => cell.getAttribute('data-cell-editor'), { timeout: 30_000 }).toBe('ready');
}

const loadedScripts = (page: Page): Promise<string[]> =>
  page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));

describe('code cells', () => {
  it('load the editor only when a cell is used, and run with the button named Run', async () => {
    const { page, close, problems } = await open('/tokenizer/');
    try {
      const cell = page.locator('[data-notebook-cell]').first();
      expect(await page.locator('.cm-editor').count()).toBe(0);
      expect((await loadedScripts(page)).filter((u) => /cell-ui|cell-editor|codemirror/i.test(u))).toEqual(
        [],
      );
      await cell.getByRole('button', { name: 'Run', exact: true }).click();
      expect(await finished(cell)).toBe('done');
      expect(await page.locator('.cm-editor').count()).toBe(1);
      expect(await cell.locator('[data-cell-output] > *').count()).toBeGreaterThan(0);
      expect(problems.pageErrors).toEqual([]);
      expect(problems.consoleErrors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('work from the keyboard alone: Ctrl+Enter in the code, Enter on Run, focus never lost', async () => {
    const { page, close } = await open('/tokenizer/');
    try {
      const cell = page.locator('[data-notebook-cell]').first();
      await cell.locator('[data-cell-pre]').focus();
      await page.keyboard.press('Control+Enter');
      expect(await finished(cell)).toBe('done');
      // The editor took the code's place and has the focus; Tab leaves it (no trap).
      expect(await page.evaluate(() => document.activeElement?.classList.contains('cm-content'))).toBe(true);
      await page.keyboard.press('Tab');
      expect(
        await page.evaluate(() => document.activeElement?.closest('[data-notebook-cell]') === null),
      ).toBe(true);
      await cell.getByRole('button', { name: 'Run', exact: true }).focus();
      await page.keyboard.press('Enter');
      expect(await finished(cell)).toBe('done');
      const focused = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
      expect(focused).toMatch(/Run|Stop/);
    } finally {
      await close();
    }
  });

  it('are named Ejecutar on Spanish pages, with Spanish messages', async () => {
    const { page, close } = await open('/es/tokenizer/');
    try {
      const cell = page.locator('[data-notebook-cell]').first();
      await cell.getByRole('button', { name: 'Ejecutar', exact: true }).click();
      expect(await finished(cell)).toBe('done');
      await expect.poll(() => cell.locator('[data-cell-status]').textContent()).toMatch(/^Hecho en/);
    } finally {
      await close();
    }
  });

  it('stop a runaway loop at the time limit, and the page, its figures and the next run still work', async () => {
    const { page, close } = await open('/tokenizer/?backend=wasm', {}, true);
    try {
      const cell = page.locator('[data-notebook-cell]').first();
      await openEditor(cell);
      await typeCode(page, cell, 'show(1);\nwhile (true) {}');
      const t0 = Date.now();
      await cell.getByRole('button', { name: 'Run', exact: true }).click();
      await expect
        .poll(() => cell.locator('[data-cell-status]').textContent(), { timeout: 30_000 })
        .toMatch(/stops in \d+ s/);
      expect(await finished(cell, 40_000)).toBe('stopped');
      expect(Date.now() - t0).toBeLessThan(35_000);
      expect(await cell.locator('[data-cell-status]').textContent()).toMatch(/limit/);
      // The figure on the page computes a new input.
      const seen = await resultCount(page);
      await page.locator('figure[data-figure] input.fig-text').first().fill('a small green square');
      const result = await nextResult(page, seen);
      expect(result.trace).toBeTruthy();
      // The next run starts a fresh worker.
      await typeCode(page, cell, 'show(6 * 7);');
      await cell.getByRole('button', { name: 'Run', exact: true }).click();
      expect(await finished(cell)).toBe('done');
      expect(await cell.locator('[data-cell-output] output').getAttribute('data-value')).toBe('42');
      // Stop ends a run at once.
      await typeCode(page, cell, 'while (true) {}');
      await cell.getByRole('button', { name: 'Run', exact: true }).click();
      await expect.poll(() => cell.getAttribute('data-cell-state')).toBe('running');
      await cell.getByRole('button', { name: 'Stop', exact: true }).click();
      expect(await finished(cell, 5_000)).toBe('stopped');
    } finally {
      await close();
    }
  });

  it('show the line of a thrown error and mark it in the editor', async () => {
    const { page, close } = await open('/tokenizer/');
    try {
      const cell = page.locator('[data-notebook-cell]').first();
      await openEditor(cell);
      await typeCode(page, cell, 'const a = 1;\n\nnull.x;');
      await cell.getByRole('button', { name: 'Run', exact: true }).click();
      expect(await finished(cell)).toBe('error');
      expect(await cell.locator('[data-cell-error-at]').textContent()).toBe('Line 3, column 6');
      expect(await cell.locator('.cm-error-line').textContent()).toBe('null.x;');
      await typeCode(page, cell, 'show(1);\nconst b = ;');
      await cell.getByRole('button', { name: 'Run', exact: true }).click();
      expect(await finished(cell)).toBe('error');
      expect(await cell.locator('[data-cell-error-at]').textContent()).toMatch(/^Line 2,/);
    } finally {
      await close();
    }
  });

  it('leave the worker’s tensor count flat over 50 runs', async () => {
    const { page, close } = await open('/tokenizer/');
    try {
      const cell = page.locator('[data-notebook-cell]').first();
      await openEditor(cell);
      await typeCode(
        page,
        cell,
        "const t = encodeText(['a red circle', 'a cross']);\ntf.keep(t.mul(2));\nshow(tf.sum(t));",
      );
      const counts: number[] = [];
      for (let k = 0; k < 50; k++) {
        await page.keyboard.press('Shift+Enter');
        expect(`${await finished(cell)} ${await cell.locator('[data-cell-status]').textContent()}`).toMatch(
          /^done /,
        );
        counts.push(Number(await cell.getAttribute('data-cell-tensors')));
        await cell.evaluate((el) => el.setAttribute('data-cell-state', 'idle'));
      }
      expect(counts[49]).toBe(counts[0]);
    } finally {
      await close();
    }
  });

  it('show code from a link without running it until Run is pressed', async () => {
    const { page, close } = await open('/tokenizer/');
    let href: string;
    try {
      const cell = page.locator('[data-notebook-cell]').first();
      await openEditor(cell);
      await typeCode(page, cell, "show('from a link');");
      await cell.getByRole('button', { name: 'Copy link' }).click();
      await expect.poll(() => cell.getAttribute('data-cell-link-href')).toBeTruthy();
      href = (await cell.getAttribute('data-cell-link-href'))!;
      expect(href.length).toBeLessThanOrEqual(8000);
    } finally {
      await close();
    }
    const linked = await openPage(browser(), href, { serviceWorkers: 'block' });
    try {
      const cell = linked.page.locator('[data-notebook-cell]').first();
      await expect.poll(() => cell.getAttribute('data-cell-editor'), { timeout: 30_000 }).toBe('ready');
      expect(await cell.locator('.cm-content').textContent()).toBe("show('from a link');");
      expect(await cell.locator('[data-cell-status]').textContent()).toMatch(/came from a link/);
      await linked.page.waitForTimeout(1500);
      expect(await cell.getAttribute('data-cell-state')).toBe('idle');
      expect(await cell.locator('[data-cell-output] > *').count()).toBe(0);
      await cell.getByRole('button', { name: 'Run', exact: true }).click();
      expect(await finished(cell)).toBe('done');
      expect(await cell.locator('[data-cell-output]').textContent()).toContain('from a link');
    } finally {
      await linked.close();
    }
  });

  describe('programs stay in their worker', () => {
    let server: Server;
    let other = '';
    let hits = 0;
    beforeAll(async () => {
      server = createServer((_req, res) => {
        hits++;
        res.writeHead(200, { 'content-type': 'text/javascript', 'access-control-allow-origin': '*' });
        res.end('export const x = 1;');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      other = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it('have no fetch, storage or DOM, and another origin is refused', async () => {
      const { page, close } = await open('/tokenizer/');
      try {
        const cell = page.locator('[data-notebook-cell]').first();
        await openEditor(cell);
        await typeCode(
          page,
          cell,
          `show([typeof fetch, typeof XMLHttpRequest, typeof indexedDB, typeof caches, typeof document, typeof WebSocket].join(' '));\nawait import('${other}/x.js');`,
        );
        await cell.getByRole('button', { name: 'Run', exact: true }).click();
        expect(await finished(cell)).toBe('error');
        expect(await cell.locator('.cell-log').first().textContent()).toBe(
          'undefined undefined undefined undefined undefined undefined',
        );
        expect(hits).toBe(0);
      } finally {
        await close();
      }
    });
  });

  it.each(['light', 'dark'])('pass axe with a cell open and run, in the %s theme', async (theme) => {
    const { page, close } = await open('/tokenizer/', { colorScheme: theme as 'light' | 'dark' });
    try {
      const cell = page.locator('[data-notebook-cell]').first();
      await cell.getByRole('button', { name: 'Run', exact: true }).click();
      expect(await finished(cell)).toBe('done');
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await close();
    }
  });
});
