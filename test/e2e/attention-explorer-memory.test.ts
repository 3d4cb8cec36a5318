// The attention explorer's memory in Chromium: without a Worker it runs in the page (gradients included)
// with tf.memory() flat, and 200 interactions leave the worker's tensor count and tensor bytes flat.
import { describe, expect, inject, it } from 'vitest';
import { useBrowser } from './browser';
import { FIG, after, explorerOpener, ready, text } from './explorer-page';

const open = explorerOpener(useBrowser(), inject('baseUrl'));

describe('the attention explorer', () => {
  it('runs in the page without a Worker (gradients included), with tf.memory() flat', async () => {
    const { page, problems, close } = await open('?backend=wasm', true);
    try {
      await ready(page);
      for (const caption of ['a red circle', 'a blue star', 'a green square']) {
        await after(page, 'image', () => page.locator(`${FIG} input.fig-text`).nth(1).fill(caption));
      }
      const tensors = await page.evaluate(() => (window as unknown as { __axTensors: number[] }).__axTensors);
      expect(tensors.length).toBe(4);
      expect(tensors[0]).toBeGreaterThan(0);
      expect(new Set(tensors).size).toBe(1);
      expect(await text(page, '.fig-status')).toMatch(/wasm|cpu/);
      expect(problems.pageErrors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('keeps the worker’s tensor count and tensor bytes flat over 200 interactions', async () => {
    const { page, close } = await open();
    try {
      await ready(page);
      const memory = await page.evaluate(async () => {
        const fig = document.querySelector('figure[data-explorer]')!;
        type Detail = { part: string; tensors: number; bytes: number };
        const results = (parts: string[]) =>
          Promise.all(
            parts.map(
              (part) =>
                new Promise<Detail>((resolve) => {
                  const on = (e: Event) => {
                    const d = (e as CustomEvent<Detail>).detail;
                    if (d.part !== part) return;
                    document.removeEventListener('explorer:result', on);
                    resolve(d);
                  };
                  document.addEventListener('explorer:result', on);
                }),
            ),
          );
        const type = (k: number, value: string) => {
          const input = fig.querySelectorAll<HTMLInputElement>('input.fig-text')[k]!;
          input.value = value;
          input.dispatchEvent(new Event('input', { bubbles: true }));
        };
        const click = (sel: string, n: number) => {
          const target = fig.querySelectorAll<HTMLElement>(sel)[n]!;
          target.dispatchEvent(new MouseEvent('click', { bubbles: true }));
        };
        // Each interaction, and the parts of the figure it recomputes.
        const interactions: [string[], (i: number) => void][] = [
          [['image'], (i) => type(1, i % 2 ? 'a blue star' : 'a red circle')],
          [['text'], (i) => type(0, i % 2 ? 'a photo of a green square' : 'a photo of a red circle')],
          [['image'], (i) => click('.fig-part-map-rollout rect.ax-patch', i % 6)],
          [['text', 'image'], (i) => click('.ax-switches-text input', i % 4)],
          [['image'], (i) => click('.ax-switches-image input', i % 4)],
        ];
        const seen: Detail[] = [];
        for (let i = 0; i < 200; i++) {
          const [parts, act] = interactions[i % interactions.length]!;
          const done = results(parts);
          act(i);
          seen.push(...(await done));
        }
        return seen;
      });
      expect(memory.length).toBe(240);
      const settled = memory.slice(10); // the first round may build what later rounds reuse
      expect(settled[0]!.tensors).toBeGreaterThan(0);
      expect(settled[0]!.bytes).toBeGreaterThan(0);
      expect(new Set(settled.map((m) => m.tensors))).toEqual(new Set([settled[0]!.tensors]));
      expect(new Set(settled.map((m) => m.bytes))).toEqual(new Set([settled[0]!.bytes]));
    } finally {
      await close();
    }
  }, 300_000);
});
