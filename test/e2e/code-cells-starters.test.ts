// Every starter cell of the built site, in both languages, runs in Chromium and shows its output; where a
// cell recomputes what a figure on its page shows (the loss lesson's cross-entropy by hand), one of its
// numbers equals the figure's within 1e-6. On the cpu backend, as the build computed the figures.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { lossParts } from '../../site/components/figures/views';
import { openPage, useBrowser } from './browser';

const baseUrl = inject('baseUrl');
const siteDir = inject('siteDir');
const browser = useBrowser();

/** Pages of the build with code cells, and the cells' names in page order. */
function cellPages(dir: string, prefix = '/'): [string, string[]][] {
  const out: [string, string[]][] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      if (!['_astro', 'models', 'tfjs'].includes(name)) out.push(...cellPages(full, `${prefix}${name}/`));
    } else if (name === 'index.html') {
      const cells = [...readFileSync(full, 'utf8').matchAll(/data-notebook-cell="([^"]+)"/g)].map(
        (m) => m[1]!,
      );
      if (cells.length > 0) out.push([prefix, cells]);
    }
  }
  return out.sort(([a], [b]) => a.localeCompare(b));
}

const pages = cellPages(siteDir);

describe('starter cells', () => {
  it('exist on every lesson page, in both languages', () => {
    expect(pages.filter(([p]) => !p.startsWith('/es/')).length).toBeGreaterThanOrEqual(17);
    expect(pages.filter(([p]) => p.startsWith('/es/')).length).toBe(
      pages.filter(([p]) => !p.startsWith('/es/')).length,
    );
  });

  it.each(pages)('%s: every cell runs and shows its output', async (pagePath, names) => {
    const { page, close, problems } = await openPage(browser(), `${baseUrl}${pagePath}?backend=cpu`, {
      serviceWorkers: 'block',
    });
    try {
      for (const name of names) {
        const cell = page.locator(`[data-notebook-cell="${name}"]`);
        await cell.locator('[data-cell-run]').click();
        await expect
          .poll(
            async () =>
              ['done', 'error', 'stopped', 'failed'].includes(
                (await cell.getAttribute('data-cell-state')) ?? '',
              ),
            {
              timeout: 90_000,
            },
          )
          .toBe(true);
        const status = await cell.locator('[data-cell-status]').textContent();
        expect(`${name}: ${await cell.getAttribute('data-cell-state')} ${status}`).toMatch(/: done /);
        expect(await cell.locator('[data-cell-output] > *').count()).toBeGreaterThan(0);
        expect(await cell.locator('.cell-error, .cell-log-error').count()).toBe(0);
        const loss = page.locator('figure[data-figure="loss"] script.fig-config');
        if (name.startsWith('contrastive-loss') && (await loss.count()) > 0) {
          const config = JSON.parse((await loss.first().textContent())!) as {
            run: { trace: Record<string, { shape: number[]; data: number[] }> };
          };
          const e = config.run.trace['logits_per_image']!;
          const figure = lossParts({
            rows: e.shape[0]!,
            cols: e.shape[1]!,
            values: Float32Array.from(e.data),
          }).loss;
          const numbers = await cell
            .locator('[data-cell-output] output[data-value]')
            .evaluateAll((els) => els.map((el) => Number((el as HTMLElement).dataset.value)));
          expect(
            numbers.some((x) => Math.abs(x - figure) <= 1e-6),
            `${numbers.join(', ')} vs ${figure}`,
          ).toBe(true);
        }
      }
      expect(problems.pageErrors).toEqual([]);
    } finally {
      await close();
    }
  });
});
