// @vitest-environment happy-dom
// The logits lab's panels in a DOM, from synthetic unit features (no model): one cell per image–text pair
// in each of the six heat maps, redraws that update in place, colour domains covering the data, arrow keys
// moving across cells with the value announced, data tables holding the same numbers as the state, and the
// readout of the loss. happy-dom lacks nothing these tests use, so nothing is stubbed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seededNormal } from '../../src/clip/init';
import { type Grid, logitsLab } from '../../src/lab/logits';
import { formatValue } from '../../src/viz/scales';
import { type LogitsLabConfig, drawLogitsLab, matrixOf } from '../../site/components/labs/logits-lab-views';
import { labStrings } from '../../site/components/labs/logits-strings';

const s = labStrings('en');
const E = 8;
const SYMS = ['cos', 'logits_per_image', 'p-row', 'p-col', 'loss-cell', 'grad-logits'];

/** N matching pairs: image i and text i share a direction, plus noise. */
function config(n: number, seed = 1, tau = 0.07): LogitsLabConfig {
  const g = seededNormal(seed);
  const unit = (i: number) => {
    const v = Array.from({ length: E }, (_, j) => (j === i % E ? 1 : 0) + 0.3 * g());
    const len = Math.hypot(...v);
    return v.map((x) => x / len);
  };
  return {
    lang: 'en',
    texts: Array.from({ length: n }, (_, i) => `caption ${i}`),
    images: Array.from({ length: n }, (_, i) => i),
    tau,
    learnedTau: 0.07,
    imageFeatures: Array.from({ length: n }, (_, i) => unit(i)),
    textFeatures: Array.from({ length: n }, (_, i) => unit(i)),
  };
}

let body: HTMLElement;
beforeEach(() => {
  body = document.createElement('div');
  body.className = 'fig-body';
  document.body.appendChild(body);
});
afterEach(() => body.remove());

const panel = (sym: string): HTMLElement => body.querySelector<HTMLElement>(`[data-sym="${sym}"]`)!;
const key = (el: Element, k: string) =>
  el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
const num = (t: string | null): number => Number(t!.replace('−', '-'));

describe('drawLogitsLab', () => {
  it('draws six heat maps of N × N cells and updates them in place (data join)', () => {
    drawLogitsLab(body, config(3), s);
    for (const sym of SYMS) expect(panel(sym).querySelectorAll('rect.viz-cell')).toHaveLength(9);
    expect(body.querySelectorAll('svg')).toHaveLength(6);
    const svg = panel('cos').querySelector('svg');
    drawLogitsLab(body, config(5, 2), s);
    drawLogitsLab(body, config(5, 2), s);
    expect(panel('cos').querySelector('svg')).toBe(svg);
    expect(body.querySelectorAll('svg')).toHaveLength(6);
    expect(body.querySelectorAll('rect.viz-cell')).toHaveLength(6 * 25);
    expect(body.querySelectorAll('details.viz-table')).toHaveLength(6);
    expect(body.querySelectorAll('dl.lab-losses')).toHaveLength(1);
    drawLogitsLab(body, config(2, 3), s);
    expect(body.querySelectorAll('rect.viz-cell')).toHaveLength(6 * 4);
  });

  it('gives each panel a colour domain that covers its data', () => {
    const c = config(4);
    const st = drawLogitsLab(body, c, s);
    const grids: Record<string, Grid> = {
      cos: st.cosine,
      logits_per_image: st.logits,
      'p-row': st.parts.rowSoftmax,
      'p-col': st.parts.colSoftmax,
      'loss-cell': st.parts.contribution,
      'grad-logits': st.parts.gradient,
    };
    for (const sym of SYMS) {
      const [lo, hi] = [...panel(sym).querySelectorAll('.viz-legend text')].map((t) => num(t.textContent));
      const values = [...grids[sym]!.values];
      // The legend prints 4 significant digits; allow that rounding.
      const slack = 1e-3 * Math.max(Math.abs(lo!), Math.abs(hi!), 1e-12);
      expect(lo!).toBeLessThanOrEqual(Math.min(...values) + slack);
      expect(hi!).toBeGreaterThanOrEqual(Math.max(...values) - slack);
    }
    // Fixed domains: cosines on [-1, 1], probabilities on [0, 1].
    expect([...panel('cos').querySelectorAll('.viz-legend text')].map((t) => num(t.textContent))).toEqual([
      -1, 1,
    ]);
    expect([...panel('p-row').querySelectorAll('.viz-legend text')].map((t) => num(t.textContent))).toEqual([
      0, 1,
    ]);
  });

  it('moves across cells with the arrow keys and announces each value', () => {
    const c = config(3);
    const st = drawLogitsLab(body, c, s);
    const svg = panel('logits_per_image').querySelector('svg')!;
    const live = panel('logits_per_image').querySelector('[aria-live]')!;
    const at = (r: number, col: number) => formatValue(st.logits.values[r * 3 + col]!);
    svg.dispatchEvent(new FocusEvent('focus'));
    expect(live.textContent).toMatch(new RegExp(`caption 0: ${at(0, 0)}$`));
    key(svg, 'ArrowRight');
    expect(live.textContent).toMatch(new RegExp(`caption 1: ${at(0, 1)}$`));
    key(svg, 'ArrowDown');
    key(svg, 'ArrowDown');
    expect(live.textContent).toMatch(new RegExp(`^image 2: .*caption 1: ${at(2, 1)}$`));
    key(svg, 'ArrowDown');
    expect(live.textContent).toMatch(new RegExp(`^image 2: .*caption 1: ${at(2, 1)}$`));
    expect(panel('logits_per_image').querySelector('rect.viz-focus')!.getAttribute('visibility')).toBe(
      'visible',
    );
  });

  it('offers data tables that hold the numbers of the state', () => {
    const c = config(3);
    const st = drawLogitsLab(body, c, s);
    const grids: [string, Grid][] = [
      ['cos', st.cosine],
      ['logits_per_image', st.logits],
      ['p-col', st.parts.colSoftmax],
      ['grad-logits', st.parts.gradient],
    ];
    for (const [sym, grid] of grids) {
      const cells = [...panel(sym).querySelectorAll('tbody td')].map((td) => td.textContent);
      expect(cells).toEqual([...grid.values].map(formatValue));
      const heads = [...panel(sym).querySelectorAll('thead th')].slice(1).map((th) => th.textContent);
      expect(heads).toEqual(matrixOf(grid, c).colLabels);
    }
  });

  it('reads out the loss terms at full precision and ln N', () => {
    const c = config(4, 5, 0.5);
    const st = drawLogitsLab(body, c, s);
    const ref = logitsLab(c.imageFeatures, c.textFeatures, 0.5);
    const value = (term: string) =>
      Number(body.querySelector<HTMLElement>(`dd[data-term="${term}"]`)!.dataset.value);
    expect(value('loss')).toBe(ref.parts.loss);
    expect(value('loss-image')).toBe(ref.parts.lossImage);
    expect(value('loss-text')).toBe(ref.parts.lossText);
    expect(value('ln-n')).toBeCloseTo(Math.log(4), 12);
    expect(value('grad-logit-scale')).toBe(st.gradLogitScale);
    expect(Number(body.querySelector<HTMLElement>('.lab-tau')!.dataset.tau)).toBeCloseTo(0.5, 12);
    expect(body.querySelectorAll('dl.lab-losses dt')).toHaveLength(5);
  });

  it('notes false negatives once per pair of equal captions and shows the gradient term chosen', () => {
    const c = config(3);
    drawLogitsLab(body, c, s);
    expect(body.querySelectorAll('.lab-notes li')).toHaveLength(0);
    const dup = { ...c, texts: ['same', 'other', 'same'], grad: 'image' as const };
    const st = drawLogitsLab(body, dup, s);
    const notes = [...body.querySelectorAll('.lab-notes li')].map((li) => li.textContent);
    expect(notes).toEqual([s.falseNegative(0, 2)]);
    // The heat map title follows the term (part() writes the heading above it only once).
    expect(panel('grad-logits').querySelector('svg')!.getAttribute('aria-label')).toBe(
      `${s.gradient(s.gradImage)}, 3 × 3`,
    );
    const cells = [...panel('grad-logits').querySelectorAll('tbody td')].map((td) => td.textContent);
    expect(cells).toEqual([...st.parts.gradImage.values].map(formatValue));
  });
});
