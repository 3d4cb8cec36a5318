// Loads from the hub that must fail, in Chromium, against the stand-in hub the e2e build's
// PUBLIC_HF_ENDPOINT names: every refusal (bad name, gated, not a CLIP, wrong sha256, a cut body, cancel,
// quota) is one sentence in the page's language, leaves nothing in the cache and keeps the previous model
// working. The loads that succeed: hub-load.test.ts.
import { describe, expect, inject, it } from 'vitest';
import { en } from '../../site/i18n/en';
import { es } from '../../site/i18n/es';
import { openPage, useBrowser } from './browser';
import {
  LESSON,
  STAGE,
  TEXT,
  cachedUrls,
  hubSection,
  openHub,
  panel,
  readRepo,
  settle,
  typeText,
  useStandInHub,
} from './hub-helpers';
import { maxAbsDiff, nodeRun, recordResults } from './live-helpers';

const baseUrl = inject('baseUrl');
const browser = useBrowser();
const hub = useStandInHub();

// Skipped with E2E_SKIP_BUILD=1: a dist/ built beforehand need not name the stand-in hub as its
// PUBLIC_HF_ENDPOINT; the global setup's own build always does.
describe.skipIf(process.env.E2E_SKIP_BUILD === '1')('a hub load that cannot finish', () => {
  it('says why each bad load failed, keeps nothing, and the tiny model keeps working', async () => {
    const { page, close } = await openPage(browser(), `${baseUrl}${LESSON}?backend=wasm`);
    try {
      await recordResults(page);
      await page.reload({ waitUntil: 'load' });
      await openHub(page);
      const t = en.models.hub;
      const state = () => hubSection(page).locator('.model-state').textContent();
      const error = () => hubSection(page).getAttribute('data-error');

      expect(await readRepo(page, 'not a repo')).toBe('error');
      expect(await error()).toBe('bad-id');
      expect(await state()).toBe(`${t.errors['bad-id']('not a repo')} ${t.kept}`);
      expect(await hubSection(page).locator('input.hub-input').inputValue()).toBe('not a repo'); // kept

      expect(await readRepo(page, 'test/missing')).toBe('error');
      expect(await error()).toBe('not-found');
      expect(await state()).toBe(`${t.errors['not-found']('test/missing')} ${t.kept}`);

      expect(await readRepo(page, 'test/gated')).toBe('error');
      expect(await error()).toBe('gated');
      expect(await state()).toBe(`${t.errors.gated('test/gated')} ${t.kept}`);

      expect(await readRepo(page, 'test/bert')).toBe('error');
      expect(await error()).toBe('not-clip');
      expect(await state()).toMatch(/^test\/bert is not a CLIP model this site can read \(.*bert.*\)\./);

      for (const [repo, kind] of [
        ['test/wrong-sha', 'integrity'],
        ['test/truncated', 'network'],
      ] as const) {
        expect(await readRepo(page, repo)).toBe('offer');
        await hubSection(page).locator('.hub-offer button').first().click();
        expect(await settle(page)).toBe('error');
        expect(await error()).toBe(kind);
        expect(await state()).toBe(`${t.errors[kind](repo)} ${t.kept}`);
      }

      expect(await readRepo(page, 'test/slow')).toBe('offer');
      await hubSection(page).locator('.hub-offer button').first().click();
      await page.waitForFunction(
        () =>
          ((document.querySelector('section.hub progress') as HTMLProgressElement | null)?.value ?? 0) > 0,
      );
      await hubSection(page).locator('.model-progress button').click();
      expect(await settle(page)).toBe('error');
      expect(await error()).toBe('cancelled');

      expect((await cachedUrls(page)).filter((u) => u.includes('/models/hf--'))).toEqual([]);
      expect(await panel(page).locator('[data-model-current]').textContent()).toBe('tiny');
      const tiny = (await nodeRun({ texts: [TEXT], capture: [STAGE] })).trace[STAGE]!;
      const r = await typeText(page, tiny.shape[2]!);
      expect(maxAbsDiff(r.trace[STAGE]!.data, tiny.data)).toBeLessThan(1e-4); // still the tiny model
    } finally {
      await close();
    }
  });

  it('refuses before downloading when the storage quota is short, in Spanish on Spanish pages', async () => {
    const { page, close } = await openPage(browser(), `${baseUrl}/es${LESSON}`);
    try {
      await page.addInitScript(() => {
        Object.defineProperty(navigator.storage, 'estimate', {
          value: async () => ({ quota: 1_000_000, usage: 400_000 }),
        });
      });
      await page.reload({ waitUntil: 'load' });
      await openHub(page);
      const t = es.models.hub;
      expect(await readRepo(page, 'test/gated')).toBe('error');
      expect(await hubSection(page).locator('.model-state').textContent()).toBe(
        `${t.errors.gated('test/gated')} ${t.kept}`,
      );
      expect(await readRepo(page, 'test/tiny-clip-a')).toBe('offer');
      const requests = hub().log.length;
      await hubSection(page).locator('.hub-offer button').first().click();
      expect(await settle(page)).toBe('error');
      expect(await hubSection(page).getAttribute('data-error')).toBe('quota');
      expect(await hubSection(page).locator('.model-state').textContent()).toMatch(
        /^No hay espacio suficiente/,
      );
      expect(hub().log.length).toBe(requests); // refused before any weight was asked for
    } finally {
      await close();
    }
  });
});
