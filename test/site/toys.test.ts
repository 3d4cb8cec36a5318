// @vitest-environment happy-dom
// The two toys' page scripts on a prerendered figure (markup as the build writes it): the attention toy's
// number inputs, scaling switch and d_h choice redraw the figure; the circle lab's Step lowers the loss it
// shows and keeps the points on the circle, and Reset brings the first state back.
import { afterEach, describe, expect, it } from 'vitest';
import { drawAttentionToy } from '../../src/viz/attention-toy';
import { CIRCLE, drawSphere } from '../../src/viz/sphere-plot';
import { hydrateAttentionToys } from '../../site/components/toys/attention-toy';
import { hydrateSpheres } from '../../site/components/toys/sphere';
import {
  DH_KEYS,
  DH_SAMPLES,
  SPHERE_LR,
  SPHERE_MAX_GAP,
  SPHERE_TAU,
  TOY_TOKENS,
  sphereStart,
} from '../../site/components/toys/toy-state';
import { sphereStrings, toyStrings } from '../../site/components/toys/toy-strings';

/** A figure as the build writes it: controls slot, body markup, status, config. */
function prerendered(toy: string, draw: (body: HTMLElement) => void, config: object): HTMLElement {
  const body = document.createElement('div');
  body.className = 'fig-body';
  draw(body);
  const fig = document.createElement('figure');
  fig.dataset.toy = toy;
  fig.innerHTML = `<div class="fig-controls" hidden></div>${body.outerHTML}<p class="fig-status"></p><script type="application/json" class="toy-config">${JSON.stringify(config)}</script>`;
  document.body.appendChild(fig);
  return fig;
}

afterEach(() => document.body.replaceChildren());

describe('the attention toy page', () => {
  const s = toyStrings('en');
  const dhOptions = [2, 16, 64].map((dh) => ({ dh, label: String(dh) }));
  const make = () =>
    prerendered(
      'attention',
      (b) =>
        drawAttentionToy(
          b,
          {
            words: s.words,
            tokens: TOY_TOKENS,
            scaled: true,
            causal: true,
            gain: 1,
            dh: 16,
            samples: DH_SAMPLES,
            keys: DH_KEYS,
          },
          s,
        ),
      { lang: 'en', dhOptions, dh: 16 },
    );

  it('builds 18 number inputs and redraws when one changes', () => {
    const fig = make();
    hydrateAttentionToys();
    const inputs = fig.querySelectorAll<HTMLInputElement>('input.toy-number');
    expect(inputs).toHaveLength(18);
    const before = fig.querySelector('.toy-part-scores')!.textContent;
    inputs[12]!.value = '-2'; // token 2, q x
    inputs[12]!.dispatchEvent(new Event('input'));
    expect(fig.querySelector('.toy-part-scores')!.textContent).not.toBe(before);
    expect(fig.querySelector('.viz-handle[data-key="q2"]')!.getAttribute('data-x')).toBe('-2');
  });

  it('switches the scaling off and changes d_h', () => {
    const fig = make();
    hydrateAttentionToys();
    const box = fig.querySelector<HTMLInputElement>('input.toy-checkbox')!;
    box.checked = false;
    box.dispatchEvent(new Event('change'));
    expect(fig.querySelector('.toy-part-logits .fig-part-heading')!.textContent).toBe(s.logits(false, 2));
    const select = fig.querySelector<HTMLSelectElement>('select')!;
    select.value = '64';
    select.dispatchEvent(new Event('change'));
    expect(fig.querySelector('.toy-part-dh .fig-part-heading')!.textContent).toBe(s.dhTitle(64));
  });
});

describe('the circle lab page', () => {
  const s = sphereStrings('en');
  const config = { lang: 'en', n: 4, tau: SPHERE_TAU, lr: SPHERE_LR, gap: 0, maxGap: SPHERE_MAX_GAP };
  const make = () =>
    prerendered(
      'sphere',
      (b) =>
        drawSphere(
          b,
          { ...sphereStart(4), gap: 0, maxGap: SPHERE_MAX_GAP, tau: SPHERE_TAU, pickImage: 0, pickText: 0 },
          s,
        ),
      config,
    );
  const loss = (fig: HTMLElement) =>
    Number(fig.querySelector<HTMLElement>('dd[data-term="loss"]')!.dataset.value);
  const buttons = (fig: HTMLElement) => [...fig.querySelectorAll<HTMLButtonElement>('.fig-controls button')];

  it('lowers the loss with Step and restores it with Reset', () => {
    const fig = make();
    hydrateSpheres();
    const start = loss(fig);
    buttons(fig)
      .find((b) => b.textContent === s.step)!
      .click();
    const one = loss(fig);
    expect(one).toBeLessThan(start);
    expect(fig.querySelector('.fig-status')!.textContent).toBe(
      s.stepped(1, start.toPrecision(4), one.toPrecision(4)),
    );
    buttons(fig)
      .find((b) => b.textContent === s.steps(10))!
      .click();
    expect(loss(fig)).toBeLessThan(one);
    for (const p of fig.querySelectorAll('.sphere-point')) {
      const [x, y] = p
        .getAttribute('transform')!
        .match(/-?[\d.]+/g)!
        .map(Number);
      expect(Math.hypot(x! - CIRCLE.size / 2, y! - CIRCLE.size / 2)).toBeCloseTo(CIRCLE.radius, 1);
    }
    buttons(fig)
      .find((b) => b.textContent === s.reset)!
      .click();
    expect(loss(fig)).toBeCloseTo(start, 12);
  });
});
