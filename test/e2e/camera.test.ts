// The camera as an input: Chromium's fake camera (a generated test pattern, allowed without a prompt)
// gives a photo the figure computes on, and the stream stops once it is taken; a refused camera leaves a
// clear message and the previous image.
import { describe, expect, inject, it } from 'vitest';
import { openPage, useBrowser } from './browser';
import { nextResult, problemOf, recordResults, resultCount } from './live-helpers';

const baseUrl = inject('baseUrl');
const browser = useBrowser(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream']);
const PATCH = 'figure[data-figure="patch"]';

async function open(init?: () => void) {
  const opened = await openPage(browser(), 'about:blank');
  await recordResults(opened.page);
  if (init) await opened.page.addInitScript(init);
  await opened.page.goto(`${baseUrl}/image-patches/?backend=wasm`, { waitUntil: 'load' });
  await opened.page.locator(`${PATCH} .fig-camera-open`).waitFor();
  return opened;
}

describe('the camera', () => {
  it('takes a photo from the preview, computes on it and stops the stream', async () => {
    const { page, problems, close } = await open();
    try {
      const fig = page.locator(PATCH);
      const before = await fig.locator('.fig-part-grid image').getAttribute('href');
      await fig.locator('.fig-camera-open').click();
      await page.waitForFunction(
        (sel) =>
          (document.querySelector(`${sel} video.fig-camera-preview`) as HTMLVideoElement).videoWidth > 0,
        PATCH,
      );
      expect(await fig.locator('.fig-camera-take').isVisible()).toBe(true);
      const seen = await resultCount(page);
      await fig.locator('.fig-camera-take').click();
      const r = await nextResult(page, seen);
      const g = r.trace['visual.patches']!.shape;
      expect(g[0]).toBe(1);
      expect(await fig.locator('.fig-part-grid image').getAttribute('href')).not.toBe(before);
      expect(await fig.locator('video.fig-camera-preview').isHidden()).toBe(true);
      const live = await page.evaluate(
        (sel) => (document.querySelector(`${sel} video.fig-camera-preview`) as HTMLVideoElement).srcObject,
        PATCH,
      );
      expect(live).toBeNull();
      expect(problems.pageErrors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('says so when the camera is refused, keeping the previous image', async () => {
    const { page, close } = await open(() => {
      navigator.mediaDevices.getUserMedia = () =>
        Promise.reject(new DOMException('denied by the test', 'NotAllowedError'));
    });
    try {
      const fig = page.locator(PATCH);
      const before = await fig.locator('.fig-part-grid image').getAttribute('href');
      await fig.locator('.fig-camera-open').click();
      expect(await problemOf(page, PATCH)).toMatch(/camera was not allowed/);
      expect(await fig.locator('.fig-part-grid image').getAttribute('href')).toBe(before);
      expect(await fig.locator('.fig-camera-open').isVisible()).toBe(true);
    } finally {
      await close();
    }
  });
});
