// @vitest-environment happy-dom
// The zero-shot playground's controls in a DOM: the label editor (rename, remove, add, defaults), the
// template boxes, and the typographic attack (its URL reading, its controls, and the word drawn on the
// canvas). happy-dom has no 2-D canvas context: a recording fake stands in (see fakeContext).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  MAX_WORD_CHARS,
  NO_ATTACK,
  type Attack,
  attackControls,
  attackFrom,
  drawAttacked,
  rgbToPixels,
} from '../../site/components/labs/typographic';
import { labelEditor, templateBoxes } from '../../site/components/labs/zero-shot-controls';
import { zeroShotStrings } from '../../site/components/labs/zero-shot-strings';
import { TEMPLATES } from '../../src/lab/zero-shot';

const s = zeroShotStrings('en');
let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.appendChild(root);
});
afterEach(() => {
  root.remove();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const inputs = () => [...root.querySelectorAll<HTMLInputElement>('input.zs-label-input')];
const type = (input: HTMLInputElement, value: string) => {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
};

describe('labelEditor', () => {
  const make = (initial: string[], changes: string[][]) => {
    root.append(labelEditor(s, initial, ['red circle', 'blue square'], (l) => void changes.push(l)));
  };

  it('shows one named field and remove button per label', () => {
    make(['red circle', 'green star', ''], []);
    expect(inputs().map((i) => i.value)).toEqual(['red circle', 'green star', '']);
    expect(inputs().map((i) => i.getAttribute('aria-label'))).toEqual(['Label 1', 'Label 2', 'Label 3']);
    const removes = [...root.querySelectorAll('button.zs-remove')].map((b) => b.getAttribute('aria-label'));
    expect(removes).toEqual(['Remove label red circle', 'Remove label green star', 'Remove label (empty)']);
  });

  it('reports a rename once typing pauses', () => {
    vi.useFakeTimers();
    const changes: string[][] = [];
    make(['red circle', 'green star'], changes);
    type(inputs()[1]!, 'green s');
    type(inputs()[1]!, 'green square');
    vi.advanceTimersByTime(249);
    expect(changes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(changes).toEqual([['red circle', 'green square']]);
  });

  it('removes a label, moving focus to the next field', () => {
    const changes: string[][] = [];
    make(['a', 'b', 'c'], changes);
    root.querySelectorAll<HTMLButtonElement>('button.zs-remove')[1]!.click();
    expect(changes).toEqual([['a', 'c']]);
    expect(inputs().map((i) => i.value)).toEqual(['a', 'c']);
    expect(document.activeElement).toBe(inputs()[1]);
    expect(inputs()[1]!.getAttribute('aria-label')).toBe('Label 2');
  });

  it('adds the first world label not listed yet (ignoring case), and goes back to the defaults', () => {
    const changes: string[][] = [];
    make(['Red Circle'], changes);
    root.querySelector<HTMLButtonElement>('button.zs-add')!.click();
    expect(changes[0]![0]).toBe('Red Circle');
    expect(changes[0]).toHaveLength(2);
    expect(changes[0]![1]).not.toBe('red circle');
    expect(changes[0]![1]).toMatch(/^red /); // the world's labels are colour-major
    expect(document.activeElement).toBe(inputs()[1]);
    root.querySelector<HTMLButtonElement>('button.zs-reset-labels')!.click();
    expect(changes[1]).toEqual(['red circle', 'blue square']);
    expect(inputs().map((i) => i.value)).toEqual(['red circle', 'blue square']);
  });
});

describe('templateBoxes', () => {
  it('makes a box per template, ticked as given, and reports the ticked indices', () => {
    const changes: number[][] = [];
    root.append(templateBoxes([0, 2], (t) => void changes.push(t)));
    const boxes = [...root.querySelectorAll<HTMLInputElement>('input.zs-template-box')];
    expect(boxes).toHaveLength(TEMPLATES.length);
    expect([...root.querySelectorAll('code')].map((c) => c.textContent)).toEqual([...TEMPLATES]);
    expect(boxes.flatMap((b, i) => (b.checked ? [i] : []))).toEqual([0, 2]);
    boxes[3]!.click();
    boxes[0]!.click();
    expect(changes).toEqual([
      [0, 2, 3],
      [2, 3],
    ]);
  });
});

describe('attackFrom', () => {
  it('gives no attack when nothing was shared', () => {
    expect(attackFrom(undefined)).toEqual(NO_ATTACK);
    expect(attackFrom({})).toEqual(NO_ATTACK);
  });

  it('clamps numbers, cuts the word and rejects unknown colours', () => {
    const a = attackFrom({ word: 'x'.repeat(40), x: -5, y: 140, size: 1, colour: 'pink' });
    expect(a).toEqual({ word: 'x'.repeat(MAX_WORD_CHARS), x: 0, y: 100, size: 5, colour: 'white' });
    expect(attackFrom({ size: 99, colour: 'red' })).toMatchObject({ size: 60, colour: 'red' });
    expect(attackFrom({ x: '30', y: Number.NaN, word: 7 })).toEqual(NO_ATTACK);
  });
});

/** A 2-D context that records what is drawn: happy-dom's canvas has none. */
function fakeContext() {
  const log: string[] = [];
  let image: ImageData | null = null;
  const ctx = {
    font: '',
    textAlign: '',
    textBaseline: '',
    fillStyle: '',
    putImageData: (d: ImageData) => void (image = d),
    getImageData: () => image!,
    fillText(text: string, x: number, y: number) {
      log.push(
        `${text} at ${x},${y} in ${this.font} ${this.fillStyle} ${this.textAlign}/${this.textBaseline}`,
      );
    },
  };
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(ctx as never);
  return log;
}

describe('rgbToPixels and drawAttacked', () => {
  const rgb = Uint8Array.from({ length: 2 * 2 * 3 }, (_, i) => i * 10);

  it('turns RGB into opaque RGBA', () => {
    const p = rgbToPixels(rgb, 2, 'g0');
    expect([...p.data]).toEqual([0, 10, 20, 255, 30, 40, 50, 255, 60, 70, 80, 255, 90, 100, 110, 255]);
    expect([p.width, p.height, p.name]).toEqual([2, 2, 'g0']);
  });

  it('draws the base alone when there is no word', () => {
    const log = fakeContext();
    const canvas = document.createElement('canvas');
    const out = drawAttacked(canvas, rgbToPixels(rgb, 2, 'g0'), NO_ATTACK);
    expect(log).toEqual([]);
    expect([canvas.width, canvas.height]).toEqual([2, 2]);
    expect([...out.data]).toEqual([...rgbToPixels(rgb, 2, 'g0').data]);
  });

  it('writes the word centred where asked, sized in % of the height, in the colour asked', () => {
    const log = fakeContext();
    const canvas = document.createElement('canvas');
    const base = { width: 200, height: 100, data: new Uint8ClampedArray(200 * 100 * 4), name: 'own' };
    const attack: Attack = { word: '  iPod ', x: 25, y: 50, size: 30, colour: 'red' };
    const out = drawAttacked(canvas, base, attack);
    expect(log).toEqual(['iPod at 50,50 in bold 30px system-ui, sans-serif rgb(220, 30, 30) center/middle']);
    expect([canvas.width, canvas.height, out.width, out.name]).toEqual([200, 100, 200, 'own']);
  });

  it('says so when the page has no 2-D canvas', () => {
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    expect(() => drawAttacked(document.createElement('canvas'), rgbToPixels(rgb, 2, 'x'), NO_ATTACK)).toThrow(
      'no 2d canvas',
    );
  });
});

describe('attackControls', () => {
  const make = (changes: Attack[], initial: Attack = { ...NO_ATTACK, word: 'dog' }) => {
    root.append(attackControls(s, initial, (a) => void changes.push(a)));
  };

  it('shows labelled controls holding the initial attack', () => {
    make([]);
    expect(root.querySelector('legend')!.textContent).toBe(s.attackHeading);
    expect(root.querySelector<HTMLInputElement>('input.zs-word')!.value).toBe('dog');
    const select = root.querySelector<HTMLSelectElement>('select.zs-colour')!;
    expect(select.options).toHaveLength(8);
    expect(select.value).toBe('white');
    const ranges = [...root.querySelectorAll<HTMLInputElement>('input[type=range]')];
    expect(ranges.map((r) => [r.value, r.min, r.max])).toEqual([
      ['50', '0', '100'],
      ['80', '0', '100'],
      ['22', '5', '60'],
    ]);
    for (const control of [...ranges, select]) {
      const label = root.querySelector(`label[for="${control.id}"]`);
      expect(label?.textContent).toBeTruthy();
    }
  });

  it('reports the whole attack after each edit, the word after a pause', () => {
    vi.useFakeTimers();
    const changes: Attack[] = [];
    make(changes);
    const select = root.querySelector<HTMLSelectElement>('select.zs-colour')!;
    select.value = 'blue';
    select.dispatchEvent(new Event('change'));
    const across = root.querySelector<HTMLInputElement>('input[type=range]')!;
    across.value = '10';
    across.dispatchEvent(new Event('input'));
    expect(changes).toEqual([
      { ...NO_ATTACK, word: 'dog', colour: 'blue' },
      { ...NO_ATTACK, word: 'dog', colour: 'blue', x: 10 },
    ]);
    const word = root.querySelector<HTMLInputElement>('input.zs-word')!;
    word.value = 'cat';
    word.dispatchEvent(new Event('input'));
    expect(changes).toHaveLength(2);
    vi.advanceTimersByTime(150);
    expect(changes.at(-1)).toEqual({ ...NO_ATTACK, word: 'cat', colour: 'blue', x: 10 });
    root.querySelector<HTMLButtonElement>('button.zs-clear-word')!.click();
    expect(word.value).toBe('');
    expect(changes.at(-1)!.word).toBe('');
  });
});
