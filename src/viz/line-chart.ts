// Line charts of the training lab (loss per step, probe accuracy): D3 scales and axes, one path per
// series, a ghost run drawn dashed and faded behind the current one, a legend, and a values table.
import { axisBottom, axisLeft, extent, line, scaleLinear, select } from 'd3';

export interface Series {
  label: string;
  /** CSS class of the line: its colour and dash (training-lab.css). */
  kind: string;
  ghost?: boolean;
  xs: readonly number[];
  ys: readonly number[];
}

export interface ChartOptions {
  title: string;
  help: string;
  xLabel: string;
  yLabel: string;
  yDomain?: [number, number];
  tableSummary: string;
}

const W = 420;
const H = 220;
const M = { top: 24, right: 12, bottom: 34, left: 44 };
const TABLE_ROWS = 40;
const drawn = new WeakMap<HTMLElement, { series: readonly Series[]; o: ChartOptions }>();

/** Every k-th index so that at most `max` remain, always keeping the last. */
function thin(n: number, max: number): number[] {
  const k = Math.max(1, Math.ceil(n / max));
  const out: number[] = [];
  for (let i = 0; i < n; i += k) out.push(i);
  if (n > 0 && out[out.length - 1] !== n - 1) out.push(n - 1);
  return out;
}

function fillTable(details: HTMLDetailsElement, series: readonly Series[], o: ChartOptions): void {
  const table = details.querySelector('table')!;
  table.replaceChildren();
  const cap = table.createCaption();
  cap.textContent = o.title;
  const head = table.createTHead().insertRow();
  for (const text of ['', o.xLabel, o.yLabel]) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = text;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const s of series) {
    for (const i of thin(s.xs.length, TABLE_ROWS)) {
      const row = body.insertRow();
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = s.label;
      row.appendChild(th);
      row.insertCell().textContent = String(s.xs[i]);
      row.insertCell().textContent = s.ys[i]!.toFixed(3);
    }
  }
}

/** Draws (or redraws) the chart into root. */
export function lineChart(root: HTMLElement, series: readonly Series[], o: ChartOptions): void {
  root.classList.add('viz', 'tl-chart');
  const allX = series.flatMap((s) => [...s.xs]);
  const allY = series.flatMap((s) => [...s.ys]);
  const [x0, x1] = extent(allX) as [number | undefined, number | undefined];
  const x = scaleLinear()
    .domain([Math.min(0, x0 ?? 0), Math.max(10, x1 ?? 10)])
    .range([M.left, W - M.right]);
  const [y0, y1] = extent(allY) as [number | undefined, number | undefined];
  const lo = y0 ?? 0;
  const hi = Math.max(y1 ?? 1, lo + 0.1);
  const pad = (hi - lo) * 0.05;
  const y = scaleLinear()
    .domain(o.yDomain ?? [Math.max(0, lo - pad), hi + pad])
    .nice()
    .range([H - M.bottom, M.top]);

  const svgEl = emptySvg(root, W, H, `${o.title}. ${o.help}`);
  const svg = select(svgEl);
  svg
    .append('g')
    .attr('class', 'tl-axis')
    .attr('transform', `translate(0,${H - M.bottom})`)
    .call(axisBottom(x).ticks(6));
  svg
    .append('g')
    .attr('class', 'tl-axis')
    .attr('transform', `translate(${M.left},0)`)
    .call(axisLeft(y).ticks(5));
  svg
    .append('text')
    .attr('x', (M.left + W - M.right) / 2)
    .attr('y', H - 4)
    .attr('text-anchor', 'middle')
    .text(o.xLabel);
  svg
    .append('text')
    .attr('x', M.left + 6)
    .attr('y', 2)
    .attr('dy', '0.7em')
    .text(o.yLabel);
  const ordered = [...series.filter((s) => s.ghost), ...series.filter((s) => !s.ghost)];
  for (const s of ordered) {
    const path = line<number>()
      .x((i) => x(s.xs[i]!))
      .y((i) => y(s.ys[i]!));
    svg
      .append('path')
      .attr('class', `tl-line ${s.kind}${s.ghost ? ' tl-ghost' : ''}`)
      .attr('d', path(s.xs.map((_, i) => i)) ?? '');
  }

  let legend = root.querySelector<HTMLUListElement>(':scope > .tl-legend');
  if (!legend) {
    legend = document.createElement('ul');
    legend.className = 'tl-legend';
    svgEl.after(legend);
  }
  legend.replaceChildren(
    ...ordered.map((s) => {
      const li = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = `tl-swatch ${s.kind}${s.ghost ? ' tl-ghost' : ''}`;
      swatch.setAttribute('aria-hidden', 'true');
      li.append(swatch, s.label);
      return li;
    }),
  );

  let details = root.querySelector<HTMLDetailsElement>(':scope > details');
  if (!details) {
    details = document.createElement('details');
    details.className = 'viz-table';
    const summary = document.createElement('summary');
    summary.textContent = o.tableSummary;
    details.append(summary, document.createElement('table'));
    const d = details;
    d.addEventListener('toggle', () => {
      const last = drawn.get(root);
      if (d.open && last) fillTable(d, last.series, last.o);
    });
    legend.after(details);
  }
  drawn.set(root, { series, o });
  if (details.open) fillTable(details, series, o);
}

/** The view's SVG (made once, first child of `root`), emptied and labelled for this redraw. */
export function emptySvg(root: HTMLElement, width: number, height: number, label: string): SVGSVGElement {
  let svgEl = root.querySelector<SVGSVGElement>(':scope > svg');
  if (!svgEl) {
    svgEl = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svgEl.classList.add('viz-svg');
    svgEl.setAttribute('viewBox', `0 0 ${width} ${height}`);
    svgEl.setAttribute('width', String(width));
    svgEl.setAttribute('role', 'img');
    root.prepend(svgEl);
  }
  svgEl.setAttribute('aria-label', label);
  svgEl.replaceChildren();
  return svgEl;
}
