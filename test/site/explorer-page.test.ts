// @vitest-environment happy-dom
// The attention explorer's page script (explorer.ts) hydrated on a prerendered figure, with a fake model
// client that records each request and answers with small synthetic results: what a pick redraws without
// asking the model, what a head switch or a deleted patch asks again, the URL state, and errors said with
// the last figure kept. happy-dom has no 2-D canvas, so the PNG encoder is stubbed.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ExplainInput, ExplainOutcome, Outcome, RunInput } from '../../src/runtime/client';
import type { ExplanationMessage, ResultMessage } from '../../src/runtime/protocol';
import { setPngEncoder } from '../../src/viz/raster';
import { explorerStrings } from '../../site/components/labs/explorer-strings';

const fake = vi.hoisted(() => ({
  loaded: true,
  runs: [] as RunInput[],
  explains: [] as ExplainInput[],
  channels: [] as string[],
  runReply: null as null | (() => Outcome),
  explainReply: null as null | (() => ExplainOutcome),
  async run(channel: string, input: RunInput): Promise<Outcome> {
    this.channels.push(channel);
    this.runs.push(input);
    return this.runReply!();
  },
  async explain(channel: string, input: ExplainInput): Promise<ExplainOutcome> {
    this.channels.push(channel);
    this.explains.push(input);
    return this.explainReply!();
  },
  onModel: () => {},
  use: () => {},
}));
vi.mock('../../src/runtime/client', () => ({ getClient: () => fake }));
vi.mock('../../site/lib/follow-model', () => ({ followModelChoice: () => {} }));

const s = explorerStrings('en');
const sizes = { textLayers: 2, textHeads: 2, imageLayers: 2, imageHeads: 2, grid: 2, gallery: 8 };

/** Attention over 3 tokens (padded to 4) for 2 layers × 2 heads. */
function textRun(): ResultMessage {
  const trace: Record<string, { shape: number[]; data: Float32Array }> = {};
  for (let l = 0; l < 2; l++) {
    const data = Float32Array.from({ length: 2 * 4 * 4 }, (_, i) =>
      i % 4 <= (i >> 2) % 4 ? 0.25 + l / 10 : 0,
    );
    trace[`transformer.resblocks.${l}.attn.probs`] = { shape: [1, 2, 4, 4], data };
  }
  const tokens = ['<|startoftext|>', 'dog</w>', '<|endoftext|>'];
  const text = { text: 'dog', ids: [0, 1, 2], tokens, fullCount: 3, truncated: false };
  const r = {
    trace,
    texts: [text],
    images: [],
    backend: 'cpu',
    model: 'tiny',
    ms: 5,
    notes: [],
    tensors: 0,
    bytes: 0,
  };
  return r as unknown as ResultMessage;
}

function explanation(similarity = 0.3): ExplanationMessage {
  const r = {
    grid: 2,
    classAttention: { shape: [2, 2, 4], data: Float32Array.from({ length: 16 }, (_, i) => i / 16) },
    rollout: Float32Array.from([0.4, 0.3, 0.2, 0.1]),
    relevance: Float32Array.from([0, 1, 0, 0]),
    deletion: {
      counts: [0, 1, 2],
      attention: [0.3, 0.2, 0.1],
      rollout: [0.3, 0.25, 0.2],
      relevance: [0.3, 0.1, 0],
    },
    similarity,
    similarityPlain: 0.3,
    image: { rgb: new Uint8Array(4 * 4 * 3), size: 4, label: 'x' },
    backend: 'cpu',
    model: 'tiny',
    ms: 7,
    notes: [],
    tensors: 0,
    bytes: 0,
  };
  return r as unknown as ExplanationMessage;
}

let fig: HTMLElement;
const events: string[] = [];
const settle = (ms = 0) => new Promise((r) => setTimeout(r, ms));
const status = () => fig.querySelector('.fig-status')!;
const urlState = () => JSON.parse(new URLSearchParams(location.search).get('explorer')!);
const key = (el: Element, k: string) =>
  el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));

beforeAll(async () => {
  setPngEncoder((_rgba, w, h) => `data:fake;${w}x${h}`);
  fake.runReply = () => ({ status: 'ok', result: textRun() });
  fake.explainReply = () => ({ status: 'ok', result: explanation() });
  const cfg = { lang: 'en', text: 'a dog', caption: 'a photo', image: 3, sizes, resolution: 8 };
  document.body.innerHTML = `<figure id="ax-1" data-explorer>
    <div class="fig-controls" hidden></div>
    <section><div class="fig-body ax-text-body"></div><div class="ax-switches-text"></div></section>
    <section><div class="fig-body ax-image-body"></div><div class="ax-switches-image"></div>
    <button type="button" class="ax-restore"></button></section>
    <p class="fig-status" role="status"></p>
    <script type="application/json" class="ax-config">${JSON.stringify(cfg)}</script></figure>`;
  fig = document.querySelector('figure')!;
  fig.addEventListener(
    'explorer:result',
    (e) => void events.push((e as CustomEvent<{ part: string }>).detail.part),
  );
  await import('../../site/components/labs/explorer');
  await settle();
});
afterAll(() => setPngEncoder(null));

describe('attention explorer page', () => {
  it('asks for a text run and an explanation on start, and draws both towers', () => {
    expect(fake.channels).toEqual(['ax-1-text', 'ax-1-image']);
    expect(fake.runs[0]).toEqual({
      texts: ['a dog'],
      capture: ['transformer.resblocks.0.attn.probs', 'transformer.resblocks.1.attn.probs'],
      headMask: { text: {} },
    });
    expect(fake.explains[0]).toMatchObject({
      image: { kind: 'world', index: 3 },
      text: 'a photo',
      patchMask: [],
    });
    expect(fig.querySelectorAll('.ax-text-body .ax-multiples g.ax-cell')).toHaveLength(4);
    expect(fig.querySelectorAll('.ax-text-body .fig-part-text-matrix rect.viz-cell')).toHaveLength(9);
    expect(fig.querySelectorAll('.ax-image-body rect.ax-patch')).toHaveLength(3 * 4);
    expect(fig.querySelectorAll('.ax-switches-text input')).toHaveLength(4);
    expect(fig.querySelectorAll('.ax-switches-image input')).toHaveLength(4);
    // Layer 1 (the last) is picked for the image tower by default.
    expect(fig.querySelector('.fig-part-map-attention .fig-part-heading')!.textContent).toBe(
      s.classAttention(1, 0),
    );
    expect(status().textContent).toBe(s.done('cpu', 7, 'tiny'));
    expect(fig.hasAttribute('aria-busy')).toBe(false);
    expect(events).toEqual(['text', 'image']);
    expect(fig.querySelectorAll('.fig-part-text-matrix .viz-export')).toHaveLength(1);
  });

  it('redraws a picked head without asking the model, and writes it into the URL', () => {
    const svg = fig.querySelector('.fig-part-text-overview svg')!;
    key(svg, 'ArrowRight');
    expect(fake.runs).toHaveLength(1);
    expect(fig.querySelector('.fig-part-text-matrix .fig-part-heading')!.textContent).toBe(s.matrix(0, 1));
    expect(urlState()).toMatchObject({ tl: 0, th: 1 });
    // The redrawn overview keeps its focus position and one export toolbar.
    expect(fig.querySelectorAll('.fig-part-text-overview svg')).toHaveLength(1);
    expect(fig.querySelectorAll('.fig-part-text-matrix .viz-export')).toHaveLength(1);
  });

  it('asks both towers again when a text head is switched off', async () => {
    fig.querySelectorAll<HTMLInputElement>('.ax-switches-text input')[1]!.click();
    await settle();
    expect(fake.runs.at(-1)!.headMask).toEqual({ text: { 0: [1] } });
    expect(fake.explains.at(-1)).toMatchObject({ textHeadMask: { 0: [1] }, imageHeadMask: {} });
    expect(urlState().tm).toEqual({ 0: [1] });
    expect(fig.querySelector('.ax-text-body g.ax-cell.ax-off')).not.toBeNull();
  });

  it('deletes a patch from the keyboard and restores every patch with the button', async () => {
    const runs = fake.runs.length;
    const explains = fake.explains.length;
    fake.explainReply = () => ({ status: 'ok', result: explanation(0.2) });
    const map = fig.querySelector('.fig-part-map-rollout svg')!;
    key(map, 'ArrowDown');
    key(map, 'Enter');
    await settle();
    expect(fake.runs).toHaveLength(runs); // the text tower does not depend on patches
    expect(fake.explains).toHaveLength(explains + 1);
    expect(fake.explains.at(-1)!.patchMask).toEqual([2]);
    expect(urlState().p).toEqual([2]);
    expect(fig.querySelectorAll('.fig-part-map-attention rect.ax-patch-off')).toHaveLength(1);
    expect(fig.querySelector('.fig-part-similarity .fig-plot')!.textContent).toBe(
      `${s.similarity('0.2', '0.3', true)} ${s.maskedCount(1)}`,
    );
    fig.querySelector<HTMLButtonElement>('.ax-restore')!.click();
    await settle();
    expect(fake.explains.at(-1)!.patchMask).toEqual([]);
    expect(fig.querySelector('.ax-restore')!.textContent).toBe(s.clearPatches);
  });

  it('says an error and keeps the last figure', async () => {
    fake.explainReply = () => ({ status: 'error', message: 'Out of memory.' });
    fig.querySelectorAll<HTMLInputElement>('.ax-switches-image input')[0]!.click();
    await settle();
    expect(fake.explains.at(-1)!.imageHeadMask).toEqual({ 0: [0] });
    expect(status().textContent).toBe('Out of memory.');
    expect(status().classList.contains('fig-problem')).toBe(true);
    expect(fig.querySelectorAll('.ax-image-body rect.ax-patch')).toHaveLength(3 * 4);
  });
});
