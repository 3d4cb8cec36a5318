// @vitest-environment happy-dom
// Issue 20, defect 8: the logits lab's batch buttons rebuild the controls, and the keyboard focus went to
// <body> each time ("Add a pair", "Remove the last pair", "Copy caption 0…"). The page script is hydrated on
// a prerendered figure with a fake model client; focus stays on the pressed button, or moves to the other
// batch button when the pressed one becomes disabled (8 pairs: no more to add; 2 pairs: none to remove).
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Outcome } from '../../src/runtime/client';

const fake = vi.hoisted(() => ({
  loaded: true,
  run: async (): Promise<Outcome> => ({ status: 'stale' }),
  onModel: () => {},
  use: () => {},
}));
vi.mock('../../src/runtime/client', () => ({ getClient: () => fake }));
vi.mock('../../site/lib/follow-model', () => ({ followModelChoice: () => {} }));

const unit = (i: number) => Array.from({ length: 4 }, (_, j) => (j === i % 4 ? 1 : 0));
const config = {
  lang: 'en',
  texts: ['a red circle', 'a blue square', 'a green star'],
  images: [0, 1, 2],
  tau: 0.07,
  learnedTau: 0.07,
  imageFeatures: [0, 1, 2].map(unit),
  textFeatures: [0, 1, 2].map(unit),
};

let fig: HTMLElement;
const button = (cls: string) => fig.querySelector<HTMLButtonElement>(`.fig-controls .${cls}`)!;
const pairs = () => fig.querySelectorAll('.lab-pair').length;
/** What a keyboard reader does: focus the button, press Enter (a click on a focused button). */
const press = (cls: string) => {
  const b = button(cls);
  b.focus();
  expect(document.activeElement).toBe(b);
  b.click();
};
const focused = () => (document.activeElement as HTMLElement | null)?.className ?? '';

beforeAll(async () => {
  document.body.innerHTML = `<figure class="fig lab" id="logits-lab-1" data-lab="logits">
    <div class="fig-controls" hidden></div><div class="fig-body"></div>
    <p class="fig-status" role="status">static</p>
    <script type="application/json" class="lab-config">${JSON.stringify(config)}</script></figure>`;
  fig = document.querySelector('figure')!;
  const { hydrateLogitsLabs } = await import('../../site/components/labs/logits-lab');
  hydrateLogitsLabs();
});

describe('the logits lab keeps the keyboard focus', () => {
  it('on "Add a pair" while pairs can be added, then on "Remove the last pair" at the maximum', () => {
    for (let n = 4; n <= 8; n++) {
      press('lab-add');
      expect(pairs()).toBe(n);
      expect(focused()).toContain(n < 8 ? 'lab-add' : 'lab-remove');
    }
    expect(button('lab-add').disabled).toBe(true);
  });

  it('on "Remove the last pair" while pairs can be removed, then on "Add a pair" at the minimum', () => {
    for (let n = 7; n >= 2; n--) {
      press('lab-remove');
      expect(pairs()).toBe(n);
      expect(focused()).toContain(n > 2 ? 'lab-remove' : 'lab-add');
    }
    expect(button('lab-remove').disabled).toBe(true);
  });

  it('on "Copy caption 0 into the last pair"', () => {
    press('lab-dup');
    expect(focused()).toContain('lab-dup');
    const captions = [...fig.querySelectorAll<HTMLInputElement>('.lab-pair input, .lab-pair textarea')];
    expect(captions.at(-1)!.value).toBe(captions[0]!.value);
  });
});
