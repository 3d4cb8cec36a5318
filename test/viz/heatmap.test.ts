// @vitest-environment happy-dom
// The heat map factory in a DOM: element counts, data joins on redraw, raster mode, labels as text,
// the data table, data-sym, and keyboard navigation announced through aria-live.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { heatmap, heatmapLayout } from '../../src/viz/heatmap';
import { fromRows, matrixOf } from '../../src/viz/matrix';
import { setPngEncoder } from '../../src/viz/raster';

let root: HTMLElement;
beforeEach(() => {
  setPngEncoder((rgba, w, h) => `data:image/png;fake,${w}x${h}x${rgba.length}`);
  root = document.createElement('div');
  document.body.appendChild(root);
});
afterEach(() => {
  root.remove();
  setPngEncoder(null);
});

const small = () => ({
  ...fromRows([
    [0.1, 0.9, 0],
    [0.5, 0.25, 0.25],
  ]),
  rowLabels: ['a·', '<b>dog</b>'],
  colLabels: ['x', 'y', 'z'],
  rowName: 'query',
  colName: 'key',
});

const key = (el: Element, k: string) =>
  el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));

describe('heatmap', () => {
  it('draws one rect per cell, labels and a data-sym on the root', () => {
    heatmap(root, small(), { title: 'Attention', sym: 'attn-probs' });
    expect(root.dataset.sym).toBe('attn-probs');
    expect(root.querySelectorAll('rect.viz-cell')).toHaveLength(6);
    expect(root.querySelectorAll('.viz-row-labels text')).toHaveLength(2);
    expect(root.querySelectorAll('.viz-col-labels text')).toHaveLength(3);
    expect(root.querySelector('svg')!.getAttribute('aria-label')).toBe('Attention, 2 × 3');
  });

  it('renders labels as text, never as markup', () => {
    heatmap(root, small(), { title: 'T' });
    const labels = [...root.querySelectorAll('.viz-row-labels text')].map((t) => t.textContent);
    expect(labels).toContain('<b>dog</b>');
    expect(root.querySelector('.viz-row-labels b')).toBeNull();
  });

  it('cuts long labels on the figure but keeps them whole in announcements and the table', () => {
    const m = { ...fromRows([[1]]), rowLabels: ['image 0: a white heart at the top left'], colLabels: ['t'] };
    heatmap(root, m, { title: 'T' });
    expect(root.querySelector('.viz-row-labels text')!.textContent).toBe('image 0: a white heart at…');
    expect(root.querySelector('tbody th')!.textContent).toBe('image 0: a white heart at the top left');
    const svg = root.querySelector('svg')!;
    svg.dispatchEvent(new FocusEvent('focus'));
    expect(root.querySelector('[aria-live]')!.textContent).toContain('a white heart at the top left');
  });

  it('updates in place when called again with another matrix (data join)', () => {
    heatmap(root, small(), { title: 'T' });
    const svg = root.querySelector('svg');
    heatmap(root, fromRows([[1, 2, 3, 4]]), { title: 'T' });
    expect(root.querySelector('svg')).toBe(svg);
    expect(root.querySelectorAll('svg')).toHaveLength(1);
    expect(root.querySelectorAll('rect.viz-cell')).toHaveLength(4);
    expect(root.querySelectorAll('details.viz-table')).toHaveLength(1);
  });

  it('lays cells out again only when the grid changes, and repaints every fill', () => {
    const geometry = () =>
      [...root.querySelectorAll('rect.viz-cell')].map((r) =>
        ['x', 'y', 'width', 'height'].map((a) => Number(r.getAttribute(a))),
      );
    const fills = () => [...root.querySelectorAll('rect.viz-cell')].map((r) => r.getAttribute('fill'));
    heatmap(root, fromRows([[0, 1]]), { title: 'T', kind: 'sequential', domain: [0, 1] });
    const first = geometry();
    heatmap(root, fromRows([[1, 0]]), { title: 'T', kind: 'sequential', domain: [0, 1] });
    expect(geometry()).toEqual(first);
    expect(fills()).toEqual(['#fde725', '#440154']);
    heatmap(root, fromRows([[0], [1], [0.5]]), { title: 'T', kind: 'sequential', domain: [0, 1] });
    const [a, b, c] = geometry();
    expect([a![0], b![0], c![0]]).toEqual([0, 0, 0]); // one column
    expect(b![1]).toBe(a![1]! + a![3]!); // rows stacked by the cell height
    expect(c![1]).toBe(b![1]! + b![3]!);
    expect(fills()).toEqual(['#440154', '#fde725', '#21918c']);
  });

  it('switches to one raster image above the cell threshold', () => {
    const big = matrixOf({ shape: [1, 77, 64], data: new Float32Array(77 * 64).map((_, i) => Math.sin(i)) });
    heatmap(root, big, { title: 'Embeddings' });
    expect(root.querySelectorAll('rect.viz-cell')).toHaveLength(0);
    const img = root.querySelector('image.viz-raster')!;
    expect(img.getAttribute('href')).toBe(`data:image/png;fake,64x77x${64 * 77 * 4}`);
  });

  it('prints values in cells only when they fit', () => {
    heatmap(root, small(), { title: 'T', width: 400 });
    expect(root.querySelectorAll('text.viz-cell-value')).toHaveLength(6);
    heatmap(root, small(), { title: 'T', width: 400, showValues: false });
    expect(root.querySelectorAll('text.viz-cell-value')).toHaveLength(0);
  });

  it('hatches masked cells and leaves their values out', () => {
    heatmap(root, small(), { title: 'T', width: 400, mask: (r, c) => c > r });
    const fills = [...root.querySelectorAll('rect.viz-cell')].map((r) => r.getAttribute('fill'));
    expect(fills.filter((f) => f?.startsWith('url(#'))).toHaveLength(3);
    expect(root.querySelectorAll('text.viz-cell-value')).toHaveLength(3);
  });

  it('offers a data table with headers, cut to the limit with a note', () => {
    heatmap(root, small(), { title: 'Small' });
    const table = root.querySelector('table')!;
    expect(table.querySelectorAll('thead th')).toHaveLength(4);
    expect(table.querySelectorAll('tbody tr')).toHaveLength(2);
    expect(table.querySelector('tbody th')!.getAttribute('scope')).toBe('row');
    heatmap(root, matrixOf({ shape: [1, 30, 30], data: new Float32Array(900) }), {
      title: 'Big',
      tableLimit: 5,
    });
    expect(root.querySelectorAll('tbody tr')).toHaveLength(5);
    expect(root.querySelector('caption')!.textContent).toContain('first 5 of 30 rows');
  });

  it('moves a focus marker with the arrow keys and announces the value', () => {
    heatmap(root, small(), { title: 'T' });
    const svg = root.querySelector('svg')!;
    const live = root.querySelector('[aria-live]')!;
    expect(svg.getAttribute('tabindex')).toBe('0');
    svg.dispatchEvent(new FocusEvent('focus'));
    expect(live.textContent).toBe('query a·, key x: 0.1');
    key(svg, 'ArrowRight');
    expect(live.textContent).toBe('query a·, key y: 0.9');
    key(svg, 'ArrowDown');
    expect(live.textContent).toBe('query <b>dog</b>, key y: 0.25');
    const marker = root.querySelector('rect.viz-focus')!;
    expect(marker.getAttribute('visibility')).toBe('visible');
    const L = heatmapLayout(small(), {});
    expect(Number(marker.getAttribute('x'))).toBeCloseTo(L.cellW);
    key(svg, 'End');
    expect(live.textContent).toBe('query <b>dog</b>, key z: 0.25');
  });

  it('announces masked cells as masked', () => {
    heatmap(root, small(), { title: 'T', mask: (r, c) => c > r });
    const svg = root.querySelector('svg')!;
    svg.dispatchEvent(new FocusEvent('focus'));
    key(svg, 'ArrowRight');
    expect(root.querySelector('[aria-live]')!.textContent).toBe('query a·, key y: masked');
  });

  it('announces the current cell again when redrawn while focused (new data arrived)', () => {
    heatmap(root, small(), { title: 'T' });
    const svg = root.querySelector('svg')!;
    svg.focus();
    key(svg, 'ArrowRight');
    heatmap(root, { ...small(), values: Float32Array.of(0, 0.5, 0, 0, 0, 0) }, { title: 'T' });
    expect(root.querySelector('[aria-live]')!.textContent).toBe('query a·, key y: 0.5');
  });

  it('binds the key handler once however often it redraws', () => {
    heatmap(root, small(), { title: 'T' });
    heatmap(root, small(), { title: 'T' });
    const svg = root.querySelector('svg')!;
    svg.dispatchEvent(new FocusEvent('focus'));
    key(svg, 'ArrowRight');
    expect(root.querySelector('[aria-live]')!.textContent).toContain('key y');
  });
});
