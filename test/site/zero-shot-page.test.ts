// @vitest-environment happy-dom
// The zero-shot playground's page script (zero-shot.ts) hydrated on a prerendered figure, with a fake model
// client that records each request: the build's features draw the first bars without a model run, a
// temperature change recomputes in the page, a new label asks only for its prompt, a word on the image asks
// only for the image, and problems are said in the status line with the last result kept.
// happy-dom has no 2-D canvas context: a minimal fake (putImageData, getImageData, fillText) stands in.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Outcome, RunInput } from '../../src/runtime/client';
import type { ResultMessage } from '../../src/runtime/protocol';
import { TEMPLATES, fillTemplate, type ZeroShotConfig } from '../../src/lab/zero-shot';
import { zeroShotStrings } from '../../site/components/labs/zero-shot-strings';

const fake = vi.hoisted(() => ({
  loaded: true,
  requests: [] as { channel: string; input: RunInput }[],
  reply: (_input: RunInput): Outcome => ({ status: 'stale' }),
  async run(channel: string, input: RunInput): Promise<Outcome> {
    this.requests.push({ channel, input });
    return this.reply(input);
  },
  onModel: () => {},
  use: () => {},
}));
vi.mock('../../src/runtime/client', () => ({ getClient: () => fake }));
vi.mock('../../site/lib/follow-model', () => ({ followModelChoice: () => {} }));

const s = zeroShotStrings('en');
const labels = ['red circle', 'blue square'];
const feature: Record<string, number[]> = { 'red circle': [1, 0, 0], 'blue square': [0, 1, 0] };
const config: ZeroShotConfig = {
  lang: 'en',
  labels,
  image: 0,
  resolution: 8,
  tau: 0.1,
  model: 'tiny',
  prompts: Object.fromEntries(TEMPLATES.flatMap((t) => labels.map((l) => [fillTemplate(t, l), feature[l]!]))),
  gallery: [
    [0.8, 0.6, 0],
    [0, 0, 1],
  ],
};

function result(trace: Record<string, number[][]>): Outcome {
  const entries = Object.fromEntries(
    Object.entries(trace).map(([k, rows]) => [
      k,
      { shape: [rows.length, rows[0]!.length], data: Float32Array.from(rows.flat()) },
    ]),
  );
  const r = { trace: entries, backend: 'cpu', model: 'tiny', ms: 3, notes: [], texts: [], images: [] };
  return { status: 'ok', result: r as unknown as ResultMessage };
}

let fig: HTMLElement;
const settle = (ms = 0) => new Promise((r) => setTimeout(r, ms));
const status = () => fig.querySelector('.fig-status')!;
const barLabels = () => [...fig.querySelectorAll('.zs-bars .viz-bar-label')].map((t) => t.textContent);
const tableRows = () =>
  [...fig.querySelectorAll('.zs-result tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent));
const requests = () => fake.requests.length;

/** Words written on the preview canvas. */
const drawn: string[] = [];
const realGetContext = HTMLCanvasElement.prototype.getContext;

beforeAll(async () => {
  const images = new WeakMap<HTMLCanvasElement, ImageData>();
  HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement) {
    return {
      putImageData: (d: ImageData) => images.set(this, d),
      getImageData: () => images.get(this)!,
      fillText: (word: string) => drawn.push(word),
    };
  } as unknown as HTMLCanvasElement['getContext'];
  document.body.innerHTML = `<figure class="fig zs" id="zs-1" data-lab="zero-shot">
    <div class="fig-body"><div class="zs-view"></div><div class="zs-result"></div></div>
    <div class="fig-controls" hidden></div><p class="fig-status" role="status">static</p>
    <script type="application/json" class="zs-config">${JSON.stringify(config)}</script></figure>`;
  fig = document.querySelector('figure')!;
  await import('../../site/components/labs/zero-shot');
  await settle();
});
afterAll(() => {
  HTMLCanvasElement.prototype.getContext = realGetContext;
});

describe('zero-shot playground', () => {
  it('draws the first bars and table from the build’s features, without a model run', () => {
    expect(requests()).toBe(0);
    expect(fig.querySelector<HTMLElement>('.fig-controls')!.hidden).toBe(false);
    expect(barLabels()).toEqual(['red circle', 'blue square']);
    expect(fig.querySelectorAll('.zs-bars g.viz-bar')).toHaveLength(2);
    expect(fig.querySelector('.zs-bars g.viz-bar-best .viz-bar-label')!.textContent).toBe('red circle');
    // cosines 0.8 and 0.6, logits / 0.1, softmax: e² / (1 + e²).
    const p = Math.exp(2) / (1 + Math.exp(2));
    expect(tableRows()).toEqual([
      ['red circle', '0.8', '8', String(Number(p.toPrecision(4)))],
      ['blue square', '0.6', '6', String(Number((1 - p).toPrecision(4)))],
    ]);
    expect(fig.dataset.top).toBe('red circle');
    expect(status().textContent).toBe('static'); // the build's note stands on arrival
    expect(drawn).toEqual([]); // no word on the image yet
    expect(fig.querySelector('canvas.zs-canvas')!.getAttribute('aria-label')).toBe(s.preview(''));
  });

  it('recomputes in the page when the temperature changes, and shares it in the URL', () => {
    const slider = fig.querySelector<HTMLInputElement>('.fig-temperature input[type=range]')!;
    slider.value = '0'; // log10(τ) = 0: τ = 1
    slider.dispatchEvent(new Event('input'));
    expect(requests()).toBe(0);
    const p = Math.exp(0.8) / (Math.exp(0.8) + Math.exp(0.6));
    expect(tableRows()[0]).toEqual(['red circle', '0.8', '0.8', String(Number(p.toPrecision(4)))]);
    expect(status().textContent).toContain(s.cached);
    expect(status().classList.contains('fig-problem')).toBe(false);
    expect(JSON.parse(new URLSearchParams(location.search).get('zs0')!).tau).toBe(1);
  });

  it('asks the model only for a new label’s prompt, then draws one more bar', async () => {
    fake.reply = () => result({ 'text.features': [[0, 0, 1]], 'logit_scale.exp': [[10]] });
    fig.querySelector<HTMLButtonElement>('button.zs-add')!.click();
    await settle();
    expect(requests()).toBe(1);
    const { channel, input } = fake.requests[0]!;
    expect(channel).toBe('zs-1');
    expect(input.texts).toHaveLength(1);
    expect(input.texts![0]).toMatch(/^a photo of an? /);
    expect(input.images).toBeUndefined();
    expect(fig.querySelectorAll('.zs-bars g.viz-bar')).toHaveLength(3);
    expect(tableRows()).toHaveLength(3);
    expect(tableRows()[2]![1]).toBe('0'); // orthogonal to the image
    expect(status().textContent).toContain('cpu');
    expect(fig.hasAttribute('aria-busy')).toBe(false);
  });

  it('removes a bar when a label goes, without a model run', async () => {
    const removes = fig.querySelectorAll<HTMLButtonElement>('button.zs-remove');
    removes[removes.length - 1]!.click();
    await settle();
    expect(requests()).toBe(1);
    expect(barLabels()).toEqual(['red circle', 'blue square']);
    expect(fig.querySelectorAll('.zs-bars svg')).toHaveLength(1);
  });

  it('says what is wrong with the labels and keeps the last result', async () => {
    const input = fig.querySelectorAll<HTMLInputElement>('input.zs-label-input')[1]!;
    input.value = 'Red Circle';
    input.dispatchEvent(new Event('input'));
    await settle(300); // the editor waits for typing to pause
    expect(status().textContent).toBe(`${s.problems['duplicate-label']} “Red Circle”. ${s.keptNote}`);
    expect(status().classList.contains('fig-problem')).toBe(true);
    expect(barLabels()).toEqual(['red circle', 'blue square']);
    input.value = 'blue square';
    input.dispatchEvent(new Event('input'));
    await settle(300);
    expect(status().classList.contains('fig-problem')).toBe(false);
    expect(requests()).toBe(1);
  });

  it('asks only for the image once a word is written on it, and shows the model’s error if any', async () => {
    fake.reply = () => ({ status: 'error', message: 'The worker stopped.' });
    const word = fig.querySelector<HTMLInputElement>('input.zs-word')!;
    word.value = 'blue';
    word.dispatchEvent(new Event('input'));
    await settle(200);
    expect(requests()).toBe(2);
    const { input } = fake.requests[1]!;
    expect(input.texts).toBeUndefined();
    expect(input.images).toHaveLength(1);
    expect(input.images![0]).toMatchObject({ kind: 'pixels', width: 192, height: 192 });
    expect(fig.querySelector('canvas.zs-canvas')!.getAttribute('aria-label')).toBe(s.preview('blue'));
    expect(drawn.at(-1)).toBe('blue');
    expect(status().textContent).toBe(`The worker stopped. ${s.keptNote}`);
    expect(barLabels()).toEqual(['red circle', 'blue square']); // kept
    fake.reply = () => result({ 'image.features': [[0, 1, 0]], 'logit_scale.exp': [[10]] });
    fig.querySelector<HTMLInputElement>('input.zs-word')!.dispatchEvent(new Event('input'));
    await settle(200);
    expect(requests()).toBe(3);
    expect(barLabels()).toEqual(['blue square', 'red circle']); // the word won
    expect(fig.dataset.top).toBe('blue square');
    expect(JSON.parse(new URLSearchParams(location.search).get('zs0')!).a.word).toBe('blue');
  });
});
