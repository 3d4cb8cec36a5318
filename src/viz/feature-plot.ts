// The feature-space scatter plot (the feature-space lab, issue 7.2): points on equal-unit axes, each pair's
// image and caption joined by a line, keyboard navigation from point to point announced through a live
// region, and the coordinates as a data table. Points and words come in as data; the same call paints the
// build's first view (PCA) and the page's redraws (PCA or UMAP).
import { type ScaleLinear, scaleLinear } from 'd3';
import { ensure, ensureFirst, liveRegion, sel } from './dom';
import { gridNav } from './grid-nav';
import type { Matrix } from './matrix';
import { formatValue } from './scales';
import { dataTable } from './table';

export type FeatureKind = 'image' | 'text' | 'yours' | 'template' | 'ensemble';

export interface FeaturePoint {
  kind: FeatureKind;
  /** What the point is ("caption 2"), its text, and the short label drawn next to it (none when empty). */
  word: string;
  label: string;
  short: string;
  /** [x, y] */
  xy: number[];
}

export interface FeaturePlotOptions {
  /** The first `pairs` points are images, the next `pairs` their captions. */
  pairs: number;
  /** UMAP's origin is arbitrary: no lines through it. */
  umap: boolean;
  title: string;
  help: string;
  /** The x and y axis labels. */
  axes: [string, string];
  tableTitle: string;
  /** What the live region says for a point, given its coordinates as text. */
  describe: (p: FeaturePoint, x: string, y: string) => string;
}

export const W = 640;
export const H = 420;
const M = 36;

const SYMBOL: Record<FeatureKind, string> = {
  image: 'M0,-6A6,6 0 1 1 0,6A6,6 0 1 1 0,-6Z',
  text: 'M-5.5,-5.5H5.5V5.5H-5.5Z',
  yours: 'M0,-8L2.4,-2.5L8,-2.5L3.5,1.2L5.2,7L0,3.6L-5.2,7L-3.5,1.2L-8,-2.5L-2.4,-2.5Z',
  template: 'M0,-4A4,4 0 1 1 0,4A4,4 0 1 1 0,-4Z',
  ensemble: 'M0,-8L8,0L0,8L-8,0Z',
};

/** Scales with equal units on both axes, centred on the points, every point at least M from the edge. */
export function plotScales(pts: readonly FeaturePoint[]): {
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
} {
  const xs = pts.map((p) => p.xy[0]!);
  const ys = pts.map((p) => p.xy[1] ?? 0);
  const span = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys), 1e-6);
  const unit = Math.min((W - 2 * M) / span, (H - 2 * M) / span); // equal units on both axes
  const cx = (Math.max(...xs) + Math.min(...xs)) / 2;
  const cy = (Math.max(...ys) + Math.min(...ys)) / 2;
  const x = scaleLinear()
    .domain([cx - W / 2 / unit, cx + W / 2 / unit])
    .range([0, W]);
  const y = scaleLinear()
    .domain([cy - H / 2 / unit, cy + H / 2 / unit])
    .range([H, 0]);
  return { x, y };
}

/** Draws the points into root; returns the table of their coordinates. */
export function featurePlot(root: HTMLElement, pts: readonly FeaturePoint[], o: FeaturePlotOptions): Matrix {
  const { umap, title } = o;
  const { x, y } = plotScales(pts);
  root.classList.add('viz');
  const { live, helpId } = liveRegion(root, `${title}. ${o.help}`);
  const svgEl = ensureFirst(root, 'svg', 'viz-svg') as SVGSVGElement;
  const svg = sel(svgEl)
    .attr('viewBox', `0 0 ${W} ${H + 30}`)
    .attr('width', W)
    .attr('role', 'application')
    .attr('aria-roledescription', 'scatter plot')
    .attr('aria-label', title)
    .attr('aria-describedby', helpId);
  const axes = sel(ensure(svgEl, 'g', 'lab-axis'));
  // UMAP's origin is arbitrary, so only PCA draws the lines through it.
  axes
    .selectAll('line')
    .data(umap ? [] : [0, 1])
    .join('line')
    .attr('x1', (k) => (k ? x(0) : 0))
    .attr('x2', (k) => (k ? x(0) : W))
    .attr('y1', (k) => (k ? 0 : y(0)))
    .attr('y2', (k) => (k ? H : y(0)));
  axes
    .selectAll('text')
    .data([0, 1])
    .join('text')
    .attr('x', (k) => (k ? 4 : W - 4))
    .attr('y', (k) => (k ? 12 : H + 16))
    .attr('text-anchor', (k) => (k ? 'start' : 'end'))
    .text((k) => o.axes[k]!);
  const n = o.pairs;
  sel(ensure(svgEl, 'g', 'lab-pairs-lines'))
    .selectAll('line')
    .data(Array.from({ length: n }, (_, i) => i))
    .join('line')
    .attr('class', 'lab-pair-line')
    .attr('x1', (i) => x(pts[i]!.xy[0]!))
    .attr('y1', (i) => y(pts[i]!.xy[1] ?? 0))
    .attr('x2', (i) => x(pts[n + i]!.xy[0]!))
    .attr('y2', (i) => y(pts[n + i]!.xy[1] ?? 0));
  const g = sel(ensure(svgEl, 'g', 'lab-points'))
    .selectAll<SVGGElement, FeaturePoint>('g.lab-pt')
    .data(pts)
    .join('g')
    .attr('class', (p) => `lab-pt lab-pt-${p.kind}`)
    .attr('data-kind', (p) => p.kind)
    .attr('transform', (p) => `translate(${x(p.xy[0]!)},${y(p.xy[1] ?? 0)})`);
  g.selectAll('path')
    .data((p) => [p])
    .join('path')
    .attr('d', (p) => SYMBOL[p.kind]);
  g.selectAll('text')
    .data((p) => (p.short ? [p] : []))
    .join('text')
    .attr('class', 'lab-pt-label')
    .attr('x', 9)
    .attr('dy', '0.35em')
    .text((p) => p.short);
  const marker = sel(ensure(svgEl, 'circle', 'lab-focus'))
    .attr('r', 11)
    .attr('visibility', 'hidden');
  const table: Matrix = {
    rows: pts.length,
    cols: 2,
    values: Float32Array.from(pts.flatMap((p) => [p.xy[0]!, p.xy[1] ?? 0])),
    rowLabels: pts.map((p) => `${p.word}: ${p.label}`),
    colLabels: umap ? ['UMAP1', 'UMAP2'] : ['PC1', 'PC2'],
  };
  dataTable(root, table, o.tableTitle, 40);
  gridNav(svg, {
    rows: pts.length,
    cols: 1,
    live,
    onMove(r) {
      if (r < 0) {
        marker.attr('visibility', 'hidden');
        return '';
      }
      const p = pts[r]!;
      marker
        .attr('visibility', 'visible')
        .attr('cx', x(p.xy[0]!))
        .attr('cy', y(p.xy[1] ?? 0));
      return o.describe(p, formatValue(p.xy[0]!), formatValue(p.xy[1] ?? 0));
    },
  });
  return table;
}
