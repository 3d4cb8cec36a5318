// @vitest-environment happy-dom
// The attention explorer's state in the URL (explorer-state.ts) and what it draws from its two answers
// (explorer-view.ts), with small synthetic model answers instead of a model run. happy-dom has no 2-D canvas,
// so the PNG encoder is stubbed.
// Over 300 lines: one synthetic model answer feeds every drawing case, so the cases stay together.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { explorerStrings } from '../../site/components/labs/explorer-strings';
import {
  type ExplorerState,
  type Sizes,
  explorerSearch,
  isOff,
  readExplorerState,
  sizesOf,
  toggleHead,
  writeExplorerState,
} from '../../site/components/labs/explorer-state';
import {
  type Shown,
  drawImage,
  drawSwitches,
  drawText,
  textMatrix,
  textProbsKey,
} from '../../site/components/labs/explorer-view';
import { PRESETS } from '../../src/clip/config';
import type { ExplanationMessage, ResultMessage } from '../../src/runtime/protocol';
import { setPngEncoder } from '../../src/viz/raster';

const s = explorerStrings('en');
const z: Sizes = { textLayers: 2, textHeads: 4, imageLayers: 3, imageHeads: 2, grid: 4, gallery: 8 };
const base: ExplorerState = {
  text: 'a red circle',
  caption: 'a photo',
  image: 0,
  textLayer: 0,
  textHead: 0,
  imageLayer: 2,
  imageHead: 0,
  textMask: {},
  imageMask: {},
  patches: [],
};
const read = (json: unknown) =>
  readExplorerState(`?explorer=${encodeURIComponent(JSON.stringify(json))}`, base, z);

describe('explorer state in the URL', () => {
  it('round-trips every field and keeps the other parameters', () => {
    const st: ExplorerState = {
      text: 'two blue squares',
      caption: 'a green triangle',
      image: 5,
      textLayer: 1,
      textHead: 3,
      imageLayer: 1,
      imageHead: 1,
      textMask: { 0: [1, 2] },
      imageMask: { 2: [0] },
      patches: [3, 15],
    };
    const search = explorerSearch('?fig1=%7B%7D&lang=es', st);
    const params = new URLSearchParams(search);
    expect(params.get('fig1')).toBe('{}');
    expect(params.get('lang')).toBe('es');
    expect(readExplorerState(search, base, z)).toEqual(st);
  });

  it('never writes the reader’s own image, and leaves empty masks out', () => {
    const json = JSON.parse(new URLSearchParams(explorerSearch('', { ...base, image: -1 })).get('explorer')!);
    expect(json).not.toHaveProperty('i');
    expect(json).not.toHaveProperty('tm');
    expect(json).not.toHaveProperty('p');
    expect(readExplorerState(explorerSearch('', { ...base, image: -1 }), base, z).image).toBe(0);
  });

  it('ignores fields that do not fit the model’s sizes', () => {
    const out = read({ i: 8, tl: 2, th: 1.5, vl: -1, vh: '1', tm: { 2: [0] }, vm: { 0: [2] }, p: [16] });
    expect(out).toEqual(base);
    expect(read({ tm: { 1: [3, 3, 0], 0: [] } }).textMask).toEqual({ 1: [0, 3] }); // sorted, deduplicated
    expect(read({ tm: [[1]] }).textMask).toEqual({});
    expect(read({ p: [5, 1, 5] }).patches).toEqual([1, 5]);
    expect(read({ p: [1, 'x'] }).patches).toEqual([]);
  });

  it('falls back to the base for bad JSON, no state, or a non-object', () => {
    expect(readExplorerState('?explorer=%7Bnot', base, z)).toBe(base);
    expect(readExplorerState('?other=1', base, z)).toBe(base);
    expect(readExplorerState('?explorer=null', base, z)).toBe(base);
  });

  it('cuts very long texts', () => {
    expect(read({ t: 'x'.repeat(5000) }).text).toHaveLength(2000);
    expect(read({ t: 42 }).text).toBe(base.text);
  });

  it('writes the state into the page URL', () => {
    writeExplorerState({ ...base, textHead: 2 });
    expect(JSON.parse(new URLSearchParams(location.search).get('explorer')!).th).toBe(2);
  });

  it('toggles heads without changing the old masks', () => {
    const a = toggleHead({}, 1, 2);
    expect(a).toEqual({ 1: [2] });
    const b = toggleHead(a, 1, 0);
    expect(b).toEqual({ 1: [0, 2] });
    expect(a).toEqual({ 1: [2] });
    expect(toggleHead({ 1: [2] }, 1, 2)).toEqual({});
    expect(isOff(b, 1, 0)).toBe(true);
    expect(isOff(b, 0, 0)).toBe(false);
  });

  it('takes its sizes from a model config', () => {
    expect(sizesOf(PRESETS['tiny-reference']!, 8)).toEqual({
      textLayers: 2,
      textHeads: 4,
      imageLayers: 2,
      imageHeads: 1,
      grid: 4,
      gallery: 8,
    });
  });
});

// A text run: 2 layers × 2 heads over 3 real tokens padded to 5; value (l, h, i, j) tells them apart.
const val = (l: number, h: number, i: number, j: number) => (j <= i ? (j + 1) / 10 + l / 100 + h / 1000 : 0);
function textRun(layers = 2, heads = 2, n = 3, ctx = 5): ResultMessage {
  const trace: ResultMessage['trace'] = {};
  for (let l = 0; l < layers; l++) {
    const data = new Float32Array(heads * ctx * ctx);
    for (let h = 0; h < heads; h++)
      for (let i = 0; i < ctx; i++)
        for (let j = 0; j < ctx; j++) data[(h * ctx + i) * ctx + j] = val(l, h, i, j);
    trace[textProbsKey(l)] = { shape: [1, heads, ctx, ctx], data } as ResultMessage['trace'][string];
  }
  const tokens = ['<|startoftext|>', 'dog</w>', '<|endoftext|>'].slice(0, n);
  return {
    type: 'result',
    id: 1,
    channel: 'x',
    trace,
    texts: [{ text: 'dog', ids: tokens.map((_, k) => k), tokens, fullCount: n, truncated: false }],
    images: [],
    backend: 'cpu',
    model: 'tiny',
    ms: 1,
    notes: [],
    tensors: 0,
    bytes: 0,
  };
}

function recorder() {
  const calls: string[] = [];
  return {
    calls,
    on: {
      pickText: (l: number, h: number) => void calls.push(`text ${l} ${h}`),
      pickImage: (l: number, h: number) => void calls.push(`image ${l} ${h}`),
      togglePatch: (p: number) => void calls.push(`patch ${p}`),
    },
  };
}

let body: HTMLElement;
beforeEach(() => {
  setPngEncoder((rgba, w, h) => `data:fake;${w}x${h}`);
  body = document.createElement('div');
  document.body.appendChild(body);
});
afterEach(() => {
  body.remove();
  setPngEncoder(null);
});

const key = (el: Element, k: string) =>
  el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));

describe('drawText', () => {
  it('cuts the padding and labels one head’s matrix', () => {
    const m = textMatrix(textRun(), 1, 1);
    expect([m.rows, m.cols]).toEqual([3, 3]);
    expect(m.rowLabels).toEqual(['SOT', 'dog·', 'EOT']);
    expect(m.values[2 * 3 + 1]).toBeCloseTo(val(1, 1, 2, 1), 6);
    expect(() => textMatrix(textRun(), 2, 0)).toThrow(/text layer 2/);
  });

  it('draws the overview, the matrix, the tokens and the EOT bars from the picked head', () => {
    const shown: Shown = {};
    const st = { ...base, textLayer: 1, textHead: 1 };
    drawText(body, textRun(), st, s, recorder().on, shown, 'ax1');
    expect(body.querySelectorAll('.fig-part')).toHaveLength(4);
    expect(body.querySelectorAll('#ax1-text-overview g.ax-cell')).toHaveLength(4);
    expect(body.querySelector('#ax1-text-overview g.ax-cell.ax-selected')).toBe(
      body.querySelectorAll('#ax1-text-overview g.ax-cell')[3],
    );
    const cells = [...body.querySelectorAll('#ax1-text-matrix rect.viz-cell')];
    expect(cells).toHaveLength(9);
    expect(cells[1]!.getAttribute('fill')).toMatch(/^url\(#/); // the causal mask hides the future
    expect(cells[3]!.getAttribute('fill')).not.toMatch(/^url\(#/);
    expect(body.querySelector('.fig-part-text-matrix .fig-part-heading')!.textContent).toBe(s.matrix(1, 1));
    expect([...body.querySelectorAll('#ax1-text-tokens button')].map((b) => b.textContent)).toEqual([
      'SOT',
      'dog·',
      'EOT',
    ]);
    expect(body.querySelectorAll('#ax1-text-eot g.viz-bar')).toHaveLength(3);
    const eot = [0, 1, 2].map((j) => val(1, 1, 2, j));
    expect([...shown.eot!.values]).toEqual(eot.map((v) => Math.fround(v)));
    expect(body.querySelector('#ax1-text-eot svg')!.getAttribute('aria-label')).toContain(
      `EOT ${(eot[2]! * 100).toFixed(1)}%`,
    );
    expect(shown.textMatrix!.values[4]).toBeCloseTo(val(1, 1, 1, 1), 6);
  });

  it('redraws in place for another head, heading and numbers following', () => {
    const shown: Shown = {};
    drawText(body, textRun(), base, s, recorder().on, shown, 'ax1');
    drawText(body, textRun(), { ...base, textLayer: 1, textHead: 0 }, s, recorder().on, shown, 'ax1');
    expect(body.querySelectorAll('.fig-part')).toHaveLength(4);
    expect(body.querySelectorAll('svg')).toHaveLength(3);
    expect(body.querySelectorAll('#ax1-text-matrix rect.viz-cell')).toHaveLength(9);
    expect(body.querySelector('.fig-part-text-eot .fig-part-heading')!.textContent).toBe(s.eot(1, 0));
    expect(shown.textMatrix!.values[0]).toBeCloseTo(val(1, 0, 0, 0), 6);
  });

  it('picks a head from the overview with the keyboard and lights up a token’s row and column', () => {
    const r = recorder();
    drawText(body, textRun(), base, s, r.on, {}, 'ax1');
    const svg = body.querySelector('#ax1-text-overview svg')!;
    key(svg, 'ArrowDown');
    expect(r.calls).toEqual(['text 1 0']);
    expect(body.querySelector('#ax1-text-overview [aria-live]')!.textContent).toBe(s.cellName(1, 0, false));
    body.querySelectorAll('#ax1-text-tokens button')[2]!.dispatchEvent(new FocusEvent('focus'));
    expect(body.querySelectorAll('#ax1-text-matrix rect.ax-band')).toHaveLength(2);
  });
});

// An explanation: 2 layers × 2 heads of class attention over a 2 × 2 grid.
function explanation(): ExplanationMessage {
  const classAttention = Float32Array.from({ length: 2 * 2 * 4 }, (_, i) => i / 16);
  return {
    grid: 2,
    classAttention: { shape: [2, 2, 4], data: classAttention },
    rollout: Float32Array.from([0.4, 0.3, 0.2, 0.1]),
    relevance: Float32Array.from([0, 1, 0, 0]),
    deletion: {
      counts: [0, 1, 2],
      attention: [0.3, 0.2, 0.1],
      rollout: [0.3, 0.25, 0.2],
      relevance: [0.3, 0.1, 0],
    },
    similarity: 0.25,
    similarityPlain: 0.3,
    image: { rgb: new Uint8Array(4 * 4 * 3), size: 4, label: 'x' },
  } as unknown as ExplanationMessage;
}

describe('drawImage', () => {
  it('draws the overview, three patch maps, the similarity and the deletion curves', () => {
    const shown: Shown = {};
    const r = recorder();
    const st = { ...base, imageLayer: 1, imageHead: 1, patches: [2] };
    drawImage(body, explanation(), st, s, r.on, shown, 'ax2');
    expect(body.querySelectorAll('#ax2-image-overview g.ax-cell')).toHaveLength(4);
    for (const k of ['attention', 'rollout', 'relevance']) {
      expect(body.querySelectorAll(`#ax2-map-${k} rect.ax-patch`)).toHaveLength(4);
      expect(body.querySelectorAll(`#ax2-map-${k} rect.ax-patch-off`)).toHaveLength(1);
    }
    expect([...shown.maps!.attention.values]).toEqual([12, 13, 14, 15].map((i) => i / 16));
    const tds = [...body.querySelectorAll('#ax2-map-attention tbody td')].map((td) => Number(td.textContent));
    expect(tds).toEqual([12, 13, 14, 15].map((i) => Number((i / 16).toPrecision(4))));
    expect(body.querySelector('#ax2-similarity')!.textContent).toBe(
      `${s.similarity('0.25', '0.3', true)} ${s.maskedCount(1)}`,
    );
    expect(body.querySelectorAll('#ax2-deletion g.ax-curve')).toHaveLength(3);
    expect(shown.deletion!.rows).toBe(3);
    body.querySelectorAll('#ax2-map-rollout rect.ax-patch')[3]!.dispatchEvent(new MouseEvent('click'));
    key(body.querySelector('#ax2-image-overview svg')!, 'ArrowLeft');
    expect(r.calls).toEqual(['patch 3', 'image 1 0']);
  });

  it('redraws in place with the heading of the newly picked head', () => {
    drawImage(body, explanation(), { ...base, imageLayer: 1 }, s, recorder().on, {}, 'ax2');
    drawImage(body, explanation(), { ...base, imageLayer: 0, imageHead: 1 }, s, recorder().on, {}, 'ax2');
    expect(body.querySelectorAll('.fig-part')).toHaveLength(6);
    expect(body.querySelectorAll('#ax2-map-attention svg')).toHaveLength(1);
    expect(body.querySelector('.fig-part-map-attention .fig-part-heading')!.textContent).toBe(
      s.classAttention(0, 1),
    );
    expect(body.querySelector('#ax2-similarity')!.textContent).toContain(s.maskedCount(0));
  });
});

describe('drawSwitches', () => {
  it('makes a switch per head of each tower and reports the tower toggled', () => {
    const fig = document.createElement('figure');
    fig.innerHTML = '<div class="ax-switches-text"></div><div class="ax-switches-image"></div>';
    body.appendChild(fig);
    const toggled: string[] = [];
    const st = { ...base, textMask: { 1: [3] }, imageMask: { 0: [1] } };
    drawSwitches(fig, s, z, st, (t, l, h) => void toggled.push(`${t} ${l} ${h}`));
    const text = [...fig.querySelectorAll<HTMLInputElement>('.ax-switches-text input')];
    const image = [...fig.querySelectorAll<HTMLInputElement>('.ax-switches-image input')];
    expect(text).toHaveLength(2 * 4);
    expect(image).toHaveLength(3 * 2);
    expect(text.filter((b) => !b.checked).map((b) => b.getAttribute('aria-label'))).toEqual([
      s.headToggle('text', 1, 3),
    ]);
    expect(image.filter((b) => !b.checked).map((b) => b.getAttribute('aria-label'))).toEqual([
      s.headToggle('image', 0, 1),
    ]);
    image[5]!.click();
    text[0]!.click();
    expect(toggled).toEqual(['image 2 1', 'text 0 0']);
  });
});
