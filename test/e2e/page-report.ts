// Everything the page tests check about one page, gathered in a single visit at 1280×800: problems while
// loading, language and alternates, how its equations render, axe results (light, then contrast in dark),
// and a full-page screenshot. Visits run a few at a time so that one page's network wait overlaps another's
// work; the tests then only assert on the reports.
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { openPage, type PageProblems } from './browser';
import { seriousViolations } from './axe';
import { mathProblems } from './math-check';
import { screenshotsDir, type SitePage } from './paths';

export interface PageReport {
  problems: PageProblems;
  htmlLang: string | null;
  /** hreflang → path of <link rel="alternate">. */
  alternates: Record<string, string>;
  /** language → href of the language switcher's link to it. */
  switcher: Record<string, string | null>;
  /** All rules in light mode; Spanish pages skip color-contrast (they share every colour with English). */
  axeLight: string[];
  /** Contrast in dark mode, English pages only. */
  axeDarkContrast: string[];
  /** Equations that do not render as KaTeX intends (math-check.ts), once the fonts have loaded. */
  math: string[];
}

export async function visitPage(browser: Browser, baseUrl: string, sitePage: SitePage): Promise<PageReport> {
  const { page, problems, close } = await openPage(browser, baseUrl + sitePage.path);
  try {
    const htmlLang = await page.getAttribute('html', 'lang');
    const alternates = await page.$$eval('link[rel="alternate"][hreflang]', (links) =>
      Object.fromEntries(
        links.map((l) => [
          l.getAttribute('hreflang'),
          new URL(l.getAttribute('href')!, location.href).pathname,
        ]),
      ),
    );
    const switcher = await page.$$eval('a[data-language-switch]', (links) =>
      Object.fromEntries(links.map((l) => [l.getAttribute('data-language-switch'), l.getAttribute('href')])),
    );
    await page.evaluate(() => document.fonts.ready);
    const math = await mathProblems(page);
    await page.screenshot({ path: path.join(screenshotsDir, `${sitePage.name}-1280.png`), fullPage: true });
    const english = sitePage.lang === 'en';
    const axeLight = await seriousViolations(page, english ? {} : { skip: ['color-contrast'] });
    let axeDarkContrast: string[] = [];
    if (english) {
      await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
      axeDarkContrast = await seriousViolations(page, { only: ['color-contrast'] });
    }
    return { problems, htmlLang, alternates, switcher, axeLight, axeDarkContrast, math };
  } finally {
    await close();
  }
}

/** Run `task` over `items` with at most `limit` in flight; each item's promise settles on its own. */
export function withLimit<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R>[] {
  let running = 0;
  const waiting: (() => void)[] = [];
  const acquire = () =>
    running < limit ? (running++, Promise.resolve()) : new Promise<void>((resolve) => waiting.push(resolve));
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return items.map(async (item) => {
    await acquire();
    try {
      return await task(item);
    } finally {
      release();
    }
  });
}
