// Every page of the site, in both languages (both home pages and one page per lesson file), visited once in
// Chromium at 1280×800 (page-report.ts): it loads cleanly, links to itself in the other language, renders
// its equations as KaTeX intends (math-check.ts), has no
// serious or critical axe violation (colour contrast checked on the English pages, in light and dark mode:
// the Spanish ones share every colour), and leaves a screenshot in test-artifacts/screenshots/.
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './browser';
import { visitPage, withLimit, type PageReport } from './page-report';
import { langs, lessonSlugs, pathOf, screenshotsDir, sitePages, type Lang, type SitePage } from './paths';

const baseUrl = inject('baseUrl');
const pages = sitePages();
const slugs = Object.fromEntries(langs.map((l) => [l, new Set(lessonSlugs(l))])) as Record<Lang, Set<string>>;
const CONCURRENT_PAGES = 3;

/** Where a page's version in `lang` is: the same lesson if it exists in that language, else its home. */
function counterpart(page: SitePage, lang: Lang): string {
  return page.slug && slugs[lang].has(page.slug) ? pathOf(lang, page.slug) : pathOf(lang);
}

let browser: Browser;
const reports = new Map<string, Promise<PageReport>>();

beforeAll(async () => {
  mkdirSync(screenshotsDir, { recursive: true });
  browser = await launchBrowser();
  const visits = withLimit(pages, CONCURRENT_PAGES, (p) => visitPage(browser, baseUrl, p));
  pages.forEach((p, i) => {
    visits[i]!.catch(() => undefined); // reported by that page's tests, not as an unhandled rejection
    reports.set(p.path, visits[i]!);
  });
});

afterAll(async () => {
  await Promise.allSettled(reports.values());
  await browser?.close();
});

describe.for(pages)('$path', (sitePage) => {
  let report: PageReport;

  beforeAll(async () => {
    report = await reports.get(sitePage.path)!;
  });

  it('loads with no console error, uncaught exception or failed request', () => {
    expect(report.problems).toEqual({ consoleErrors: [], pageErrors: [], failedRequests: [] });
  });

  it('is in its language and links to the same page in the other language (switcher and hreflang)', () => {
    expect(report.htmlLang).toBe(sitePage.lang);
    const alternates: Record<string, string> = { 'x-default': counterpart(sitePage, 'en') };
    for (const lang of langs) alternates[lang] = counterpart(sitePage, lang);
    expect(report.alternates).toEqual(alternates);
    const others = langs.filter((l) => l !== sitePage.lang);
    expect(report.switcher).toEqual(Object.fromEntries(others.map((l) => [l, counterpart(sitePage, l)])));
  });

  it('renders every equation as KaTeX intends: scripts small, nothing cut, overlines and ≠ drawn', () => {
    expect(report.math).toEqual([]);
  });

  it('has no serious or critical accessibility violation (axe; contrast also in dark mode)', () => {
    expect(report.axeLight).toEqual([]);
    expect(report.axeDarkContrast).toEqual([]);
  });
});
