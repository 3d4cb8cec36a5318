// The explorer's other parts: the deletion curves on one small chart (three lines told apart by colour,
// dash and marker), the head switches (a checkbox per layer × head), the token strip whose hover or focus
// lights up a token's row and column in the attention matrix, and that highlight itself.
import { extent, line, range, scaleLinear } from 'd3';
import { ensure, ensureFirst, rootId, sel } from './dom';
import { heatmapLayout, type HeatmapOptions } from './heatmap';
import type { Matrix } from './matrix';
import { formatValue } from './scales';
import { dataTable } from './table';

export interface Curve {
  key: string;
  label: string;
  values: number[];
}

const MARKERS = ['M-3,-3h6v6h-6z', 'M0,-4L4,3H-4z', 'M-4,0a4,4 0 1,0 8,0a4,4 0 1,0 -8,0'];
const DASHES = ['', '6 3', '2 2'];

/** Similarity (y) against patches deleted (x), one line per curve; a data table beside. */
export function deletionChart(
  root: HTMLElement,
  counts: number[],
  curves: Curve[],
  o: { title: string; xLabel: string; yLabel: string },
): Matrix {
  rootId(root);
  root.classList.add('viz', 'ax-chart');
  const width = 360;
  const height = 270;
  const m = { left: 46, right: 10, top: 10, bottom: 90 };
  const all = curves.flatMap((c) => c.values);
  const [lo, hi] = extent(all) as [number, number];
  const pad = (hi - lo) * 0.08 || 0.01;
  const x = scaleLinear()
    .domain([0, counts.at(-1) ?? 1])
    .range([m.left, width - m.right]);
  const y = scaleLinear()
    .domain([lo - pad, hi + pad])
    .range([height - m.bottom, m.top])
    .nice();
  const svgEl = ensureFirst(root, 'svg', 'viz-svg') as SVGSVGElement;
  const summary = curves.map((c) => `${c.label}: ${c.values.map(formatValue).join(', ')}`).join('; ');
  sel(svgEl)
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('width', width)
    .attr('role', 'img')
    .attr('aria-label', `${o.title}. ${o.xLabel} ${counts.join(', ')}. ${summary}`);
  const axes = sel(ensure(svgEl, 'g', 'ax-axes'));
  const xTicks = x.ticks(6);
  const yTicks = y.ticks(5);
  axes
    .selectAll<SVGPathElement, number>('path.ax-grid')
    .data(yTicks)
    .join('path')
    .attr('class', 'ax-grid')
    .attr('d', (v) => `M${m.left},${y(v)}H${width - m.right}`);
  axes
    .selectAll<SVGTextElement, number>('text.ax-ytick')
    .data(yTicks)
    .join('text')
    .attr('class', 'ax-ytick')
    .attr('x', m.left - 4)
    .attr('y', (v) => y(v))
    .attr('dy', '0.35em')
    .attr('text-anchor', 'end')
    .text((v) => formatValue(v));
  axes
    .selectAll<SVGTextElement, number>('text.ax-xtick')
    .data(xTicks)
    .join('text')
    .attr('class', 'ax-xtick')
    .attr('x', (v) => x(v))
    .attr('y', height - m.bottom + 14)
    .attr('text-anchor', 'middle')
    .text((v) => String(v));
  axes
    .selectAll('text.ax-xlabel')
    .data([o.xLabel])
    .join('text')
    .attr('class', 'ax-xlabel')
    .attr('x', (m.left + width - m.right) / 2)
    .attr('y', height - m.bottom + 30)
    .attr('text-anchor', 'middle')
    .text((d) => d);
  axes
    .selectAll('text.ax-ylabel')
    .data([o.yLabel])
    .join('text')
    .attr('class', 'ax-ylabel')
    .attr('transform', `translate(11,${(m.top + height - m.bottom) / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .text((d) => d);
  const path = line<number>()
    .x((_, i) => x(counts[i]!))
    .y((v) => y(v));
  const series = sel(ensure(svgEl, 'g', 'ax-series'))
    .selectAll<SVGGElement, Curve>('g.ax-curve')
    .data(curves)
    .join((enter) => {
      const g = enter.append('g');
      g.append('path').attr('class', 'ax-line');
      return g;
    })
    .attr('class', (c) => `ax-curve ax-curve-${c.key}`);
  series
    .select('path.ax-line')
    .attr('d', (c) => path(c.values))
    .attr('stroke-dasharray', (_, k) => DASHES[k] ?? '');
  series
    .selectAll<SVGPathElement, number>('path.ax-marker')
    .data((c, k) => c.values.map((v, i) => ({ v, i, k })))
    .join('path')
    .attr('class', 'ax-marker')
    .attr('d', (d) => MARKERS[d.k] ?? MARKERS[0]!)
    .attr('transform', (d) => `translate(${x(counts[d.i]!)},${y(d.v)})`);
  const legend = sel(ensure(svgEl, 'g', 'ax-legend'))
    .selectAll<SVGGElement, Curve>('g.ax-key')
    .data(curves)
    .join((enter) => {
      const g = enter.append('g');
      g.append('path').attr('class', 'ax-line');
      g.append('path').attr('class', 'ax-marker');
      g.append('text');
      return g;
    })
    .attr('class', (c) => `ax-key ax-curve-${c.key}`)
    .attr('transform', (_, k) => `translate(${m.left},${height - m.bottom + 48 + k * 14})`);
  legend
    .select('path.ax-line')
    .attr('d', 'M0,0H22')
    .attr('stroke-dasharray', (_, k) => DASHES[k] ?? '');
  legend
    .select('path.ax-marker')
    .attr('d', (_, k) => MARKERS[k] ?? MARKERS[0]!)
    .attr('transform', 'translate(11,0)');
  legend
    .select('text')
    .attr('x', 26)
    .attr('dy', '0.35em')
    .text((c) => c.label);
  const table: Matrix = {
    rows: counts.length,
    cols: curves.length,
    values: Float32Array.from(range(counts.length).flatMap((i) => curves.map((c) => c.values[i]!))),
    rowLabels: counts.map(String),
    colLabels: curves.map((c) => c.label),
    rowName: o.xLabel,
    colName: o.yLabel,
  };
  dataTable(root, table, o.title);
  return table;
}

/** A checkbox per layer × head (checked = on); returns nothing, calls onToggle(layer, head). */
export function headSwitches(
  root: HTMLElement,
  o: {
    legend: string;
    layers: number;
    heads: number;
    off: (l: number, h: number) => boolean;
    rowLabel: (l: number) => string;
    label: (l: number, h: number) => string;
    onToggle: (l: number, h: number) => void;
  },
): void {
  const doc = root.ownerDocument;
  const set = doc.createElement('fieldset');
  set.className = 'ax-switches';
  const legend = doc.createElement('legend');
  legend.textContent = o.legend;
  set.appendChild(legend);
  for (let l = 0; l < o.layers; l++) {
    const row = doc.createElement('div');
    row.className = 'ax-switch-row';
    const name = doc.createElement('span');
    name.className = 'ax-switch-layer';
    name.textContent = o.rowLabel(l);
    row.appendChild(name);
    for (let h = 0; h < o.heads; h++) {
      const box = doc.createElement('input');
      box.type = 'checkbox';
      box.checked = !o.off(l, h);
      box.setAttribute('aria-label', o.label(l, h));
      box.dataset.layer = String(l);
      box.dataset.head = String(h);
      box.addEventListener('change', () => o.onToggle(l, h));
      const wrap = doc.createElement('label');
      wrap.className = 'ax-switch';
      wrap.append(box, doc.createTextNode(`H${h}`));
      row.appendChild(wrap);
    }
    set.appendChild(row);
  }
  root.replaceChildren(set);
}

/** Token buttons; hovering or focusing one calls onHighlight(index), leaving calls onHighlight(-1). */
export function tokenStrip(root: HTMLElement, labels: string[], onHighlight: (i: number) => void): void {
  const doc = root.ownerDocument;
  const list = doc.createElement('ol');
  list.className = 'ax-tokens';
  labels.forEach((label, i) => {
    const item = doc.createElement('li');
    const b = doc.createElement('button');
    b.type = 'button';
    b.className = 'ax-token';
    b.textContent = label;
    b.addEventListener('pointerenter', () => onHighlight(i));
    b.addEventListener('focus', () => onHighlight(i));
    b.addEventListener('pointerleave', () => onHighlight(-1));
    b.addEventListener('blur', () => onHighlight(-1));
    item.appendChild(b);
    list.appendChild(item);
  });
  root.replaceChildren(list);
}

/** Outlines row r and column c of a heat map drawn by src/viz/heatmap.ts (r < 0 hides them). */
export function crossHighlight(root: HTMLElement, m: Matrix, opts: HeatmapOptions, r: number, c = r): void {
  const svgEl = root.querySelector('svg.viz-svg');
  if (!svgEl) return;
  const L = heatmapLayout(m, opts);
  const g = sel(ensure(svgEl, 'g', 'ax-cross')).attr('transform', `translate(${L.left},${L.top})`);
  const bands =
    r < 0
      ? []
      : [
          { x: 0, y: r * L.cellH, w: m.cols * L.cellW, h: L.cellH },
          { x: c * L.cellW, y: 0, w: L.cellW, h: m.rows * L.cellH },
        ];
  g.selectAll('rect')
    .data(bands)
    .join('rect')
    .attr('class', 'ax-band')
    .attr('x', (b) => b.x)
    .attr('y', (b) => b.y)
    .attr('width', (b) => b.w)
    .attr('height', (b) => b.h);
}

/** Hovering a cell of the heat map outlines its row (the query token) and its column (the key token). */
export function hoverCross(root: HTMLElement, m: Matrix, opts: HeatmapOptions): void {
  const svgEl = root.querySelector<SVGSVGElement>('svg.viz-svg');
  if (!svgEl) return;
  const L = heatmapLayout(m, opts);
  svgEl.onpointermove = (e: PointerEvent) => {
    const box = svgEl.getBoundingClientRect();
    const k = box.width ? L.width / box.width : 1;
    const c = Math.floor(((e.clientX - box.left) * k - L.left) / L.cellW);
    const r = Math.floor(((e.clientY - box.top) * k - L.top) / L.cellH);
    const inside = r >= 0 && r < m.rows && c >= 0 && c < m.cols;
    crossHighlight(root, m, opts, inside ? r : -1, c);
  };
  svgEl.onpointerleave = () => crossHighlight(root, m, opts, -1);
}
