// Drawing of the feature-space lab (issue 7.2): the scatter plot on equal-unit axes, pairs joined by lines,
// keyboard navigation from point to point, the data table and the gap note. Shared by the build's first
// paint (PCA) and the page, which may pass a UMAP layout instead.
import { type ScaleLinear, scaleLinear } from 'd3';
import { ensure, ensureFirst, liveRegion, sel } from '../../../src/viz/dom';
import { gridNav } from '../../../src/viz/grid-nav';
import type { Matrix } from '../../../src/viz/matrix';
import { formatFixed, formatValue } from '../../../src/viz/scales';
import { dataTable } from '../../../src/viz/table';
import { part } from '../figures/draw';
import {
  type FeatureSpaceConfig,
  type Kind,
  type Layout,
  type Point,
  pcaLayout,
  pointsOf,
} from './feature-space-points';
import type { LabStrings } from './logits-strings';

export const W = 640;
export const H = 420;
const M = 36;
const pct = (v: number): string => `${formatFixed(v * 100, 1)}%`;

const SYMBOL: Record<Kind, string> = {
  image: 'M0,-6A6,6 0 1 1 0,6A6,6 0 1 1 0,-6Z',
  text: 'M-5.5,-5.5H5.5V5.5H-5.5Z',
  yours: 'M0,-8L2.4,-2.5L8,-2.5L3.5,1.2L5.2,7L0,3.6L-5.2,7L-3.5,1.2L-8,-2.5L-2.4,-2.5Z',
  template: 'M0,-4A4,4 0 1 1 0,4A4,4 0 1 1 0,-4Z',
  ensemble: 'M0,-8L8,0L0,8L-8,0Z',
};

/** Scales with equal units on both axes, centred on the points, every point at least M from the edge. */
export function plotScales(pts: readonly Point[]): {
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

/** Draws the scatter plot and its readout into body; returns the table of coordinates. */
export function drawFeatureSpace(
  body: HTMLElement,
  c: FeatureSpaceConfig,
  s: LabStrings,
  layout: Layout = pcaLayout(c),
): Matrix {
  const pts = pointsOf(c, s, layout);
  const umap = layout.method === 'umap';
  const title = umap ? s.fsTitleUmap : s.fsTitle;
  const { x, y } = plotScales(pts);
  const root = part(body, 'plot');
  root.classList.add('viz');
  root.dataset.sym = 'features_normalized';
  root.dataset.method = layout.method;
  const { live, helpId } = liveRegion(root, `${title}. ${s.fsHelp(pts.length)}`);
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
    .text((k) => (umap ? s.fsUmapAxis(k + 1) : s.fsAxis(k + 1, pct(layout.explained?.[k] ?? 0))));
  const n = c.texts.length;
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
    .selectAll<SVGGElement, Point>('g.lab-pt')
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
  dataTable(root, table, s.fsTable, 40);
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
      return s.fsPoint(p.word, p.label, formatValue(p.xy[0]!), formatValue(p.xy[1] ?? 0));
    },
  });
  const gap =
    c.texts.reduce(
      (a, _, i) => a + Math.hypot(...[0, 1].map((k) => (pts[i]!.xy[k] ?? 0) - (pts[n + i]!.xy[k] ?? 0))),
      0,
    ) / n;
  const note = ensure(part(body, 'notes'), 'p', 'lab-note lab-gap');
  note.textContent = umap ? s.fsGapUmap(formatValue(gap)) : s.fsGap(formatValue(gap));
  (note as HTMLElement).dataset.gap = String(gap);
  return table;
}
