// No English interface string on a Spanish page: every string table of the shell, the figures, the toys and
// the labs gives its English and Spanish leaves; on each Spanish lesson page, after its figures and labs have
// started, no text node, accessible name, title or placeholder of the shell or of a figure or lab equals an
// English leaf that differs from its Spanish one. The words of the captions the model reads (its English
// inputs, and the tokens it shows from them) are not interface strings.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './browser';
import { lessonSlugs, pathOf } from './paths';
import { ui } from '../../site/i18n';
import { figureStrings } from '../../site/lib/figure-strings';
import { visionStrings } from '../../site/components/figures/vision-strings';
import { sphereStrings, toyStrings } from '../../site/components/toys/toy-strings';
import { explorerStrings } from '../../site/components/labs/explorer-strings';
import { labStrings } from '../../site/components/labs/logits-strings';
import { trainingStrings } from '../../site/components/labs/training-strings';
import { zeroShotStrings } from '../../site/components/labs/zero-shot-strings';
import { setVizLang, t } from '../../src/viz/strings';

const baseUrl = inject('baseUrl');

/** Pairs of (English, Spanish) string leaves at the same path of two tables. */
function leaves(en: unknown, es: unknown, out: [string, string][] = []): [string, string][] {
  if (typeof en === 'string' && typeof es === 'string') out.push([en, es]);
  else if (en && es && typeof en === 'object' && typeof es === 'object') {
    for (const key of Object.keys(en)) leaves((en as never)[key], (es as never)[key], out);
  }
  return out;
}

const viz = (lang: string) => (setVizLang(lang), t());
const tables: [unknown, unknown][] = [
  [ui('en'), ui('es')],
  [figureStrings('en'), figureStrings('es')],
  [visionStrings('en'), visionStrings('es')],
  [toyStrings('en'), toyStrings('es')],
  [sphereStrings('en'), sphereStrings('es')],
  [explorerStrings('en'), explorerStrings('es')],
  [labStrings('en'), labStrings('es')],
  [trainingStrings('en'), trainingStrings('es')],
  [zeroShotStrings('en'), zeroShotStrings('es')],
  [viz('en'), viz('es')],
];
setVizLang('en');
// Words shared by both languages (a name, "SVG", "token", "ln_final") are no sign of English.
const english = new Set(
  tables
    .flatMap(([en, es]) => leaves(en, es))
    .filter(([en, es]) => en !== es && en.trim().length >= 3)
    .map(([en]) => en.trim()),
);
english.delete(ui('en').languageName); // the language switcher names English in English, on purpose

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.for(lessonSlugs('es'))('/es/%s/', (slug) => {
  it('shows no English interface string', async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      serviceWorkers: 'block',
    });
    try {
      const page = await context.newPage();
      await page.goto(baseUrl + pathOf('es', slug), { waitUntil: 'load' });
      await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
      const shown = await page.evaluate(() => {
        // The interface: the shell and every figure or lab, not the lesson's prose (which may quote a word).
        const parts = document.querySelectorAll('header, nav, footer, figure, .fig, .lab');
        // The words of the captions the model reads (its inputs, and the tokens it shows from them).
        const inputs = [...document.querySelectorAll<HTMLInputElement>('input[type=text], textarea')];
        const words = new Set(inputs.flatMap((i) => i.value.toLowerCase().split(/[^a-z']+/)));
        const out: string[] = [];
        const keep = (text: string | null | undefined) => {
          const v = text?.trim() ?? '';
          if (v && !words.has(v.replace(/[·]/g, '').toLowerCase())) out.push(v);
        };
        for (const root of parts) {
          const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          for (let n = walk.nextNode(); n; n = walk.nextNode()) {
            if (!n.parentElement?.closest('script, style, .katex, code, pre')) keep(n.textContent);
          }
          for (const el of root.querySelectorAll('[aria-label], [title], [placeholder]')) {
            for (const a of ['aria-label', 'title', 'placeholder']) keep(el.getAttribute(a));
          }
        }
        return out;
      });
      expect([...new Set(shown.filter((s) => english.has(s)))]).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
