// @vitest-environment happy-dom
// The hub panel says beside each OpenAI model what the bench measured for its shape (site/lib/speed.ts,
// written by `npm run bench`): every catalogue entry has an estimate, and the panel's sentence, in English
// and Spanish, carries its times, the bench machine's cores and the day of the run.
import { describe, expect, it } from 'vitest';
import { en } from '../../site/i18n/en';
import { es } from '../../site/i18n/es';
import { CATALOGUE } from '../../site/lib/hub-catalogue';
import { formatSeconds } from '../../site/lib/speed';
import { mountHub } from '../../site/scripts/hub-panel';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, text?: string) {
  const e = document.createElement(tag);
  e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

describe('formatSeconds', () => {
  it('writes a duration with two decimals under a second, one under ten, in the page language', () => {
    expect(formatSeconds(38.3, 'en')).toBe('0.04 s');
    expect(formatSeconds(210.4, 'es')).toBe('0,21 s');
    expect(formatSeconds(2058, 'en')).toBe('2.1 s');
    expect(formatSeconds(12_400, 'en')).toBe('12 s');
    expect(formatSeconds(1, 'en')).toBe('0.01 s');
  });
});

describe('the catalogue speed estimates', () => {
  it('exist for every catalogue model, measured by the bench', () => {
    for (const entry of CATALOGUE) {
      expect(entry.speed, entry.label).toBeDefined();
      const s = entry.speed!;
      for (const ms of [s.imageMs, s.captionMs, s.capturedImageMs]) expect(ms).toBeGreaterThan(0);
      expect(s.cores).toBeGreaterThan(0);
      expect(s.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  for (const [lang, t] of [
    ['en', en],
    ['es', es],
  ] as const) {
    it(`are said beside each model's size in ${lang}`, () => {
      const root = document.createElement('div');
      document.body.replaceChildren(root);
      const seconds = (ms: number) => formatSeconds(ms, lang);
      mountHub(root, {
        t: t.models.hub,
        bytes: (n) => `${n} B`,
        seconds,
        el,
        added: async () => {},
        uid: 'p',
      });
      const entries = root.querySelectorAll('.hub-entry');
      expect(entries).toHaveLength(CATALOGUE.length);
      CATALOGUE.forEach((entry, i) => {
        const s = entry.speed!;
        const button = entries[i]!.querySelector('button')!;
        const sentence = entries[i]!.querySelector('.hub-speed')!;
        expect(button.dataset.hubRepo).toBe(entry.repo);
        expect(button.getAttribute('aria-describedby')).toBe(sentence.id);
        const text = sentence.textContent!;
        for (const ms of [s.imageMs, s.captionMs, s.capturedImageMs]) expect(text).toContain(seconds(ms));
        expect(text).toContain(String(s.cores));
        expect(text).toContain(s.date);
        expect(text).toBe(
          t.models.hub.catalogueSpeed(
            seconds(s.imageMs),
            seconds(s.captionMs),
            seconds(s.capturedImageMs),
            s.cores,
            s.date,
          ),
        );
      });
    });
  }
});
