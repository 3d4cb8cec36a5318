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

type Backend = 'wasm' | 'webgl';
type Figure = 'tensor' | 'similarity';

const FIGURES: Record<Figure, { path: string; selector: string; field: number }> = {
  tensor: { path: '/transformer-block/', selector: 'figure[data-figure="tensor"]', field: 0 },
  similarity: { path: '/similarity-temperature/', selector: 'figure[data-figure="similarity"]', field: 1 },
};

// Each test asks for the results it needs; one computed for an earlier test is reused (a page load costs
// seconds), but no test relies on another having run: run alone (-t), it computes its own.
const computed = new Map<string, Promise<Computed>>();
function compute(backend: Backend, figure: Figure): Promise<Computed> {
  const key = `${backend}:${figure}`;
  if (!computed.has(key)) {
    const { path, selector, field } = FIGURES[figure];
    computed.set(key, typeInto(`${path}?backend=${backend}`, selector, TEXT, field));
  }
  return computed.get(key)!;
}

describe.for(['wasm', 'webgl'] as const)('live figures on %s', (backend) => {
  it('a text-tower stage equals the Node model on the same text (within 1e-4)', async () => {
    const r = await compute(backend, 'tensor');
    expect(r.backend).toBe(backend);
    // The site is served cross-origin isolated (wasm threads allowed); the tiny model runs one thread on
    // purpose (src/runtime/host.ts), the training lab all cores (test/e2e/training-lab.test.ts).
    expect(r.isolated).toBe(true);
    expect(r.threads).toBe(backend === 'wasm' ? 1 : 0);
    const node = await nodeRun({ texts: [TEXT], capture: [STAGE] });
    const entry = node.trace[STAGE]!;
    // One text, the full context of 77 positions, each 4 × 64 wide (the MLP's hidden layer of tiny's
    // 64-wide text tower).
    expect(entry.shape).toEqual([1, 77, 256]);
    expect(r.trace[STAGE]!.shape).toEqual(entry.shape);
    expect(maxAbsDiff(r.trace[STAGE]!.data, entry.data)).toBeLessThan(1e-4);
  });

  it('similarity logits of both towers equal the Node model (within 1e-4)', async () => {
    const r = await compute(backend, 'similarity');
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
    expect(logits.shape).toEqual([config.images.length, texts.length]);
    expect(r.trace['logits_per_image']!.shape).toEqual(logits.shape);
    expect(maxAbsDiff(r.trace['logits_per_image']!.data, logits.data)).toBeLessThan(1e-4);
  });
});

describe('wasm and WebGL', () => {
  it('agree within 1e-4 on the same stage and the same logits', async () => {
    // One page at a time (a small machine): the cached ones come back at once.
    const wasmTensor = await compute('wasm', 'tensor');
    const webglTensor = await compute('webgl', 'tensor');
    const wasmSimilarity = await compute('wasm', 'similarity');
    const webglSimilarity = await compute('webgl', 'similarity');
    expect([wasmTensor.backend, webglTensor.backend]).toEqual(['wasm', 'webgl']);
    expect(wasmTensor.trace[STAGE]!.data.length).toBeGreaterThan(0);
    expect(maxAbsDiff(wasmTensor.trace[STAGE]!.data, webglTensor.trace[STAGE]!.data)).toBeLessThan(1e-4);
    const key = 'logits_per_image';
    expect(wasmSimilarity.trace[key]!.data.length).toBeGreaterThan(0);
    expect(maxAbsDiff(wasmSimilarity.trace[key]!.data, webglSimilarity.trace[key]!.data)).toBeLessThan(1e-4);
  });
});
