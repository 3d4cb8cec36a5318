// @vitest-environment happy-dom
// The attention explorer's other parts in a DOM (src/viz/explorer-parts.ts): the deletion
// curves (axes that cover the data, one line and marker set per curve, the table), the head switches, the
// token strip, and the row-and-column highlight over the heat map (by focus and by pointer).
// happy-dom lays nothing out: getBoundingClientRect is stubbed where the pointer position matters.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  crossHighlight,
  deletionChart,
  headSwitches,
  hoverCross,
  tokenStrip,
} from '../../src/viz/explorer-parts';
import { heatmap, heatmapLayout } from '../../src/viz/heatmap';
import { fromRows, type Matrix } from '../../src/viz/matrix';

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.appendChild(root);
});
afterEach(() => {
  root.remove();
  vi.restoreAllMocks();
});

describe('deletionChart', () => {
  const counts = [0, 4, 8, 12];
  const curves = [
    { key: 'attention', label: 'attention', values: [0.3, 0.25, 0.2, 0.1] },
    { key: 'rollout', label: 'rollout', values: [0.3, 0.28, 0.15, 0.12] },
    { key: 'relevance', label: 'relevance', values: [0.3, 0.2, 0.05, 0.02] },
  ];
  const labels = { title: 'Deletion', xLabel: 'patches deleted', yLabel: 'cosine' };

  it('draws a line, a marker per count and a legend entry per curve', () => {
    deletionChart(root, counts, curves, labels);
    expect(root.querySelectorAll('g.ax-curve')).toHaveLength(3);
    expect(root.querySelectorAll('g.ax-curve path.ax-line')).toHaveLength(3);
    for (const c of curves) {
      expect(root.querySelectorAll(`.ax-series g.ax-curve-${c.key} path.ax-marker`)).toHaveLength(4);
    }
    expect([...root.querySelectorAll('g.ax-key text')].map((t) => t.textContent)).toEqual([
      'attention',
      'rollout',
      'relevance',
    ]);
    const dashes = [...root.querySelectorAll('g.ax-curve path.ax-line')].map((p) =>
      p.getAttribute('stroke-dasharray'),
    );
    expect(new Set(dashes).size).toBe(3); // told apart without colour
  });

  it('has axes that cover the data', () => {
    deletionChart(root, counts, curves, labels);
    const x = [...root.querySelectorAll('text.ax-xtick')].map((t) => Number(t.textContent));
    expect(x[0]).toBe(0);
    expect(x.at(-1)).toBe(12);
    const y = [...root.querySelectorAll('text.ax-ytick')].map((t) => Number(t.textContent));
    expect(Math.min(...y)).toBeLessThanOrEqual(0.02);
    expect(Math.max(...y)).toBeGreaterThanOrEqual(0.3);
    // Higher similarity is drawn higher up (smaller y) at the first count than at the last.
    const markers = [...root.querySelectorAll('.ax-series g.ax-curve-relevance path.ax-marker')].map((p) =>
      Number(/,([\d.]+)\)/.exec(p.getAttribute('transform')!)![1]),
    );
    expect(markers[0]).toBeLessThan(markers[3]!);
  });

  it('returns and shows a table with every value, and says them in the label', () => {
    const table = deletionChart(root, counts, curves, labels);
    expect(table.rows).toBe(4);
    expect(table.cols).toBe(3);
    expect(table.colLabels).toEqual(['attention', 'rollout', 'relevance']);
    const tds = [...root.querySelectorAll('tbody tr')].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => Number(td.textContent)),
    );
    expect(tds).toEqual(counts.map((_, i) => curves.map((c) => c.values[i])));
    const label = root.querySelector('svg')!.getAttribute('aria-label')!;
    expect(label).toContain('patches deleted 0, 4, 8, 12');
    expect(label).toContain('relevance: 0.3, 0.2, 0.05, 0.02');
  });

  it('updates in place when curves go', () => {
    deletionChart(root, counts, curves, labels);
    deletionChart(root, counts, curves.slice(0, 2), labels);
    expect(root.querySelectorAll('svg')).toHaveLength(1);
    expect(root.querySelectorAll('g.ax-curve')).toHaveLength(2);
    expect(root.querySelectorAll('g.ax-key')).toHaveLength(2);
    expect(root.querySelectorAll('path.ax-marker')).toHaveLength(2 * 4 + 2);
    expect(root.querySelectorAll('tbody td')).toHaveLength(4 * 2);
  });
});

describe('headSwitches', () => {
  it('makes one labelled checkbox per layer × head, unticked where the head is off', () => {
    const toggled: [number, number][] = [];
    headSwitches(root, {
      legend: 'Switch heads off',
      layers: 2,
      heads: 3,
      off: (l, h) => l === 0 && h === 1,
      rowLabel: (l) => `Layer ${l}`,
      label: (l, h) => `layer ${l}, head ${h} on`,
      onToggle: (l, h) => void toggled.push([l, h]),
    });
    const boxes = [...root.querySelectorAll<HTMLInputElement>('input[type=checkbox]')];
    expect(boxes).toHaveLength(6);
    expect(boxes.map((b) => b.checked)).toEqual([true, false, true, true, true, true]);
    expect(boxes[5]!.getAttribute('aria-label')).toBe('layer 1, head 2 on');
    expect(root.querySelector('legend')!.textContent).toBe('Switch heads off');
    expect([...root.querySelectorAll('.ax-switch-layer')].map((s) => s.textContent)).toEqual([
      'Layer 0',
      'Layer 1',
    ]);
    boxes[4]!.click(); // a click (or Space on the focused box) changes it
    expect(toggled).toEqual([[1, 1]]);
    headSwitches(root, {
      legend: 'x',
      layers: 1,
      heads: 2,
      off: () => false,
      rowLabel: String,
      label: String,
      onToggle: () => {},
    });
    expect(root.querySelectorAll('fieldset')).toHaveLength(1);
    expect(root.querySelectorAll('input')).toHaveLength(2);
  });
});

describe('tokenStrip, crossHighlight and hoverCross', () => {
  const m: Matrix = {
    ...fromRows([
      [1, 0, 0],
      [0.5, 0.5, 0],
      [0.2, 0.3, 0.5],
    ]),
    rowLabels: ['SOT', 'dog', 'EOT'],
    colLabels: ['SOT', 'dog', 'EOT'],
  };
  const opts = { title: 'Attention', kind: 'sequential' as const, width: 300 };

  it('lights up a token on focus or hover and clears it on blur or leave', () => {
    const calls: number[] = [];
    tokenStrip(root, ['SOT', 'a·', 'EOT'], (i) => void calls.push(i));
    const buttons = [...root.querySelectorAll<HTMLButtonElement>('button.ax-token')];
    expect(buttons.map((b) => b.textContent)).toEqual(['SOT', 'a·', 'EOT']);
    buttons[1]!.dispatchEvent(new FocusEvent('focus'));
    buttons[1]!.dispatchEvent(new FocusEvent('blur'));
    buttons[2]!.dispatchEvent(new Event('pointerenter'));
    buttons[2]!.dispatchEvent(new Event('pointerleave'));
    expect(calls).toEqual([1, -1, 2, -1]);
    tokenStrip(root, ['x'], () => {});
    expect(root.querySelectorAll('button')).toHaveLength(1);
  });

  it('outlines a row and a column of the heat map, and hides them for r < 0', () => {
    heatmap(root, m, opts);
    const L = heatmapLayout(m, opts);
    crossHighlight(root, m, opts, 1, 2);
    const bands = [...root.querySelectorAll('g.ax-cross rect.ax-band')];
    expect(bands).toHaveLength(2);
    expect(bands.map((b) => Number(b.getAttribute('y')))).toEqual([L.cellH, 0]);
    expect(bands.map((b) => Number(b.getAttribute('x')))).toEqual([0, 2 * L.cellW]);
    expect(Number(bands[0]!.getAttribute('width'))).toBe(3 * L.cellW);
    crossHighlight(root, m, opts, -1);
    expect(root.querySelectorAll('rect.ax-band')).toHaveLength(0);
    expect(root.querySelectorAll('g.ax-cross')).toHaveLength(1);
  });

  it('follows the pointer over the heat map', () => {
    heatmap(root, m, opts);
    hoverCross(root, m, opts);
    const L = heatmapLayout(m, opts);
    const svg = root.querySelector<SVGSVGElement>('svg.viz-svg')!;
    // happy-dom lays nothing out: the drawn box is given at its natural size.
    vi.spyOn(svg, 'getBoundingClientRect').mockReturnValue({ left: 0, top: 0, width: L.width } as DOMRect);
    svg.dispatchEvent(
      new PointerEvent('pointermove', { clientX: L.left + L.cellW * 0.5, clientY: L.top + L.cellH * 2.5 }),
    );
    const bands = [...root.querySelectorAll('rect.ax-band')];
    expect(bands.map((b) => Number(b.getAttribute('y')))).toEqual([2 * L.cellH, 0]);
    expect(Number(bands[1]!.getAttribute('x'))).toBe(0);
    svg.dispatchEvent(new PointerEvent('pointermove', { clientX: 1, clientY: 1 })); // outside the cells
    expect(root.querySelectorAll('rect.ax-band')).toHaveLength(0);
    crossHighlight(root, m, opts, 0);
    svg.dispatchEvent(new PointerEvent('pointerleave'));
    expect(root.querySelectorAll('rect.ax-band')).toHaveLength(0);
  });
});
