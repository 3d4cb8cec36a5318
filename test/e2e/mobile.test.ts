// The home pages on a phone (390 px wide): the architecture diagram stacks into one column, every box is
// a keyboard-reachable link to its lesson, nothing overflows sideways, axe is clean, and a screenshot is saved.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, openPage, type OpenedPage } from './browser';
import { seriousViolations } from './axe';
import { langs, lessonSlugs, pathOf, screenshotsDir } from './paths';
import { head, textTower, visionTower } from '../../site/components/diagram/layout';

const baseUrl = inject('baseUrl');
const boxes = [...textTower, ...visionTower, ...head];

let browser: Browser;

beforeAll(async () => {
  mkdirSync(screenshotsDir, { recursive: true });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe.for(langs)('home page (%s) at 390 px', (lang) => {
  let opened: OpenedPage;

  beforeAll(async () => {
    opened = await openPage(browser, baseUrl + pathOf(lang), {
      viewport: { width: 390, height: 844 },
      hasTouch: true,
      isMobile: true,
    });
  });

  afterAll(async () => {
    await opened?.close();
  });

  it('shows the single-column diagram, with every box linking to its lesson', async () => {
    const { page } = opened;
    expect(await page.isVisible('.diagram--narrow')).toBe(true);
    expect(await page.isVisible('.diagram--wide')).toBe(false);
    const links = await page.$$eval('.diagram--narrow [data-box]', (els) =>
      els.map((el) => [el.getAttribute('data-box'), el.getAttribute('href')]),
    );
    const built = new Set(lessonSlugs(lang));
    const expected = boxes.map((b) => [b.id, built.has(b.slug) ? pathOf(lang, b.slug) : null]);
    expect(links).toEqual(expected);
    // Every lesson a box names is built in both languages, so every box is a link, and each link opens.
    expect(links.filter(([, href]) => href === null)).toEqual([]);
    for (const href of new Set(links.map(([, h]) => h!))) {
      expect((await fetch(baseUrl + href)).status, href).toBe(200);
    }
  });

  it('stacks the boxes in one column inside the screen, each a keyboard stop', async () => {
    const { page } = opened;
    const rects = await page.$$eval('.diagram--narrow [data-box]', (els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        return {
          left: r.left,
          right: r.right,
          top: r.top,
          bottom: r.bottom,
          tab: (el as HTMLElement).tabIndex,
        };
      }),
    );
    expect(rects).toHaveLength(boxes.length);
    for (const [i, r] of rects.entries()) {
      expect(r.left, `box ${i}`).toBeGreaterThanOrEqual(0);
      expect(r.right, `box ${i}`).toBeLessThanOrEqual(390);
      expect(r.tab, `box ${i}`).toBe(0);
    }
    // One column: sorted top to bottom, no two boxes share a row.
    const rows = [...rects].sort((a, b) => a.top - b.top);
    for (let i = 1; i < rows.length; i++)
      expect(rows[i]!.top).toBeGreaterThanOrEqual(rows[i - 1]!.bottom - 0.5);
    // Tab from the page start reaches the first box.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    let reached: string | null = null;
    for (let k = 0; k < 40 && reached === null; k++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(
        () =>
          document.activeElement?.closest('.diagram--narrow [data-box]')?.getAttribute('data-box') ?? null,
      );
    }
    expect(reached).toBe(boxes[0]!.id);
  });

  it('does not scroll sideways', async () => {
    // On a phone the layout viewport widens to fit what overflows (window.innerWidth grows with it), so the
    // page is measured against the device's 390 px, not against innerWidth.
    const [scrollWidth, innerWidth] = await opened.page.evaluate(() => [
      document.documentElement.scrollWidth,
      window.innerWidth,
    ]);
    expect(innerWidth).toBe(390);
    expect(scrollWidth).toBeLessThanOrEqual(390);
  });

  it('has no serious or critical accessibility violation (axe)', async () => {
    expect(await seriousViolations(opened.page)).toEqual([]);
  });

  it('saves a full-page screenshot 390 px wide and as tall as the page', async () => {
    const file = path.join(screenshotsDir, `${lang}-home-390.png`);
    rmSync(file, { force: true });
    await opened.page.screenshot({ path: file, fullPage: true });
    const png = readFileSync(file);
    // PNG signature, then the IHDR chunk: width and height, big-endian, at bytes 16 and 20.
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    const scale = await opened.page.evaluate(() => window.devicePixelRatio);
    const height = await opened.page.evaluate(() => document.documentElement.scrollHeight);
    expect(png.readUInt32BE(16)).toBe(390 * scale);
    expect(png.readUInt32BE(20)).toBe(Math.round(height * scale));
    expect(height).toBeGreaterThan(844); // the home page is longer than one screen
  });
});
