// Behaviour of the shell in Chromium: dark mode (follows the system, toggles, persists, applies before first
// paint), the language switcher, the keyboard path through the diagram, and math ↔ figure highlighting.
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { openPage, useBrowser } from './browser';
import { lessonSlugs, pathOf } from './paths';
import { head, textTower, visionTower } from '../../site/components/diagram/layout';

const baseUrl = inject('baseUrl');
const LIGHT_BG = 'rgb(255, 255, 255)';
const DARK_BG = 'rgb(21, 23, 27)';

const browser = useBrowser();

const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const pressed = (page: Page) => page.getAttribute('[data-theme-toggle]', 'aria-pressed');

describe('dark mode', () => {
  it('follows the system colour scheme while the reader has chosen nothing', async () => {
    for (const [scheme, bg, isDark] of [
      ['dark', DARK_BG, 'true'],
      ['light', LIGHT_BG, 'false'],
    ] as const) {
      const { page, close } = await openPage(browser(), `${baseUrl}/`, { colorScheme: scheme });
      expect(await background(page)).toBe(bg);
      expect(await pressed(page)).toBe(isDark);
      await close();
    }
  });

  it('toggles, persists across pages and reloads, and is applied before the body is parsed', async () => {
    const { page, close } = await openPage(browser(), `${baseUrl}/`, { colorScheme: 'light' });
    // Record the theme at the moment <body> appears: a stored choice must already be in place (no flash).
    await page.context().addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (!document.body) return;
        (window as unknown as { themeAtBody?: string }).themeAtBody = document.documentElement.dataset.theme;
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true });
    });
    await page.click('[data-theme-toggle]');
    expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
    expect(await background(page)).toBe(DARK_BG);
    expect(await pressed(page)).toBe('true');

    const lesson = lessonSlugs('en')[0];
    await page.goto(`${baseUrl}${pathOf('en', lesson)}`);
    expect(await page.evaluate(() => (window as unknown as { themeAtBody?: string }).themeAtBody)).toBe(
      'dark',
    );
    expect(await background(page)).toBe(DARK_BG);

    await page.click('[data-theme-toggle]');
    await page.reload();
    expect(await page.evaluate(() => (window as unknown as { themeAtBody?: string }).themeAtBody)).toBe(
      'light',
    );
    expect(await background(page)).toBe(LIGHT_BG);
    expect(await pressed(page)).toBe('false');
    await close();
  });
});

describe('language switcher', () => {
  it('takes the reader to the same lesson in Spanish and back', async () => {
    const slug = lessonSlugs('en').find((s) => lessonSlugs('es').includes(s));
    expect(slug, 'a lesson that exists in both languages').toBeDefined();
    const { page, close } = await openPage(browser(), `${baseUrl}${pathOf('en', slug)}`);
    await Promise.all([
      page.waitForURL(`**${pathOf('es', slug)}`),
      page.click('a[data-language-switch="es"]'),
    ]);
    expect(await page.getAttribute('html', 'lang')).toBe('es');
    await Promise.all([
      page.waitForURL(`**${pathOf('en', slug)}`),
      page.click('a[data-language-switch="en"]'),
    ]);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await close();
  });
});

describe('architecture diagram at 1280 px', () => {
  it('puts every box in the keyboard order, each linking to its lesson', async () => {
    const { page, close } = await openPage(browser(), `${baseUrl}/`);
    const built = new Set(lessonSlugs('en'));
    const boxes = [...textTower, ...visionTower, ...head].filter((b) => built.has(b.slug));
    const focused: (string | null)[] = [];
    await page.focus('.diagram--wide a.box');
    for (let i = 0; i < boxes.length; i++) {
      focused.push(await page.evaluate(() => document.activeElement?.getAttribute('href') ?? null));
      await page.keyboard.press('Tab');
    }
    expect(focused).toEqual(boxes.map((b) => pathOf('en', b.slug)));
    await close();
  });
});

describe('math ↔ figure symbols', () => {
  it('hovering a symbol marks the figure element of the same name; hovering or focusing that element marks the symbol', async () => {
    const { page, close } = await openPage(browser(), `${baseUrl}${pathOf('en', lessonSlugs('en')[0])}`);
    await page.evaluate(() => {
      const article = document.querySelector('article')!;
      article.insertAdjacentHTML(
        'afterbegin',
        '<p><span class="enclosing sym sym-test-probs">P</span> and ' +
          '<svg width="40" height="20"><rect data-sym="test-probs" tabindex="0" width="40" height="20"/></svg> ' +
          '<span class="sym sym-other">Q</span></p>',
      );
    });
    const active = () =>
      page.$$eval('[data-sym-active]', (els) => els.map((el) => el.getAttribute('data-sym') ?? el.className));
    await page.hover('.sym-test-probs');
    expect(await active()).toEqual(['enclosing sym sym-test-probs', 'test-probs']);
    await page.hover('.sym-other');
    expect(await active()).toEqual(['sym sym-other']);
    await page.focus('rect[data-sym="test-probs"]');
    expect(await active()).toEqual(['enclosing sym sym-test-probs', 'test-probs']);
    await page.evaluate(() => (document.activeElement as HTMLElement).blur());
    expect(await active()).toEqual([]);
    await close();
  });
});
