// @vitest-environment happy-dom
// URL state (site/lib/url-state.ts): the one validator every figure and lab reads the URL
// through, fed hostile values (issue 20, defects 5 and 6), and the bound on every URL the site writes
// (defect 3): long texts are cut to what the model reads, and what still does not fit stays in the tab.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MAX_URL_CHARS,
  TAU_MAX,
  TAU_MIN,
  checkState,
  fitUrl,
  readParam,
  readState,
  writeState,
} from '../../site/lib/url-state';
import { GALLERY_SIZE, MAX_TEXT_CHARS } from '../../src/runtime/inputs';

const open = (query: Record<string, unknown>): void => {
  const url = new URL('http://localhost:3000/overview/');
  for (const [k, v] of Object.entries(query))
    url.searchParams.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  history.replaceState(null, '', url);
};
const fig0 = (): Record<string, unknown> => JSON.parse(new URLSearchParams(location.search).get('fig0')!);

beforeEach(() => {
  sessionStorage.clear();
  history.replaceState(null, '', 'http://localhost:3000/overview/');
});
afterEach(() => sessionStorage.clear());

describe('reading hostile URL state', () => {
  it('clamps τ to the slider range and drops a τ that is not a positive number', () => {
    const tau = (v: unknown) => (open({ fig0: `{"tau":${v}}` }), readState(0)?.tau);
    expect(tau('1e-300')).toBe(TAU_MIN);
    expect(tau('1e300')).toBe(TAU_MAX);
    expect(tau('0.07')).toBe(0.07);
    expect(tau('0')).toBeUndefined();
    expect(tau('-1')).toBeUndefined();
    expect(tau('"0.07"')).toBeUndefined();
    expect(tau('null')).toBeUndefined();
    expect(tau('1e999')).toBeUndefined(); // JSON reads it as Infinity
    expect([TAU_MIN, TAU_MAX]).toEqual([0.005, 2]);
  });

  it('drops sample indices outside the gallery, fractional or of the wrong type', () => {
    for (const bad of [
      [999, 1, 2],
      [-1, 1, 2],
      [1e21, 1, 2],
      [GALLERY_SIZE, 0],
      [1.5],
      ['1'],
      [null],
      3,
      {},
    ]) {
      open({ fig0: { i: bad, t: ['a dog'] } });
      expect(readState(0), JSON.stringify(bad)).toEqual({ t: ['a dog'] });
    }
    open({ fig0: { i: [0, GALLERY_SIZE - 1] } });
    expect(readState(0)).toEqual({ i: [0, GALLERY_SIZE - 1] });
  });

  it('keeps the good fields when others are bad, and cuts texts to what the model reads', () => {
    open({ fig0: { t: ['x'.repeat(5000), 'b'], l: 1, h: -2, v: 'umap', tau: 'hot' } });
    const st = readState(0)!;
    expect(st.t!.map((t) => t.length)).toEqual([MAX_TEXT_CHARS, 1]);
    expect(st).toMatchObject({ l: 1, v: 'umap' });
    expect(st.h).toBeUndefined();
    expect(st.tau).toBeUndefined();
  });

  it('drops non-finite numbers, wrong types and over-long names', () => {
    expect(checkState('{"l":1e999,"h":1.5,"t":"a dog","v":"' + 'v'.repeat(500) + '"}')).toBeNull();
    expect(checkState('{"t":[1,2]}')).toBeNull();
    expect(checkState(JSON.stringify({ t: Array(100).fill('a') }))).toBeNull();
    expect(checkState('[1,2]')).toBeNull();
    expect(checkState('"x"')).toBeNull();
    expect(checkState('{not json')).toBeNull();
    expect(checkState(null)).toBeNull();
  });

  it("checks the training lab's fields too", () => {
    expect(checkState('{"p":"xs","lr":0.003,"b":32,"tmp":1}')).toEqual({ p: 'xs', lr: 0.003, b: 32, tmp: 1 });
    expect(checkState('{"p":"xs","lr":-1,"b":1e21,"tmp":2}')).toEqual({ p: 'xs' });
  });
});

describe('the bound on written URLs', () => {
  it('is 8,000 characters and a short state is written whole', () => {
    expect(MAX_URL_CHARS).toBe(8000);
    writeState(0, { t: ['a dog'], i: [3], tau: 0.07 });
    expect(fig0()).toEqual({ t: ['a dog'], i: [3], tau: 0.07 });
    expect(sessionStorage.length).toBe(0);
  });

  it('stores texts cut to what the model reads', () => {
    writeState(0, { t: ['y'.repeat(2500)] });
    expect((fig0().t as string[])[0]).toHaveLength(MAX_TEXT_CHARS);
  });

  it('keeps four long texts out of the URL, and a reload in the tab gets them back', () => {
    const texts = ['a', 'b', 'c', 'd'].map((c) => c.repeat(5000));
    writeState(0, { t: texts, i: [1, 2, 3, 4], tau: 0.5 });
    expect(location.href.length).toBeLessThanOrEqual(MAX_URL_CHARS);
    const inUrl = fig0();
    expect(inUrl.t).toBeUndefined();
    expect(inUrl).toMatchObject({ i: [1, 2, 3, 4], tau: 0.5 });
    expect(typeof inUrl.k).toBe('string');
    // a reload: same URL, same tab
    expect(readState(0)).toEqual({
      t: texts.map((t) => t.slice(0, MAX_TEXT_CHARS)),
      i: [1, 2, 3, 4],
      tau: 0.5,
    });
  });

  it('non-ASCII texts are bounded by their encoded length', () => {
    writeState(0, { t: ['ñ😀'.repeat(600)] });
    expect(location.href.length).toBeLessThanOrEqual(MAX_URL_CHARS);
    expect(readState(0)!.t![0]).toBe('ñ😀'.repeat(600));
  });

  it('a shared link (another tab, no stored state) opens with what the URL holds', () => {
    writeState(0, { t: ['a'.repeat(5000), 'b'.repeat(5000), 'c'.repeat(5000), 'd'.repeat(5000)], tau: 0.5 });
    sessionStorage.clear();
    expect(readState(0)).toEqual({ tau: 0.5 });
  });

  it('a stored state under another id is not used', () => {
    writeState(0, { t: ['a'.repeat(2000), 'b'.repeat(2000), 'c'.repeat(2000), 'd'.repeat(2000)] });
    open({ fig0: { k: 'other', tau: 1 } });
    expect(readState(0)).toEqual({ tau: 1 });
    expect(readParam('fig0')).toBe('{"k":"other","tau":1}');
  });

  it('writing a short state again forgets the stored one', () => {
    writeState(0, { t: ['a'.repeat(2000), 'b'.repeat(2000), 'c'.repeat(2000), 'd'.repeat(2000)] });
    expect(sessionStorage.length).toBe(1);
    writeState(0, { t: ['a dog'] });
    expect(sessionStorage.length).toBe(0);
    expect(fig0()).toEqual({ t: ['a dog'] });
  });

  it('fitUrl: whole, lean with an id, only the id, or nothing, never over the bound', () => {
    const base = 'http://127.0.0.1:4321/overview/?backend=wasm';
    const whole = fitUrl(base, 'fig0', { t: ['a'], i: [1] }, ['t'], 'id1');
    expect(whole.kept).toBe(false);
    expect(new URL(whole.href).searchParams.get('backend')).toBe('wasm');
    const lean = fitUrl(base, 'fig0', { t: ['a'.repeat(9000)], i: [1] }, ['t'], 'id1');
    expect(lean).toMatchObject({ kept: true });
    expect(JSON.parse(new URL(lean.href).searchParams.get('fig0')!)).toEqual({ i: [1], k: 'id1' });
    const crowded = `${base}&other=${'z'.repeat(MAX_URL_CHARS - base.length - 40)}`;
    const onlyId = fitUrl(crowded, 'fig0', { t: ['a'.repeat(9000)], i: Array(16).fill(1) }, ['t'], 'id1');
    expect(JSON.parse(new URL(onlyId.href).searchParams.get('fig0')!)).toEqual({ k: 'id1' });
    const full = `${base}&other=${'z'.repeat(MAX_URL_CHARS - base.length - 7)}`;
    const none = fitUrl(full, 'fig0', { t: ['a'.repeat(9000)] }, ['t'], 'id1');
    expect(new URL(none.href).searchParams.has('fig0')).toBe(false);
    for (const r of [whole, lean, onlyId, none]) expect(r.href.length).toBeLessThanOrEqual(MAX_URL_CHARS);
  });
});

describe('the τ slider', () => {
  it('spans the range the validator clamps to', async () => {
    const { temperatureSlider } = await import('../../site/components/controls/fields');
    const { figureStrings } = await import('../../site/lib/figure-strings');
    const wrap = temperatureSlider(figureStrings('en'), 0.07, 0.07, () => undefined);
    const input = wrap.querySelector('input')!;
    expect(10 ** Number(input.min)).toBeCloseTo(TAU_MIN, 10);
    expect(10 ** Number(input.max)).toBeCloseTo(TAU_MAX, 10);
  });
});
