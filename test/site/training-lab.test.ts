// @vitest-environment happy-dom
// The training lab's charts in a DOM (src/viz/line-chart.ts, src/viz/scatter.ts) and the PCA behind the
// feature view (training-pca.ts): scales read back from the drawing, one element per series or point,
// redraws that replace rather than append, and the value tables. The views and controls are in
// training-views.test.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ChartOptions, type Series, lineChart } from '../../src/viz/line-chart';
import { pca2 } from '../../site/components/labs/training-pca';
import { type ScatterPoint, scatter } from '../../src/viz/scatter';

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.appendChild(root);
});
afterEach(() => root.remove());

const opts: ChartOptions = {
  title: 'Loss',
  help: 'A line chart.',
  xLabel: 'step',
  yLabel: 'loss',
  tableSummary: 'Values',
};
const steps = (n: number) => Array.from({ length: n }, (_, i) => i);
const run = (n: number, ghost = false, label = 'run'): Series => ({
  label,
  kind: 'tl-series-loss',
  ghost,
  xs: steps(n),
  ys: steps(n).map((i) => 2 - i / n),
});
const ticks = (axis: number) =>
  [...root.querySelectorAll('g.tl-axis')[axis]!.querySelectorAll('.tick text')].map((t) =>
    Number(t.textContent!.replace('−', '-')),
  );
const openTable = () => {
  const details = root.querySelector('details')!;
  details.open = true;
  details.dispatchEvent(new Event('toggle'));
  return [...root.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent));
};

describe('lineChart', () => {
  it('draws one line per series, the ghost first, dashed by class, with a legend entry each', () => {
    lineChart(root, [run(30, false, 'this run'), run(50, true, 'ghost')], opts);
    const lines = [...root.querySelectorAll('path.tl-line')];
    expect(lines).toHaveLength(2);
    expect(lines[0]!.classList.contains('tl-ghost')).toBe(true);
    expect(lines[1]!.classList.contains('tl-ghost')).toBe(false);
    expect([...root.querySelectorAll('.tl-legend li')].map((li) => li.textContent)).toEqual([
      'ghost',
      'this run',
    ]);
    expect(root.querySelectorAll('.tl-legend .tl-swatch.tl-ghost')).toHaveLength(1);
    expect(root.querySelector('svg')!.getAttribute('aria-label')).toBe('Loss. A line chart.');
  });

  it('has axes that cover every series', () => {
    lineChart(root, [run(30), { ...run(51, true), ys: steps(51).map((i) => 3 - i / 25) }], opts);
    const x = ticks(0);
    expect(x[0]).toBe(0);
    expect(x.at(-1)).toBe(50); // the longest run's last step
    const y = ticks(1);
    expect(Math.min(...y)).toBeLessThanOrEqual(1.04);
    expect(Math.max(...y)).toBeGreaterThanOrEqual(3);
    // The first point (step 0) sits on the left edge of the plot (margin 44).
    expect(root.querySelectorAll('path.tl-line')[1]!.getAttribute('d')).toMatch(/^M44,/);
  });

  it('starts the x axis at 0 and reaches at least 10 steps; honours a fixed y domain', () => {
    lineChart(root, [{ ...run(3), ys: [0.2, 0.5, 0.9] }], { ...opts, yDomain: [0, 1] });
    expect(ticks(0)[0]).toBe(0);
    expect(ticks(0).at(-1)).toBe(10);
    expect(ticks(1)[0]).toBe(0);
    expect(ticks(1).at(-1)).toBe(1);
  });

  it('redraws in place: one svg, one legend, one table, lines replaced', () => {
    lineChart(root, [run(10), run(10, true)], opts);
    lineChart(root, [run(20)], opts);
    expect(root.querySelectorAll('svg')).toHaveLength(1);
    expect(root.querySelectorAll('path.tl-line')).toHaveLength(1);
    expect(root.querySelectorAll('g.tl-axis')).toHaveLength(2);
    expect(root.querySelectorAll('.tl-legend')).toHaveLength(1);
    expect(root.querySelectorAll('.tl-legend li')).toHaveLength(1);
    expect(root.querySelectorAll('details')).toHaveLength(1);
  });

  it('fills its table when opened, thinned to about 40 rows keeping the last step, and keeps it current', () => {
    lineChart(root, [run(100, false, 'this run')], opts);
    expect(root.querySelectorAll('tbody tr')).toHaveLength(0); // built only when opened
    const rows = openTable();
    expect(rows).toHaveLength(34); // every 3rd of 100 steps, plus the last
    expect(rows[0]).toEqual(['this run', '0', '2.000']);
    expect(rows[1]).toEqual(['this run', '3', '1.970']);
    expect(rows.at(-1)).toEqual(['this run', '99', '1.010']);
    expect([...root.querySelectorAll('thead th')].map((t) => t.textContent)).toEqual(['', 'step', 'loss']);
    lineChart(root, [run(4, false, 'next')], opts);
    const again = [...root.querySelectorAll('tbody tr')].map((tr) =>
      [...tr.children].map((c) => c.textContent),
    );
    expect(again).toEqual([
      ['next', '0', '2.000'],
      ['next', '1', '1.750'],
      ['next', '2', '1.500'],
      ['next', '3', '1.250'],
    ]);
  });
});

describe('scatter', () => {
  const points: ScatterPoint[] = [
    { x: 2, y: -2, colour: 'red', label: 'image 0: red circle', kind: 'image' },
    { x: 0, y: 0, colour: 'blue', label: 'prompt: blue square', kind: 'text' },
    { x: -1, y: 1, colour: 'green', label: 'image 1: green star', kind: 'image' },
  ];
  const o = { title: 'Features', help: '3 points', tableSummary: 'Values' };
  const at = (p: Element) => p.getAttribute('transform');

  it('draws one point per item on a square, symmetric domain', () => {
    scatter(root, points, o);
    const drawn = [...root.querySelectorAll('path.tl-point')];
    expect(drawn).toHaveLength(3);
    // reach = 2 → [-2, 2] maps to [12, 288] across and [288, 12] down.
    expect(drawn.map(at)).toEqual(['translate(288,288)', 'translate(150,150)', 'translate(81,81)']);
    const cross = [...root.querySelectorAll('.tl-cross line')];
    expect(cross.map((l) => l.getAttribute('x1'))).toEqual(['150', '12']);
  });

  it('fills images with their colour and outlines prompts, each titled', () => {
    scatter(root, points, o);
    const [img, txt] = [...root.querySelectorAll('path.tl-point')];
    expect(img!.getAttribute('fill')).toBe('rgb(220,30,30)');
    expect(img!.classList.contains('tl-point-image')).toBe(true);
    expect(txt!.getAttribute('fill')).toBe('none');
    expect(txt!.getAttribute('stroke')).toBe('rgb(30,80,225)');
    expect([...root.querySelectorAll('path.tl-point title')].map((t) => t.textContent)).toEqual(
      points.map((p) => p.label),
    );
  });

  it('lists the same coordinates in its table and redraws in place', () => {
    scatter(root, points, o);
    const rows = [...root.querySelectorAll('tbody tr')].map((tr) =>
      [...tr.children].map((c) => c.textContent),
    );
    expect(rows).toEqual(points.map((p) => [p.label, p.x.toFixed(3), p.y.toFixed(3)]));
    expect(root.querySelector('caption')!.textContent).toBe('Features');
    scatter(root, points.slice(0, 1), o);
    expect(root.querySelectorAll('svg')).toHaveLength(1);
    expect(root.querySelectorAll('path.tl-point')).toHaveLength(1);
    expect(root.querySelectorAll('details')).toHaveLength(1);
    expect(root.querySelectorAll('tbody tr')).toHaveLength(1);
    expect(at(root.querySelector('path.tl-point')!)).toBe('translate(288,288)');
  });

  it('copes with every point at the origin', () => {
    scatter(root, [{ ...points[1]!, x: 0, y: 0 }], o);
    expect(at(root.querySelector('path.tl-point')!)).toBe('translate(150,150)');
  });
});

describe('pca2', () => {
  it('puts points on a line on the first axis with all the variance', () => {
    const data = [0, 0, 1, 1, 2, 2, 3, 3]; // 4 points on y = x
    const { points, explained } = pca2(data, 4, 2);
    expect(explained[0]).toBeCloseTo(1, 6);
    expect(explained[1]).toBeCloseTo(0, 6);
    const first = [0, 1, 2, 3].map((i) => points[i * 2]!);
    const step = Math.SQRT2;
    first.forEach((p, i) => expect(p).toBeCloseTo((i - 1.5) * step, 6));
    [0, 1, 2, 3].forEach((i) => expect(points[i * 2 + 1]).toBeCloseTo(0, 6));
  });

  it('orders the axes by variance and splits it between them', () => {
    const data = [2, 0, -2, 0, 0, 1, 0, -1]; // spread 2 along x, 1 along y
    const { points, explained } = pca2(data, 4, 2);
    expect(explained[0]).toBeCloseTo(0.8, 6);
    expect(explained[1]).toBeCloseTo(0.2, 6);
    expect(Math.abs(points[0]!)).toBeCloseTo(2, 6);
    expect(Math.abs(points[5]!)).toBeCloseTo(1, 6);
  });

  it('gives zeros, not NaN, for a single point', () => {
    const { points, explained } = pca2([1, 2, 3], 1, 3);
    expect([...points]).toEqual([0, 0]);
    expect(explained).toEqual([0, 0]);
  });
});
