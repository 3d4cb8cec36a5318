// A matrix heat map: cells coloured by a sequential or diverging scale, row and column labels, a legend,
// arrow-key navigation with the value announced, and a data table. Small matrices are SVG rects (with the
// values printed when they fit); big ones are one pixelated PNG so a 77 × 256 tensor stays light.
import { range } from 'd3';
import { ensure, ensureFirst, labelWidth, liveRegion, rootId, sel } from './dom';
import { gridNav } from './grid-nav';
import { type Matrix, valueAt } from './matrix';
import { hatchFill, matrixRaster } from './cell-raster';
import { type ScaleKind, colourScale, formatValue, inkFor, suggestKind } from './scales';
import { axisName, t } from './strings';
import { dataTable } from './table';
import { THUMB_PX } from './thumbs';

export interface HeatmapOptions {
  /** Accessible name and table caption ("Attention probabilities, layer 0, head 1"). */
  title: string;
  kind?: ScaleKind;
  domain?: [number, number];
  /** The math symbol this tensor is (data-sym on the root). */
  sym?: string;
  /** Drawing width in px (the SVG scales to its container). Default 640. */
  width?: number;
  /** Cells that are masked out (the causal mask): drawn hatched and announced as masked. */
  mask?: (r: number, c: number) => boolean;
  /** Print values in cells when they fit. Default true. */
  showValues?: boolean;
  /** Above this many cells, draw one raster image. Default 1600. */
  rasterAbove?: number;
  tableLimit?: number;
}

export interface HeatmapLayout {
  left: number;
  top: number;
  cellW: number;
  cellH: number;
  width: number;
  height: number;
  raster: boolean;
  values: boolean;
  /** The side of the rows' thumbnails (0 when the rows are labelled with words). */
  thumb: number;
}

const clamp = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, v));

/** Labels longer than this are cut with an ellipsis on the figure (the table and announcements keep them whole). */
export const LABEL_CHARS = 26;
export const shortLabel = (s: string): string =>
  s.length > LABEL_CHARS ? `${s.slice(0, LABEL_CHARS - 1)}…` : s;
const shortLabels = (xs: readonly string[] | undefined): string[] | undefined => xs?.map(shortLabel);

export function heatmapLayout(m: Matrix, opts: Pick<HeatmapOptions, 'width' | 'rasterAbove' | 'showValues'>) {
  const width = opts.width ?? 640;
  // Image rows are labelled with their thumbnails, as in CLIP's figure; their words stay for screen readers.
  const thumbs = Boolean(m.rowImages?.some(Boolean));
  const worded = thumbs ? m.rowLabels?.filter((_, r) => !m.rowImages![r]) : m.rowLabels;
  const left = Math.max(28, labelWidth(shortLabels(worded)) + 10, thumbs ? THUMB_PX + 8 : 0);
  // Column labels are turned 45°: they rise and reach right by about 0.71 of their length.
  const slant = m.colLabels && m.cols <= 40 ? labelWidth(shortLabels(m.colLabels)) * 0.71 : 0;
  const top = Math.max(22, slant + 12);
  const right = Math.max(8, slant);
  const cellW = clamp((width - left - right) / m.cols, 1, 56);
  const cellH = m.rows <= 24 ? clamp(Math.max(cellW, 14), 1, 56) : clamp(cellW, 1, 56);
  const raster = m.rows * m.cols > (opts.rasterAbove ?? 1600);
  const values = (opts.showValues ?? true) && !raster && cellW >= 40 && cellH >= 20;
  const height = top + m.rows * cellH + 44;
  const thumb = thumbs ? Math.max(1, Math.min(THUMB_PX, cellH - 2)) : 0;
  return {
    left,
    top,
    cellW,
    cellH,
    width: left + m.cols * cellW + right,
    height,
    raster,
    values,
    thumb,
  } satisfies HeatmapLayout;
}

/** Every k-th index so that labels are at least `gap` px apart. */
function tickIndices(n: number, cell: number, gap: number): number[] {
  const k = Math.max(1, Math.ceil(gap / cell));
  return range(0, n, k);
}

export function heatmap(root: HTMLElement, m: Matrix, opts: HeatmapOptions): (r: number, c: number) => void {
  const id = rootId(root);
  root.classList.add('viz', 'viz-heatmap');
  if (opts.sym) root.dataset.sym = opts.sym;
  const kind = opts.kind ?? suggestKind(m.values);
  const scale = colourScale(kind, m.values, opts.domain);
  const L = heatmapLayout(m, opts);
  const masked = (r: number, c: number): boolean => opts.mask?.(r, c) ?? false;
  const { live, helpId } = liveRegion(root, `${opts.title}. ${t().heatmapHelp(m.rows, m.cols)}`);

  const svgEl = ensureFirst(root, 'svg', 'viz-svg') as SVGSVGElement;
  const svg = sel(svgEl)
    .attr('viewBox', `0 0 ${L.width} ${L.height}`)
    .attr('width', L.width)
    .attr('role', 'application')
    .attr('aria-roledescription', 'heat map')
    .attr('aria-label', `${opts.title}, ${m.rows} × ${m.cols}`)
    .attr('aria-describedby', helpId);

  const hatch = hatchFill(ensure(svgEl, 'defs', 'viz-defs') as SVGDefsElement, `${id}-hatch`, 4);

  const cells = sel(ensure(svgEl, 'g', 'viz-cells')).attr('transform', `translate(${L.left},${L.top})`);
  const fillOf = (i: number): string => {
    const r = Math.floor(i / m.cols);
    const c = i % m.cols;
    return masked(r, c) ? hatch : scale.colour(valueAt(m, r, c));
  };
  if (L.raster) {
    cells.attr('data-grid', null);
    cells.selectAll('rect').remove();
    cells.selectAll('text').remove();
    cells
      .selectAll('image')
      .data([0])
      .join('image')
      .attr('href', matrixRaster(m, scale, masked, 60))
      .attr('width', m.cols * L.cellW)
      .attr('height', m.rows * L.cellH)
      .attr('preserveAspectRatio', 'none')
      .attr('class', 'viz-raster');
  } else {
    cells.selectAll('image').remove();
    const idx = range(m.rows * m.cols);
    const rects = cells.selectAll<SVGRectElement, number>('rect').data(idx).join('rect');
    // Setting an SVG attribute is slow (1,369 cells × 6 attributes took 28 ms in Chromium): a redraw of the
    // same grid only changes the fills.
    const grid = `${m.rows}×${m.cols} ${L.cellW}×${L.cellH}`;
    if (cells.attr('data-grid') !== grid) {
      rects
        .attr('x', (i) => (i % m.cols) * L.cellW)
        .attr('y', (i) => Math.floor(i / m.cols) * L.cellH)
        .attr('width', L.cellW)
        .attr('height', L.cellH)
        .attr('class', 'viz-cell');
      cells.attr('data-grid', grid);
    }
    rects.each(function (i) {
      const fill = fillOf(i);
      if (this.getAttribute('fill') !== fill) this.setAttribute('fill', fill);
    });
    const shown = L.values ? idx.filter((i) => !masked(Math.floor(i / m.cols), i % m.cols)) : [];
    cells
      .selectAll<SVGTextElement, number>('text')
      .data(shown)
      .join('text')
      .attr('x', (i) => ((i % m.cols) + 0.5) * L.cellW)
      .attr('y', (i) => (Math.floor(i / m.cols) + 0.5) * L.cellH)
      .attr('dy', '0.35em')
      .attr('text-anchor', 'middle')
      .attr('class', 'viz-cell-value')
      .attr('fill', (i) => inkFor(scale.colour(m.values[i]!)))
      .text((i) => formatValue(m.values[i]!));
  }

  const rowTicks = m.rowLabels && L.cellH >= 10 ? range(m.rows) : tickIndices(m.rows, L.cellH, 14);
  const imageOf = (r: number): string | undefined => (L.thumb ? m.rowImages?.[r] : undefined);
  rowThumbs(svgEl, m, L, range(m.rows).filter(imageOf));
  sel(ensure(svgEl, 'g', 'viz-row-labels'))
    .attr('transform', `translate(${L.left - 4},${L.top})`)
    .selectAll<SVGTextElement, number>('text')
    .data(rowTicks.filter((r) => !imageOf(r)))
    .join('text')
    .attr('x', 0)
    .attr('y', (r) => (r + 0.5) * L.cellH)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'end')
    .text((r) => shortLabel(m.rowLabels?.[r] ?? String(r)));
  const colLabelled = m.colLabels && m.cols <= 40 && L.cellW >= 10;
  const colTicks = colLabelled ? range(m.cols) : tickIndices(m.cols, L.cellW, 28);
  sel(ensure(svgEl, 'g', 'viz-col-labels'))
    .attr('transform', `translate(${L.left},${L.top - 6})`)
    .selectAll<SVGTextElement, number>('text')
    .data(colTicks)
    .join('text')
    .attr('transform', (c) => `translate(${(c + 0.5) * L.cellW},0)${colLabelled ? ' rotate(-45)' : ''}`)
    .attr('text-anchor', colLabelled ? 'start' : 'middle')
    .text((c) => (colLabelled ? shortLabel(m.colLabels![c]!) : String(c)));

  drawLegend(svgEl, id, scale.colour, scale.domain, L);

  const marker = sel(ensure(svgEl, 'rect', 'viz-focus'))
    .attr('width', L.cellW)
    .attr('height', L.cellH)
    .attr('transform', `translate(${L.left},${L.top})`)
    .attr('visibility', 'hidden');
  dataTable(root, m, opts.title, opts.tableLimit);

  return gridNav(svg, {
    rows: m.rows,
    cols: m.cols,
    live,
    onMove(r, c) {
      if (r < 0) {
        marker.attr('visibility', 'hidden');
        return '';
      }
      marker
        .attr('visibility', 'visible')
        .attr('x', c * L.cellW)
        .attr('y', r * L.cellH);
      const row = `${axisName(m.rowName, t().row)} ${m.rowLabels?.[r] ?? r}`;
      const col = `${axisName(m.colName, t().column)} ${m.colLabels?.[c] ?? c}`;
      return `${row}, ${col}: ${masked(r, c) ? t().masked : formatValue(valueAt(m, r, c))}`;
    },
  });
}

/** Each image row's thumbnail left of its cells, named by the row's words (<title> and aria-label). */
function rowThumbs(svgEl: SVGSVGElement, m: Matrix, L: HeatmapLayout, rows: number[]): void {
  const g = sel(ensure(svgEl, 'g', 'viz-row-images')).attr('transform', `translate(${L.left - 4},${L.top})`);
  const name = (r: number): string => m.rowLabels?.[r] ?? `${axisName(m.rowName, t().row)} ${r}`;
  const images = g
    .selectAll<SVGImageElement, number>('image')
    .data(rows)
    .join('image')
    .attr('class', 'viz-row-image')
    .attr('x', -L.thumb)
    .attr('y', (r) => (r + 0.5) * L.cellH - L.thumb / 2)
    .attr('width', L.thumb)
    .attr('height', L.thumb)
    .attr('preserveAspectRatio', 'xMidYMid meet')
    .attr('role', 'img')
    .attr('aria-label', name)
    .each(function (r) {
      const href = m.rowImages![r]!;
      if (this.getAttribute('href') !== href) this.setAttribute('href', href);
    });
  images
    .selectAll<SVGTitleElement, number>('title')
    .data((r) => [r])
    .join('title')
    .text(name);
}

function drawLegend(
  svgEl: SVGSVGElement,
  id: string,
  colour: (v: number) => string,
  domain: [number, number],
  L: HeatmapLayout,
): void {
  const gradId = `${id}-legend`;
  const stops = range(11).map((k) => domain[0] + ((domain[1] - domain[0]) * k) / 10);
  const defs = sel(svgEl.querySelector('defs.viz-defs')!);
  defs
    .selectAll('linearGradient')
    .data([0])
    .join('linearGradient')
    .attr('id', gradId)
    .selectAll('stop')
    .data(stops)
    .join('stop')
    .attr('offset', (_, k) => `${k * 10}%`)
    .attr('stop-color', (v) => colour(v));
  const w = Math.min(200, L.width - L.left - 8);
  const g = sel(ensure(svgEl, 'g', 'viz-legend')).attr('transform', `translate(${L.left},${L.height - 30})`);
  g.selectAll('rect')
    .data([0])
    .join('rect')
    .attr('width', w)
    .attr('height', 8)
    .attr('fill', `url(#${gradId})`);
  g.selectAll('text')
    .data(domain)
    .join('text')
    .attr('x', (_, k) => k * w)
    .attr('y', 22)
    .attr('text-anchor', (_, k) => (k ? 'end' : 'start'))
    .text((v) => formatValue(v));
}
