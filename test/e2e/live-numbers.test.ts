// Live cells compute the same numbers as the model in Node: a text-tower stage and the similarity logits
// (both towers) on the reader's new input, on wasm and on WebGL (headless Chromium's WebGL is SwiftShader,
// forced with ?backend=webgl), each within 1e-4 of Node's cpu backend and of each other.
import { describe, expect, inject, it } from 'vitest';
import { openPage, useBrowser } from './browser';
import { maxAbsDiff, nextResult, nodeRun, recordResults, resultCount, type PageResult } from './live-helpers';

const baseUrl = inject('baseUrl');
const browser = useBrowser();

interface Computed extends PageResult {
  /** The page's crossOriginIsolated, its logical cores, and the threads the model's backend runs. */
  isolated: boolean;
  cores: number;
  threads: number;
}

/** Types `text` into the first text field of the figure and returns the result it computes. */
async function typeInto(path: string, figure: string, text: string, field = 0): Promise<Computed> {
  const { page, problems, close } = await openPage(browser(), `${baseUrl}${path}`, {});
  try {
    await recordResults(page);
    await page.reload({ waitUntil: 'load' });
    const fig = page.locator(figure).first();
    const input = fig.locator('input.fig-text').nth(field);
    const seen = await resultCount(page);
    await input.fill(text);
    const result = await nextResult(page, seen);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    const [isolated, cores] = await page.evaluate(() => [crossOriginIsolated, navigator.hardwareConcurrency]);
    const threads = Number(await fig.getAttribute('data-threads'));
    return { ...result, isolated: Boolean(isolated), cores: Number(cores), threads };
  } finally {
    await close();
  }
}

const TEXT = 'a small green star at the bottom right';
const STAGE = 'transformer.resblocks.0.mlp.gelu.out';

const byBackend: Record<string, Record<string, PageResult>> = { wasm: {}, webgl: {} };

describe.for(['wasm', 'webgl'])('live figures on %s', (backend) => {
  const results = byBackend[backend]!;

  it('a text-tower stage equals the Node model on the same text (within 1e-4)', async () => {
    const r = await typeInto(`/transformer-block/?backend=${backend}`, 'figure[data-figure="tensor"]', TEXT);
    results.tensor = r;
    expect(r.backend).toBe(backend);
    // The site is served cross-origin isolated (wasm threads allowed); the tiny model runs one thread on
    // purpose (src/runtime/host.ts), the training lab all cores (test/e2e/training-lab.test.ts).
    expect(r.isolated).toBe(true);
    expect(r.threads).toBe(backend === 'wasm' ? 1 : 0);
    const node = await nodeRun({ texts: [TEXT], capture: [STAGE] });
    const entry = node.trace[STAGE]!;
    expect(r.trace[STAGE]!.shape).toEqual(entry.shape);
    expect(maxAbsDiff(r.trace[STAGE]!.data, entry.data)).toBeLessThan(1e-4);
  });

  it('similarity logits of both towers equal the Node model (within 1e-4)', async () => {
    const r = await typeInto(
      `/similarity-temperature/?backend=${backend}`,
      'figure[data-figure="similarity"]',
      TEXT,
      1,
    );
    results.similarity = r;
    expect(r.backend).toBe(backend);
    const html = await (await fetch(`${baseUrl}/similarity-temperature/`)).text();
    const json = /<script type="application\/json" class="fig-config">(.*?)<\/script>/s.exec(html)![1]!;
    const config = JSON.parse(json) as { texts: string[]; images: number[] };
    const texts = [...config.texts];
    texts[1] = TEXT;
    const node = await nodeRun({
      texts,
      images: config.images.map((index) => ({ kind: 'world' as const, index })),
      capture: ['logits_per_image'],
    });
    const logits = node.trace['logits_per_image']!;
    expect(r.trace['logits_per_image']!.shape).toEqual(logits.shape);
    expect(maxAbsDiff(r.trace['logits_per_image']!.data, logits.data)).toBeLessThan(1e-4);
  });
});

describe('wasm and WebGL', () => {
  it('agree within 1e-4 on the same stage and the same logits', () => {
    const { wasm, webgl } = byBackend;
    expect(wasm!.tensor && webgl!.tensor && wasm!.similarity && webgl!.similarity).toBeTruthy();
    expect(maxAbsDiff(wasm!.tensor!.trace[STAGE]!.data, webgl!.tensor!.trace[STAGE]!.data)).toBeLessThan(
      1e-4,
    );
    const key = 'logits_per_image';
    expect(maxAbsDiff(wasm!.similarity!.trace[key]!.data, webgl!.similarity!.trace[key]!.data)).toBeLessThan(
      1e-4,
    );
  });
});
