// @vitest-environment happy-dom
// Token strip, BPE steps, patch grid and bars: counts, text-only rendering, keyboard and notes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bars } from '../../src/viz/bars';
import { patchGrid } from '../../src/viz/patches';
import { setPngEncoder } from '../../src/viz/raster';
import { displayToken, mergeSteps, tokenCells, tokenStrip } from '../../src/viz/tokens';

let root: HTMLElement;
beforeEach(() => {
  setPngEncoder(() => 'data:image/png;fake');
  root = document.createElement('div');
  document.body.appendChild(root);
});
afterEach(() => {
  root.remove();
  setPngEncoder(null);
});

describe('tokenStrip', () => {
  const cells = tokenCells(
    [49406, 320, 49407],
    ['<|startoftext|>', '<img src=x>', '<|endoftext|>'],
    49406,
    49407,
  );

  it('draws SOT, tokens, EOT and one padding summary', () => {
    tokenStrip(root, { tokens: cells, contextLength: 77 });
    const items = root.querySelectorAll('li.viz-token');
    expect(items).toHaveLength(4);
    expect(items[0]!.classList.contains('viz-token-sot')).toBe(true);
    expect(items[2]!.classList.contains('viz-token-eot')).toBe(true);
    expect(items[3]!.textContent).toContain('0 × 74');
    expect(root.dataset.sym).toBe('text-tokens');
  });

  it('renders token strings as text, never as markup', () => {
    tokenStrip(root, { tokens: cells, contextLength: 77 });
    expect(root.querySelector('img')).toBeNull();
    expect(root.textContent).toContain('<img src=x>');
  });

  it('says when the text was truncated', () => {
    tokenStrip(root, { tokens: cells, contextLength: 3, truncated: true });
    expect(root.querySelectorAll('li.viz-token')).toHaveLength(3);
    expect(root.querySelector('.viz-token-note')!.textContent).toContain('too long');
  });

  it('shows word ends and control characters visibly', () => {
    expect(displayToken('dog</w>')).toBe('dog·');
    expect(displayToken('\u0001')).toBe('U+0001');
  });
});

describe('mergeSteps', () => {
  it('lists the symbols before merging and after each merge', () => {
    mergeSteps(root, [
      {
        text: 'dog',
        initial: ['d', 'o', 'g</w>'],
        merges: [
          { pair: ['o', 'g</w>'], parts: ['d', 'og</w>'] },
          { pair: ['d', 'og</w>'], parts: ['dog</w>'] },
        ],
        ids: [1929],
      },
    ]);
    const steps = root.querySelectorAll('.viz-merge-steps > li');
    expect(steps).toHaveLength(3);
    expect(steps[0]!.querySelectorAll('.viz-symbol')).toHaveLength(3);
    expect(steps[2]!.querySelectorAll('.viz-symbol')).toHaveLength(1);
    expect(root.querySelector('.viz-merge-ids')!.textContent).toBe('ids 1929');
  });
});

describe('patchGrid', () => {
  it('draws the image, grid lines and one label per patch, and announces the token of a patch', () => {
    const rgb = new Uint8Array(48 * 48 * 3);
    let focused = -1;
    patchGrid(root, { rgb, size: 48, patch: 8 }, { title: 'Patches', onFocusPatch: (i) => (focused = i) });
    expect(root.querySelectorAll('.viz-grid-lines path')).toHaveLength(5);
    expect(root.querySelectorAll('.viz-patch-labels text')).toHaveLength(36);
    const svg = root.querySelector('svg')!;
    svg.dispatchEvent(new FocusEvent('focus'));
    svg.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown' }));
    expect(focused).toBe(6);
    expect(root.querySelector('[aria-live]')!.textContent).toContain('token 7');
  });
});

describe('bars', () => {
  it('draws one bar per value, marks the largest and labels as text', () => {
    bars(root, ['a cat', '<script>x</script>'], [0.25, 0.75], { title: 'Probabilities' });
    expect(root.querySelectorAll('g.viz-bar')).toHaveLength(2);
    expect(root.querySelectorAll('g.viz-bar-best')).toHaveLength(1);
    expect(root.querySelector('script')).toBeNull();
    expect(root.querySelector('g.viz-bar-best .viz-bar-value')!.textContent).toBe('75.0%');
    bars(root, ['a', 'b', 'c'], [0.2, 0.3, 0.5], { title: 'P' });
    expect(root.querySelectorAll('g.viz-bar')).toHaveLength(3);
  });

  it('cuts a label longer than its margin with an ellipsis and keeps it whole in the name', () => {
    const long = 'Entropía cruzada sobre las columnas (textos) de todo el lote';
    bars(root, ['short', long], [0.5, 0.5], { title: 'Loss', width: 480 });
    const [first, second] = [...root.querySelectorAll('.viz-bar-label')].map((t) => t.textContent!);
    expect(first).toBe('short');
    expect(second!.endsWith('…')).toBe(true);
    expect(long.startsWith(second!.slice(0, -1))).toBe(true);
    expect(root.querySelector('svg')!.getAttribute('aria-label')).toContain(long);
  });
});
