// @vitest-environment happy-dom
// The tensor figure's padding rows (issue 18.3): the lessons ask the reader to look at the rows after EOT,
// so the figure carries a toggle that shows every position of the window, named with the window's own
// length in both languages, kept in place across redraws (focus stays on it), and absent without padding.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { drawTensor } from '../../site/components/figures/draw';
import { figureStrings } from '../../site/lib/figure-strings';
import type { Run } from '../../site/components/figures/views';
import { setPngEncoder } from '../../src/viz/raster';
import { setVizLang } from '../../src/viz/strings';

let body: HTMLElement;
beforeEach(() => {
  setPngEncoder((rgba, w, h) => `data:image/png;fake,${w}x${h}`);
  body = document.createElement('div');
  document.body.appendChild(body);
});
afterEach(() => {
  body.remove();
  setPngEncoder(null);
  setVizLang('en');
});

const seq = (n: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i));
const textRun = (window = 77, dims = 4): Run => ({
  trace: {
    'token_embedding.out': { shape: [1, window, dims], data: seq(window * dims) },
    'transformer.resblocks.0.attn.probs': { shape: [1, 1, window, window], data: seq(window * window) },
  },
  texts: [
    {
      text: 'a dog',
      ids: [49406, 320, 1929, 49407],
      tokens: ['<|startoftext|>', 'a</w>', 'dog</w>', '<|endoftext|>'],
      fullCount: 4,
      truncated: false,
    },
  ],
  images: [],
  notes: [],
});

const toggle = () => body.querySelector<HTMLButtonElement>('button.fig-reveal')!;
const rowsShown = () =>
  Number(
    body
      .querySelector('.viz-svg')!
      .getAttribute('aria-label')!
      .match(/, (\d+) ×/)![1],
  );

describe('the tensor figure reveals the padding rows', () => {
  const s = figureStrings('en');

  it('paints the text rows first, with a toggle named by the window length', () => {
    const shown = drawTensor(body, textRun(), 'token_embedding.out', 0, s);
    expect(shown.matrix.rows).toBe(4);
    expect(rowsShown()).toBe(4);
    expect(toggle().textContent).toBe('Show all 77 positions');
    expect(toggle().type).toBe('button');
    expect(toggle().getAttribute('aria-pressed')).toBe('false');
    expect(toggle().parentElement!.hidden).toBe(false);
    expect(shown.note).toMatch(/0–3 of 77/);
  });

  it('shows every position, padding after EOT included, and says so', () => {
    drawTensor(body, textRun(), 'token_embedding.out', 0, s);
    const button = toggle();
    const shown = drawTensor(body, textRun(), 'token_embedding.out', 0, s, true);
    expect(shown.matrix.rows).toBe(77);
    expect(rowsShown()).toBe(77);
    expect(body.querySelectorAll('rect.viz-cell')).toHaveLength(77 * 4);
    expect(shown.matrix.rowLabels!.slice(0, 5)).toEqual(['SOT', 'a·', 'dog·', 'EOT', 'padding 4']);
    expect(shown.matrix.rowLabels!.at(-1)).toBe('padding 76');
    expect(shown.note).toMatch(/all 77 positions shown: 0–3 .* 4–76 are padding/);
    expect(toggle()).toBe(button); // redrawn in place: the keyboard focus stays on it
    expect(button.getAttribute('aria-pressed')).toBe('true');
    expect(body.querySelectorAll('button.fig-reveal')).toHaveLength(1);
  });

  it('goes back to the text rows', () => {
    drawTensor(body, textRun(), 'token_embedding.out', 0, s, true);
    const shown = drawTensor(body, textRun(), 'token_embedding.out', 0, s, false);
    expect(shown.matrix.rows).toBe(4);
    expect(toggle().getAttribute('aria-pressed')).toBe('false');
  });

  it('shows the whole causal triangle of an attention stage', () => {
    const shown = drawTensor(body, textRun(), 'transformer.resblocks.0.attn.probs', 0, s, true);
    expect([shown.matrix.rows, shown.matrix.cols]).toEqual([77, 77]);
  });

  it('takes its numbers from the data and speaks Spanish on Spanish pages', () => {
    setVizLang('es');
    const shown = drawTensor(body, textRun(20), 'token_embedding.out', 0, figureStrings('es'), true);
    expect(toggle().textContent).toBe('Mostrar las 20 posiciones');
    expect(shown.matrix.rows).toBe(20);
    expect(shown.matrix.rowLabels!.at(-1)).toBe('relleno 19');
    expect(shown.note).toBe(
      'se ven las 20 posiciones: de la 0 a la 3, el texto hasta EOT; de la 4 a la 19, relleno',
    );
  });

  it('hides the toggle when the text fills the window', () => {
    drawTensor(body, textRun(4), 'token_embedding.out', 0, s);
    expect(toggle().parentElement!.hidden).toBe(true);
  });
});
