// @vitest-environment happy-dom
// A figure's parts are created once and redrawn in place; a part's heading follows the latest call, so a
// panel whose subject changes (the logits lab's gradient of one term or both) is not left with an old title.
import { describe, expect, it } from 'vitest';
import { part } from '../../src/viz/dom';

describe('part', () => {
  it('creates a part once, in call order, and keeps its heading current', () => {
    const body = document.createElement('div');
    const first = part(body, 'grad-logits', 'Gradient of both terms');
    part(body, 'other', 'Other');
    const again = part(body, 'grad-logits', 'Gradient of the image → text term');
    expect(again).toBe(first);
    expect(body.querySelectorAll('.fig-part')).toHaveLength(2);
    expect(body.querySelector('.fig-part')!.classList.contains('fig-part-grad-logits')).toBe(true);
    const headings = [...body.querySelectorAll('.fig-part-heading')].map((h) => h.textContent);
    expect(headings).toEqual(['Gradient of the image → text term', 'Other']);
  });

  it('leaves the heading alone when none is given', () => {
    const body = document.createElement('div');
    part(body, 'x', 'Kept');
    part(body, 'x');
    expect(body.querySelector('.fig-part-heading')!.textContent).toBe('Kept');
  });
});
