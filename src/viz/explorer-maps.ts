// The explorer's grid figures: small multiples of every layer × head (click or arrow keys pick one) and a
// map over the image's patches (a heat overlay on the model's input crop; click, Enter or Space deletes a
// patch). Both use the site's viz helpers: viridis colours, raster cells, grid navigation with announced
// values, and a data table.
import { range } from 'd3';
import { ensure, ensureFirst, liveRegion, rootId, sel } from './dom';
import { gridNav } from './grid-nav';
import type { Matrix } from './matrix';
import { hatchFill, matrixRaster, placeRaster } from './cell-raster';
import { pngHref, rgbToRgba } from './raster';
import { colourScale, formatValue } from './scales';
import { dataTable } from './table';

type GridNode = SVGSVGElement & { __gridPos?: { r: number; c: number } };

const NONE_MASKED = (_r: number, _c: number): boolean => false;

/** One small multiple's cells as a raster (masked cells grey and faint). */
function cellPixels(m: Matrix, domain?: [number, number], mask = NONE_MASKED): string {
  return matrixRaster(m, colourScale('sequential', m.values, domain), mask, 40);
}

export interface MultiplesOptions {
  title: string;
  help: string;
  selected: [number, number];
  off: (layer: number, head: number) => boolean;
  cellName: (layer: number, head: number, off: boolean) => string;
  onPick: (layer: number, head: number) => void;
  mask?: (r: number, c: number) => boolean;
  domain?: [number, number];
}

/** cells[layer][head]: one small heat map each, in a grid of layers (rows) × heads (columns). */
export function smallMultiples(root: HTMLElement, cells: Matrix[][], o: MultiplesOptions): void {
  rootId(root);
  root.classList.add('viz', 'ax-multiples');
  const layers = cells.length;
  const heads = cells[0]?.length ?? 0;
  const size = 56;
  const gap = 8;
  const left = 30;
  const top = 18;
  const width = left + heads * (size + gap);
  const height = top + layers * (size + gap);
  const { live, helpId } = liveRegion(root, `${o.title}. ${o.help}`);
  const svgEl = ensureFirst(root, 'svg', 'viz-svg') as GridNode;
  const svg = sel(svgEl)
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('width', width)
    .attr('role', 'application')
    .attr('aria-roledescription', 'grid of heads')
    .attr('aria-label', o.title)
    .attr('aria-describedby', helpId);
  const at = (l: number, h: number) => `translate(${left + h * (size + gap)},${top + l * (size + gap)})`;
  sel(ensure(svgEl, 'g', 'ax-head-labels'))
    .selectAll('text')
    .data(range(heads))
    .join('text')
    .attr('x', (h) => left + h * (size + gap) + size / 2)
    .attr('y', 12)
    .attr('text-anchor', 'middle')
    .text((h) => `H${h}`);
  sel(ensure(svgEl, 'g', 'ax-layer-labels'))
    .selectAll('text')
    .data(range(layers))
    .join('text')
    .attr('x', left - 6)
    .attr('y', (l) => top + l * (size + gap) + size / 2)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'end')
    .text((l) => `L${l}`);
  const pairs = range(layers).flatMap((l) => range(heads).map((h) => [l, h] as [number, number]));
  const groups = sel(ensure(svgEl, 'g', 'ax-cells'))
    .selectAll<SVGGElement, [number, number]>('g.ax-cell')
    .data(pairs)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'ax-cell');
      g.append('image').attr('preserveAspectRatio', 'none').attr('class', 'viz-raster');
      g.append('rect').attr('class', 'ax-cell-frame');
      g.append('path').attr('class', 'ax-cell-off');
      return g;
    })
    .attr('transform', ([l, h]) => at(l, h))
    .classed('ax-selected', ([l, h]) => l === o.selected[0] && h === o.selected[1])
    .classed('ax-off', ([l, h]) => o.off(l, h))
    .on('click', (_e: Event, [l, h]) => {
      svgEl.__gridPos = { r: l, c: h };
      o.onPick(l, h);
    });
  groups
    .select('image')
    .attr('width', size)
    .attr('height', size)
    .attr('href', ([l, h]) => cellPixels(cells[l]![h]!, o.domain, o.mask));
  groups.select('rect').attr('width', size).attr('height', size);
  groups.select('path').attr('d', `M2,2L${size - 2},${size - 2}M${size - 2},2L2,${size - 2}`);
  svgEl.__gridPos = { r: o.selected[0], c: o.selected[1] };
  gridNav(svg, {
    rows: layers,
    cols: heads,
    live,
    onMove(l, h) {
      if (l < 0) return '';
      if (l !== o.selected[0] || h !== o.selected[1]) o.onPick(l, h);
      return o.cellName(l, h, o.off(l, h));
    },
  });
}

export interface PatchMapOptions {
  title: string;
  help: string;
  /** The model's input crop, RGB HWC bytes, size × size. */
  rgb: ArrayLike<number>;
  size: number;
  grid: number;
  masked: ReadonlySet<number>;
  describe: (r: number, c: number, value: string, masked: boolean) => string;
  onToggle: (patch: number) => void;
  width?: number;
}

/** A heat overlay of values [g*g] on the image; deleted patches hatched. */
export function patchMap(root: HTMLElement, values: Float32Array, o: PatchMapOptions): void {
  const id = rootId(root);
  root.classList.add('viz', 'ax-map');
  const width = o.width ?? 216;
  const cell = width / o.grid;
  const m: Matrix = { rows: o.grid, cols: o.grid, values, rowName: 'row', colName: 'column' };
  const { live, helpId } = liveRegion(root, `${o.title}. ${o.help}`);
  const svgEl = ensureFirst(root, 'svg', 'viz-svg') as GridNode;
  const legendH = 26;
  const svg = sel(svgEl)
    .attr('viewBox', `0 0 ${width} ${width + legendH}`)
    .attr('width', width)
    .attr('role', 'application')
    .attr('aria-roledescription', 'patch map')
    .attr('aria-label', o.title)
    .attr('aria-describedby', helpId);
  // ensure() finds a child by its first class: each image's own class comes first, or both would be one.
  const photo = pngHref(rgbToRgba(o.rgb, o.size, o.size), o.size, o.size);
  placeRaster(ensure(svgEl, 'image', 'ax-photo viz-raster') as SVGImageElement, photo, width, width);
  placeRaster(ensure(svgEl, 'image', 'ax-heat viz-raster') as SVGImageElement, cellPixels(m), width, width);
  const hatch = hatchFill(ensure(svgEl, 'defs', 'viz-defs') as SVGDefsElement, `${id}-hatch`, 5);
  sel(ensure(svgEl, 'g', 'ax-patches'))
    .selectAll<SVGRectElement, number>('rect')
    .data(range(o.grid * o.grid))
    .join('rect')
    .attr('x', (i) => (i % o.grid) * cell)
    .attr('y', (i) => Math.floor(i / o.grid) * cell)
    .attr('width', cell)
    .attr('height', cell)
    .attr('class', (i) => (o.masked.has(i) ? 'ax-patch ax-patch-off' : 'ax-patch'))
    .attr('fill', (i) => (o.masked.has(i) ? hatch : 'transparent'))
    .on('click', (_e: Event, i) => {
      svgEl.__gridPos = { r: Math.floor(i / o.grid), c: i % o.grid };
      o.onToggle(i);
    });
  const scale = colourScale('sequential', values);
  const legend = sel(ensure(svgEl, 'g', 'viz-legend')).attr('transform', `translate(0,${width + 6})`);
  legend
    .selectAll('text')
    .data(scale.domain)
    .join('text')
    .attr('x', (_, k) => k * width)
    .attr('y', 14)
    .attr('text-anchor', (_, k) => (k ? 'end' : 'start'))
    .text((v) => formatValue(v));
  const marker = sel(ensure(svgEl, 'rect', 'viz-focus'))
    .attr('width', cell)
    .attr('height', cell);
  let pos = svgEl.__gridPos ?? { r: 0, c: 0 };
  svg.on('keydown.toggle', (e: KeyboardEvent) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    o.onToggle(pos.r * o.grid + pos.c);
  });
  gridNav(svg, {
    rows: o.grid,
    cols: o.grid,
    live,
    onMove(r, c) {
      if (r < 0) {
        marker.attr('visibility', 'hidden');
        return '';
      }
      pos = { r, c };
      marker
        .attr('visibility', 'visible')
        .attr('x', c * cell)
        .attr('y', r * cell);
      const i = r * o.grid + c;
      return o.describe(r, c, formatValue(values[i]!), o.masked.has(i));
    },
  });
  if (svgEl.ownerDocument.activeElement !== svgEl) marker.attr('visibility', 'hidden');
  dataTable(root, m, o.title);
}
