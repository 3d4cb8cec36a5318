// @vitest-environment happy-dom
// The circle lab in a DOM: 2N points on the circle, one step arrow per point and N pull/push arrows for the
// picked image, the pair's angle and cosine, the N × N logits and the row's bars from the same math, arrow
// keys turning a point along the circle, and the loss curve over the gap with the current gap marked.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { logitsLab } from '../../src/lab/logits';
import { withGap } from '../../src/lab/sphere';
import { type PointKind, type SphereView, TURN, drawSphere } from '../../src/viz/sphere-plot';
import { sphereStart } from '../../site/components/toys/toy-state';
import { sphereStrings } from '../../site/components/toys/toy-strings';

const s = sphereStrings('en');
const view = (n = 4, over: Partial<SphereView> = {}): SphereView => ({
  ...sphereStart(n),
  gap: 0,
  maxGap: 2,
  tau: 0.1,
  pickImage: 1,
  pickText: 2,
  ...over,
});

let body: HTMLElement;
beforeEach(() => {
  body = document.createElement('div');
  document.body.appendChild(body);
});
afterEach(() => body.remove());

describe('drawSphere', () => {
  it('draws 2N points, a step arrow for each and the picked image’s N pull and push arrows', () => {
    drawSphere(body, view(4), s);
    expect(body.querySelectorAll('.sphere-point')).toHaveLength(8);
    expect(body.querySelectorAll('.sphere-step')).toHaveLength(8);
    expect(body.querySelectorAll('.sphere-pull')).toHaveLength(1);
    expect(body.querySelectorAll('.sphere-push')).toHaveLength(3);
    expect(body.querySelectorAll('.toy-part-logits rect.viz-cell')).toHaveLength(16);
    expect(body.querySelectorAll('.toy-part-row .viz-bar')).toHaveLength(4);
    drawSphere(body, view(3), s);
    expect(body.querySelectorAll('.sphere-point')).toHaveLength(6);
    expect(body.querySelectorAll('svg')).toHaveLength(4);
  });

  it('reports the loss and the picked pair’s angle and cosine from the same math', () => {
    const v = view(4, { gap: 0.7 });
    const st = drawSphere(body, v, s);
    const { images, texts } = withGap(v.imageAngles, v.textAngles, v.gap);
    const expected = logitsLab(images, texts, v.tau);
    expect(st.parts.loss).toBeCloseTo(expected.parts.loss, 12);
    const dd = body.querySelector<HTMLElement>('dd[data-term="loss"]')!;
    expect(Number(dd.dataset.value)).toBeCloseTo(expected.parts.loss, 12);
    const cos = images[1]![0]! * texts[2]![0]! + images[1]![1]! * texts[2]![1]!;
    expect(body.querySelector('.sphere-pair')!.textContent).toContain(`cosine ${Number(cos.toPrecision(4))}`);
    expect(Number(body.querySelector('.sphere-gap-now')!.getAttribute('cx'))).toBeGreaterThan(
      Number(body.querySelector('.sphere-gap-x0')!.getAttribute('x')),
    );
  });

  it('turns a focused point along the circle with the arrow keys', () => {
    const got: [PointKind, number, number][] = [];
    drawSphere(body, view(4), s, (kind, k, angle) => got.push([kind, k, angle]));
    const p = body.querySelector<SVGElement>('.sphere-point[data-kind="text"][data-k="2"]')!;
    expect(p.getAttribute('tabindex')).toBe('0');
    const a = Number(p.getAttribute('data-angle'));
    p.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    p.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', shiftKey: true, bubbles: true }));
    expect(got[0]).toEqual(['text', 2, expect.closeTo(a + (TURN * Math.PI) / 180, 12)]);
    expect(got[1]![2]).toBeCloseTo(a - (5 * TURN * Math.PI) / 180, 12);
  });

  it('hydrates a prerendered copy (no bound data) and redraws it in place', () => {
    drawSphere(body, view(4), s);
    const copy = document.createElement('div');
    copy.innerHTML = body.innerHTML; // what the page gets from the build: markup only
    document.body.appendChild(copy);
    const p = copy.querySelector('.sphere-point[data-kind="image"][data-k="3"]');
    drawSphere(copy, view(4, { gap: 1 }), s, () => {});
    expect(copy.querySelector('.sphere-point[data-kind="image"][data-k="3"]')).toBe(p);
    expect(copy.querySelectorAll('.sphere-point')).toHaveLength(8);
    copy.remove();
  });
});
