// @vitest-environment happy-dom
// The attention toy in a DOM: one arrow per q, k, v and output, a handle per editable tip, three 3 × 3 heat
// maps with the causal cells hatched, rows whose readout matches the math, arrow keys that move a tip (and
// Shift five times as far), redraws that keep the focused handle, and the d_h panel's measured variance.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attentionToy } from '../../src/lab/attention-toy';
import { type AttentionToyView, type ToyVector, drawAttentionToy } from '../../src/viz/attention-toy';
import { KEY_STEP } from '../../src/viz/vector-plane';
import { TOY_TOKENS } from '../../site/components/toys/toy-state';
import { toyStrings } from '../../site/components/toys/toy-strings';

const s = toyStrings('en');
const view = (over: Partial<AttentionToyView> = {}): AttentionToyView => ({
  words: s.words,
  tokens: TOY_TOKENS.map((t) => ({ q: [...t.q], k: [...t.k], v: [...t.v] })),
  scaled: true,
  causal: true,
  gain: 1,
  dh: 16,
  samples: 500,
  keys: 8,
  ...over,
});

let body: HTMLElement;
beforeEach(() => {
  body = document.createElement('div');
  document.body.appendChild(body);
});
afterEach(() => body.remove());

const key = (el: Element, k: string, shiftKey = false) =>
  el.dispatchEvent(new KeyboardEvent('keydown', { key: k, shiftKey, bubbles: true, cancelable: true }));

describe('drawAttentionToy', () => {
  it('draws q and k on one plane, v and the outputs on the other, and three 3 × 3 heat maps', () => {
    drawAttentionToy(body, view(), s);
    expect(body.querySelectorAll('.toy-part-qk .viz-arrow')).toHaveLength(6);
    expect(body.querySelectorAll('.toy-part-v .viz-arrow')).toHaveLength(6);
    expect(body.querySelectorAll('.viz-handle')).toHaveLength(9);
    for (const p of ['scores', 'logits', 'probs'])
      expect(body.querySelectorAll(`.toy-part-${p} rect.viz-cell`)).toHaveLength(9);
    // Static paint: the handles are not focusable until the page makes them interactive.
    expect(body.querySelector('.viz-handle')!.getAttribute('tabindex')).toBeNull();
    expect(
      body.querySelectorAll('.toy-part-probs .viz-hatch, .toy-part-probs [class*="mask"]').length,
    ).toBeGreaterThan(0);
  });

  it('prints each row’s largest weight and entropy from the same math, and the outputs it draws', () => {
    const v = view({ causal: false, gain: 2 });
    const r = drawAttentionToy(body, v, s);
    const expected = attentionToy(v.tokens, { scaled: true, causal: false, gain: 2 });
    const rows = [...body.querySelectorAll<HTMLElement>('.toy-rows li')];
    expect(rows).toHaveLength(3);
    rows.forEach((li, i) => {
      expect(Number(li.dataset.maxProb)).toBeCloseTo(expected.maxProb[i]!, 12);
      expect(Number(li.dataset.entropy)).toBeCloseTo(expected.entropy[i]!, 12);
    });
    expect(r.outputs).toEqual(expected.outputs);
    expect(body.querySelector('.toy-part-logits .fig-part-heading')!.textContent).toContain('√2');
    drawAttentionToy(body, view({ scaled: false }), s);
    expect(body.querySelector('.toy-part-logits .fig-part-heading')!.textContent).not.toContain('√');
  });

  it('moves a tip with the arrow keys and keeps the same handle through a redraw', () => {
    const v = view();
    const moves: [number, ToyVector, [number, number]][] = [];
    const onMove = (i: number, vec: ToyVector, xy: [number, number]) => {
      moves.push([i, vec, xy]);
      (v.tokens[i]![vec] as number[]).splice(0, 2, ...xy);
      drawAttentionToy(body, v, s, onMove);
    };
    drawAttentionToy(body, v, s, onMove);
    const h = body.querySelector<SVGElement>('.viz-handle[data-key="k1"]')!;
    expect(h.getAttribute('tabindex')).toBe('0');
    expect(h.getAttribute('aria-label')).toContain('key of “red”');
    const [x, y] = TOY_TOKENS[1]!.k;
    key(h, 'ArrowUp');
    expect(moves[0]).toEqual([1, 'k', [x, expect.closeTo(y! + KEY_STEP, 9)]]);
    key(h, 'ArrowLeft', true);
    expect(moves[1]![2][0]).toBeCloseTo(x! - 5 * KEY_STEP, 9);
    expect(body.querySelector('.viz-handle[data-key="k1"]')).toBe(h);
    expect(Number(h.getAttribute('data-x'))).toBeCloseTo(x! - 5 * KEY_STEP, 9);
  });

  it('measures var(q·k) of random vectors near d_h, and 1 after the scaling', () => {
    drawAttentionToy(body, view({ dh: 64, samples: 2000 }), s);
    const note = body.querySelector<HTMLElement>('.toy-dh-variance')!;
    expect(Number(note.dataset.variance) / 64).toBeGreaterThan(0.85);
    expect(Number(note.dataset.variance) / 64).toBeLessThan(1.15);
    expect(Number(note.dataset.scaledVariance)).toBeCloseTo(Number(note.dataset.variance) / 64, 9);
    expect(body.querySelectorAll('.toy-dh-row')).toHaveLength(2);
    expect(body.querySelectorAll('.toy-dh-row .viz-bar')).toHaveLength(16);
  });

  it('hydrates a prerendered copy (no bound data) and redraws it in place', () => {
    drawAttentionToy(body, view(), s);
    const copy = document.createElement('div');
    copy.innerHTML = body.innerHTML; // what the page gets from the build: markup only
    document.body.appendChild(copy);
    const h = copy.querySelector('.viz-handle[data-key="v2"]');
    drawAttentionToy(copy, view({ gain: 3 }), s, () => {});
    expect(copy.querySelector('.viz-handle[data-key="v2"]')).toBe(h);
    expect(copy.querySelectorAll('.viz-arrow')).toHaveLength(12);
    expect(h!.getAttribute('tabindex')).toBe('0');
    copy.remove();
  });
});
