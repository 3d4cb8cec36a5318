// What the image tower learned, drawn (seed sections 4.1 and 4.3): conv1's filters as a mosaic of RGB
// tiles, and the positional embeddings' similarity as g × g small multiples of g × g maps (the ViT paper's
// figure 7). Both are one pixelated PNG each (hundreds of tiles stay light), with the tile borders drawn
// over it in the figure's background colour, arrow-key navigation that announces what the cell is, and a
// pointer click that does the same. Data in: src/lab/vision-weights.ts; no TF.js.
import { range } from 'd3';
import { ensure, ensureFirst, liveRegion, rootId, sel } from './dom';
import { gridNav } from './grid-nav';
import type { Matrix } from './matrix';
import { pngHref } from './raster';
import { colourScale } from './scales';
import { dataTable } from './table';

/** The tiles to draw: the lab's FilterTiles (restated, so viz does not depend on the lab module). */
export interface TileSet {
  count: number;
  patch: number;
  rgb: ArrayLike<number>;
  min: ArrayLike<number>;
  max: ArrayLike<number>;
}

export interface FilterMosaicOptions {
  title: string;
  /** The keyboard help sentence. */
  help: string;
  /** The filters drawn: [start, end). */
  start: number;
  end: number;
  /** The sentence announced for filter i. */
  describe(i: number): string;
  /** Table headers: the filter column, then min and max. */
  table: { caption: string; filter: string; min: string; max: string };
  /** Drawing width in px (the SVG scales to its container). Default 560. */
  width?: number;
  sym?: string;
}

export interface MosaicLayout {
  cols: number;
  rows: number;
  tile: number;
  left: number;
  width: number;
  height: number;
}

/** Columns grow with the number of tiles, so a page of 16 and all 768 filters both read. */
export function mosaicLayout(shown: number, width = 560): MosaicLayout {
  const cols = Math.max(1, Math.min(shown, shown <= 64 ? 8 : shown <= 256 ? 16 : 32));
  const rows = Math.max(1, Math.ceil(shown / cols));
  const left = 30;
  const tile = (width - left) / cols;
  return { cols, rows, tile, left, width, height: rows * tile };
}

/** The cell under a pointer event, in grid coordinates of an SVG drawn with a viewBox. */
function cellAt(
  svg: SVGSVGElement,
  event: MouseEvent,
  x0: number,
  y0: number,
  cell: number,
): { r: number; c: number } | null {
  const box = svg.getBoundingClientRect();
  const vb = svg.viewBox?.baseVal;
  if (!box.width || !vb?.width) return null;
  const k = vb.width / box.width;
  const x = (event.clientX - box.left) * k - x0;
  const y = (event.clientY - box.top) * k - y0;
  if (x < 0 || y < 0) return null;
  return { r: Math.floor(y / cell), c: Math.floor(x / cell) };
}

/** Border lines between cells every `step` px, in the figure's background colour (CSS .viz-gaps). */
function gaps(svgEl: SVGSVGElement, x0: number, y0: number, w: number, h: number, step: number): void {
  const xs = range(1, Math.round(w / step)).map((k) => `M${x0 + k * step},${y0}V${y0 + h}`);
  const ys = range(1, Math.round(h / step)).map((k) => `M${x0},${y0 + k * step}H${x0 + w}`);
  sel(ensure(svgEl, 'path', 'viz-gaps')).attr('d', [...xs, ...ys].join(''));
}

/** conv1's filters [start, end) as RGB tiles; returns a function that moves the keyboard focus marker. */
export function filterMosaic(
  root: HTMLElement,
  tiles: TileSet,
  opts: FilterMosaicOptions,
): (r: number, c: number) => void {
  rootId(root);
  root.classList.add('viz', 'viz-filters');
  if (opts.sym) root.dataset.sym = opts.sym;
  const start = Math.max(0, Math.min(tiles.count - 1, opts.start));
  const end = Math.max(start + 1, Math.min(tiles.count, opts.end));
  const shown = end - start;
  const L = mosaicLayout(shown, opts.width);
  const P = tiles.patch;
  const size = P * P * 3;
  // One image: cols × rows tiles of P × P pixels (the empty end of the last row transparent).
  const rgba = new Uint8ClampedArray(L.cols * P * L.rows * P * 4);
  const rowBytes = L.cols * P * 4;
  for (let k = 0; k < shown; k++) {
    const ox = (k % L.cols) * P;
    const oy = Math.floor(k / L.cols) * P;
    const base = (start + k) * size;
    for (let y = 0; y < P; y++) {
      for (let x = 0; x < P; x++) {
        const i = base + (y * P + x) * 3;
        const o = (oy + y) * rowBytes + (ox + x) * 4;
        rgba[o] = tiles.rgb[i]!;
        rgba[o + 1] = tiles.rgb[i + 1]!;
        rgba[o + 2] = tiles.rgb[i + 2]!;
        rgba[o + 3] = 255;
      }
    }
  }
  const { live, helpId } = liveRegion(root, `${opts.title}. ${opts.help}`);
  const svgEl = ensureFirst(root, 'svg', 'viz-svg') as SVGSVGElement;
  const svg = sel(svgEl)
    .attr('viewBox', `0 0 ${L.width} ${L.height}`)
    .attr('width', L.width)
    .attr('role', 'application')
    .attr('aria-roledescription', 'filter grid')
    .attr('aria-label', `${opts.title}, ${start}–${end - 1}`)
    .attr('aria-describedby', helpId);
  sel(ensure(svgEl, 'image', 'viz-raster'))
    .attr('href', pngHref(rgba, L.cols * P, L.rows * P))
    .attr('x', L.left)
    .attr('width', L.cols * L.tile)
    .attr('height', L.rows * L.tile)
    .attr('preserveAspectRatio', 'none');
  gaps(svgEl, L.left, 0, L.cols * L.tile, L.rows * L.tile, L.tile);
  sel(ensure(svgEl, 'g', 'viz-row-labels'))
    .selectAll<SVGTextElement, number>('text')
    .data(range(L.rows))
    .join('text')
    .attr('x', L.left - 4)
    .attr('y', (r) => (r + 0.5) * L.tile)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'end')
    .text((r) => String(start + r * L.cols));
  const marker = sel(ensure(svgEl, 'rect', 'viz-focus'))
    .attr('width', L.tile)
    .attr('height', L.tile)
    .attr('visibility', 'hidden');
  const ids = range(start, end);
  const m: Matrix = {
    rows: shown,
    cols: 2,
    values: Float32Array.from(ids.flatMap((i) => [tiles.min[i]!, tiles.max[i]!])),
    rowLabels: ids.map(String),
    colLabels: [opts.table.min, opts.table.max],
    rowName: opts.table.filter,
  };
  dataTable(root, m, opts.table.caption, 16);
  const move = gridNav(svg, {
    rows: L.rows,
    cols: L.cols,
    live,
    onMove(r, c) {
      if (r < 0) {
        marker.attr('visibility', 'hidden');
        return '';
      }
      const k = Math.min(shown - 1, r * L.cols + c);
      marker
        .attr('visibility', 'visible')
        .attr('x', L.left + (k % L.cols) * L.tile)
        .attr('y', Math.floor(k / L.cols) * L.tile);
      return opts.describe(start + k);
    },
  });
  svg.on('click.tiles', (event: MouseEvent) => {
    const at = cellAt(svgEl, event, L.left, 0, L.tile);
    if (!at || at.r >= L.rows || at.c >= L.cols) return;
    (svgEl as unknown as HTMLElement).focus?.({ preventScroll: true });
    move(at.r, at.c);
  });
  return move;
}

export interface PositionGridOptions {
  title: string;
  help: string;
  /** The selected patch (row * g + col). */
  selected: number;
  /** Called when the reader moves to another patch (keyboard or pointer). */
  onSelect(p: number): void;
  /** The sentence announced for patch p. */
  describe(p: number): string;
  /** Drawing width in px. Default 300. */
  width?: number;
  sym?: string;
}

/**
 * The g × g small multiples: block (R, C) is the g × g map of patch (R, C)'s cosine with every position,
 * all on one diverging scale from −1 to 1. Returns a function that selects patch (r, c).
 */
export function positionGrid(
  root: HTMLElement,
  sim: { grid: number; values: ArrayLike<number> },
  opts: PositionGridOptions,
): (r: number, c: number) => void {
  rootId(root);
  root.classList.add('viz', 'viz-positions');
  if (opts.sym) root.dataset.sym = opts.sym;
  const g = sim.grid;
  const n = g * g;
  const scale = colourScale('diverging', [], [-1, 1]);
  const side = g * g;
  const rgba = new Uint8ClampedArray(side * side * 4);
  for (let p = 0; p < n; p++) {
    const R = Math.floor(p / g);
    const C = p % g;
    for (let q = 0; q < n; q++) {
      const y = R * g + Math.floor(q / g);
      const x = C * g + (q % g);
      rgba.set([...scale.bytes(sim.values[p * n + q]!), 255], (y * side + x) * 4);
    }
  }
  const top = 14;
  const left = 18;
  const width = opts.width ?? 300;
  const block = (width - left) / g;
  const { live, helpId } = liveRegion(root, `${opts.title}. ${opts.help}`);
  const svgEl = ensureFirst(root, 'svg', 'viz-svg') as SVGSVGElement;
  const svg = sel(svgEl)
    .attr('viewBox', `0 0 ${width} ${top + g * block}`)
    .attr('width', width)
    .attr('role', 'application')
    .attr('aria-roledescription', 'patch grid')
    .attr('aria-label', opts.title)
    .attr('aria-describedby', helpId);
  sel(ensure(svgEl, 'image', 'viz-raster'))
    .attr('href', pngHref(rgba, side, side))
    .attr('x', left)
    .attr('y', top)
    .attr('width', g * block)
    .attr('height', g * block)
    .attr('preserveAspectRatio', 'none');
  gaps(svgEl, left, top, g * block, g * block, block);
  const every = Math.max(1, Math.ceil(14 / block));
  const ticks = range(0, g, every);
  sel(ensure(svgEl, 'g', 'viz-row-labels'))
    .selectAll<SVGTextElement, number>('text')
    .data(ticks)
    .join('text')
    .attr('x', left - 4)
    .attr('y', (r) => top + (r + 0.5) * block)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'end')
    .text((r) => String(r + 1));
  sel(ensure(svgEl, 'g', 'viz-col-labels'))
    .selectAll<SVGTextElement, number>('text')
    .data(ticks)
    .join('text')
    .attr('x', (c) => left + (c + 0.5) * block)
    .attr('y', top - 4)
    .attr('text-anchor', 'middle')
    .text((c) => String(c + 1));
  const marker = sel(ensure(svgEl, 'rect', 'viz-focus viz-selected'))
    .attr('width', block)
    .attr('height', block);
  const place = (p: number): void => {
    marker.attr('x', left + (p % g) * block).attr('y', top + Math.floor(p / g) * block);
  };
  let selected = Math.max(0, Math.min(n - 1, opts.selected));
  place(selected);
  const node = svgEl as SVGSVGElement & { __gridPos?: { r: number; c: number } };
  node.__gridPos = { r: Math.floor(selected / g), c: selected % g };
  const move = gridNav(svg, {
    rows: g,
    cols: g,
    live,
    onMove(r, c) {
      if (r < 0) return ''; // the selection stays marked when focus leaves
      const p = r * g + c;
      place(p);
      if (p !== selected) {
        selected = p;
        opts.onSelect(p);
      }
      return opts.describe(p);
    },
  });
  svg.on('click.positions', (event: MouseEvent) => {
    const at = cellAt(svgEl, event, left, top, block);
    if (!at || at.r >= g || at.c >= g) return;
    (svgEl as unknown as HTMLElement).focus?.({ preventScroll: true });
    move(at.r, at.c);
  });
  return move;
}
