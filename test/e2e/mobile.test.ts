// The home pages on a phone (390 px wide): the architecture diagram stacks into one column, every box is
// a keyboard-reachable link to its lesson, nothing overflows sideways, axe is clean, and a screenshot is saved.
import { mkdirSync } from 'node:fs';
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
  });

  it('does not scroll sideways', async () => {
    const overflow = await opened.page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  });

  it('has no serious or critical accessibility violation (axe)', async () => {
    expect(await seriousViolations(opened.page)).toEqual([]);
  });

  it('saves a full-page screenshot at 390 wide', async () => {
    await opened.page.screenshot({ path: path.join(screenshotsDir, `${lang}-home-390.png`), fullPage: true });
  });
});
