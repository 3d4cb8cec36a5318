// Horizontal bars for probabilities (softmax over texts or images): one labelled bar per item, the value
// printed as a percentage, the largest marked. Labels are text, never markup.
import { max, scaleLinear } from 'd3';
import { ensure, labelWidth, rootId, sel } from './dom';
import { formatFixed, formatValue } from './scales';

export interface BarsOptions {
  title: string;
  sym?: string;
  width?: number;
  /** Values are in [0, 1] and printed as percentages (default), or printed as numbers. */
  percent?: boolean;
}

export function bars(
  root: HTMLElement,
  labels: readonly string[],
  values: ArrayLike<number>,
  opts: BarsOptions,
): void {
  rootId(root);
  root.classList.add('viz', 'viz-bars');
  if (opts.sym) root.dataset.sym = opts.sym;
  const vals = Array.from(values);
  const width = opts.width ?? 480;
  const left = Math.min(Math.round(width * 0.6), labelWidth(labels) + 12);
  // A label longer than the margin is cut with an ellipsis; the whole label stays in the figure's name.
  const room = Math.floor((left - 6) / labelWidth(['x']));
  const shown = (l: string) => (l.length > room ? `${l.slice(0, room - 1)}…` : l);
  const rowH = 22;
  const height = vals.length * rowH + 8;
  const percent = opts.percent ?? true;
  const x = scaleLinear()
    .domain([0, percent ? 1 : (max(vals) ?? 1) || 1])
    .range([0, width - left - 64]);
  const best = vals.indexOf(Math.max(...vals));
  const fmt = (v: number): string => (percent ? `${formatFixed(v * 100, 1)}%` : formatValue(v));
  const svgEl = ensure(root, 'svg', 'viz-svg') as SVGSVGElement;
  sel(svgEl)
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('width', width)
    .attr('role', 'img')
    .attr('aria-label', `${opts.title}: ${labels.map((l, i) => `${l} ${fmt(vals[i]!)}`).join('; ')}`);
  const rows = sel(svgEl)
    .selectAll<SVGGElement, number>('g.viz-bar')
    .data(vals)
    .join('g')
    .attr('class', (_, i) => (i === best ? 'viz-bar viz-bar-best' : 'viz-bar'))
    .attr('transform', (_, i) => `translate(0,${i * rowH + 4})`);
  rows
    .selectAll('text.viz-bar-label')
    .data((_, i) => [labels[i] ?? ''])
    .join('text')
    .attr('class', 'viz-bar-label')
    .attr('x', left - 6)
    .attr('y', rowH / 2)
    .attr('dy', '0.3em')
    .attr('text-anchor', 'end')
    .text(shown);
  rows
    .selectAll('rect')
    .data((v) => [v])
    .join('rect')
    .attr('x', left)
    .attr('y', 3)
    .attr('height', rowH - 6)
    .attr('width', (v) => Math.max(0, x(v)));
  rows
    .selectAll('text.viz-bar-value')
    .data((v) => [v])
    .join('text')
    .attr('class', 'viz-bar-value')
    .attr('x', (v) => left + Math.max(0, x(v)) + 4)
    .attr('y', rowH / 2)
    .attr('dy', '0.3em')
    .text(fmt);
}
