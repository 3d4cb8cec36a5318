// Real CLIP from the hub, in Chromium, against the stand-in hub (test/helpers/hub-server.ts: API listing,
// a redirect to a second origin, Range, CORS, sha256 etags) that the e2e build's PUBLIC_HF_ENDPOINT names.
// tiny-clip-a as the hub holds it is read, offered, streamed, converted and stored by the model panel; the
// figures then compute with it exactly as Node does (cpu, wasm, WebGL), also after a reload with the hub
// gone. The refusals: hub-refusals.test.ts.
import { describe, expect, inject, it } from 'vitest';
import { openPage, useBrowser } from './browser';
import {
  LESSON,
  STAGE,
  cachedUrls,
  hubSection,
  nodeStage,
  openHub,
  panel,
  readRepo,
  settle,
  typeText,
  useStandInHub,
} from './hub-helpers';
import { maxAbsDiff, recordResults, resultCount } from './live-helpers';

const baseUrl = inject('baseUrl');
const browser = useBrowser();
useStandInHub();

// Skipped with E2E_SKIP_BUILD=1: a dist/ built beforehand need not name the stand-in hub as its
// PUBLIC_HF_ENDPOINT; the global setup's own build always does.
describe.skipIf(process.env.E2E_SKIP_BUILD === '1')('a hub model in the page', () => {
  describe.each(['cpu', 'wasm', 'webgl'])('on %s', (backend) => {
    it('is offered, streamed with progress, stored, and computes as Node does (1e-4), offline too', async () => {
      const { page, problems, close } = await openPage(browser(), `${baseUrl}${LESSON}?backend=${backend}`);
      try {
        await recordResults(page);
        await page.reload({ waitUntil: 'load' });
        await openHub(page);
        expect(await readRepo(page, 'test/tiny-clip-a')).toBe('offer');
        const offer = await hubSection(page).locator('.hub-offer p').textContent();
        expect(offer).toContain('test/tiny-clip-a');
        expect(offer).toContain('6.9 MB');
        await hubSection(page).locator('.hub-offer button').first().click();
        expect(await settle(page)).toBe('done');
        await expect
          .poll(() => panel(page).locator('[data-model-current]').textContent())
          .toBe('test/tiny-clip-a (fp32)');
        const want = await nodeStage();
        const got = (await typeText(page, want.shape[2]!, want.data)).trace[STAGE]!;
        expect(got.shape).toEqual(want.shape);
        expect(maxAbsDiff(got.data, want.data)).toBeLessThan(1e-4);
        const row = panel(page).locator('.model-option[data-hub="true"]');
        expect(await row.locator('.model-meta').last().textContent()).toMatch(
          /^Converted from the hub: [\d.]+ MB kept in this browser/,
        );
        const urls = await cachedUrls(page);
        expect(urls.filter((u) => u.includes('/models/hf--test--tiny-clip-a--')).length).toBeGreaterThan(1);

        // The hub gone: the reload finds the model in Cache Storage and computes the same numbers.
        await page.context().route(/127\.0\.0\.1:(\d+)\/(api|blobs|test)\//, (r) => r.abort());
        await page.reload({ waitUntil: 'load' });
        await expect
          .poll(() => panel(page).locator('[data-model-current]').textContent())
          .toBe('test/tiny-clip-a (fp32)');
        const again = (await typeText(page, want.shape[2]!, want.data, 0)).trace[STAGE]!;
        expect(maxAbsDiff(again.data, want.data)).toBeLessThan(1e-4);

        // Exact GELU (hidden_act "gelu", erf written from elementary ops) on this backend too.
        await page.context().unroute(/127\.0\.0\.1:(\d+)\/(api|blobs|test)\//);
        await openHub(page);
        expect(await readRepo(page, 'test/gelu')).toBe('offer');
        const mark = await resultCount(page);
        await hubSection(page).locator('.hub-offer button').first().click();
        expect(await settle(page)).toBe('done');
        const gelu = await nodeStage('config.gelu.json');
        expect(maxAbsDiff(gelu.data, want.data)).toBeGreaterThan(1e-3); // the activation matters here
        const exact = (await typeText(page, gelu.shape[2]!, gelu.data, mark)).trace[STAGE]!;
        expect(maxAbsDiff(exact.data, gelu.data)).toBeLessThan(1e-4);
        expect(problems.pageErrors).toEqual([]);
      } finally {
        await close();
      }
    });
  });

  it('loads the catalogue ViT-B/32 entry from pytorch_model.bin in fp16 (within 2e-3 of fp32)', async () => {
    const { page, close } = await openPage(browser(), `${baseUrl}${LESSON}?backend=wasm`);
    try {
      await recordResults(page);
      await page.reload({ waitUntil: 'load' });
      await openHub(page);
      await hubSection(page).locator('button[data-hub-repo="openai/clip-vit-base-patch32"]').click();
      await page.waitForFunction(
        (el) => (el as HTMLElement).dataset.state === 'offer',
        await hubSection(page).elementHandle(),
      );
      await hubSection(page).locator('.hub-offer button').first().click();
      expect(await settle(page)).toBe('done');
      await expect
        .poll(() => panel(page).locator('[data-model-current]').textContent())
        .toBe('openai/clip-vit-base-patch32 (fp16)');
      const want = await nodeStage();
      const got = (await typeText(page, want.shape[2]!, want.data)).trace[STAGE]!;
      expect(maxAbsDiff(got.data, want.data)).toBeLessThan(2e-3);
    } finally {
      await close();
    }
  });
});
