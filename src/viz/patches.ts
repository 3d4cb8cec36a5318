// The image cut into patches: the model's input crop (RGB) drawn pixelated, a grid every patch_size
// pixels, patch numbers (token index = patch + 1, after the class token), and arrow-key navigation that
// announces which token a patch becomes.
import { range } from 'd3';
import { ensure, ensureFirst, liveRegion, rootId, sel } from './dom';
import { gridNav } from './grid-nav';
import { placeRaster } from './cell-raster';
import { pngHref, rgbToRgba } from './raster';
import { t } from './strings';

export interface PatchGridData {
  /** RGB HWC bytes, size × size. */
  rgb: ArrayLike<number>;
  size: number;
  patch: number;
}

export interface PatchGridOptions {
  title: string;
  /** Drawing width in px. Default 288. */
  width?: number;
  sym?: string;
  /** Called when the focused patch changes (to highlight its row in a patch-embedding heat map). */
  onFocusPatch?: (index: number) => void;
}

export function patchGrid(
  root: HTMLElement,
  d: PatchGridData,
  opts: PatchGridOptions,
): (r: number, c: number) => void {
  rootId(root);
  root.classList.add('viz', 'viz-patches');
  if (opts.sym) root.dataset.sym = opts.sym;
  const grid = Math.floor(d.size / d.patch);
  const width = opts.width ?? 288;
  const px = width / d.size;
  const { live, helpId } = liveRegion(root, `${opts.title}. ${t().patchHelp(grid, d.patch)}`);
  const svgEl = ensureFirst(root, 'svg', 'viz-svg') as SVGSVGElement;
  const svg = sel(svgEl)
    .attr('viewBox', `0 0 ${width} ${width}`)
    .attr('width', width)
    .attr('role', 'application')
    .attr('aria-roledescription', 'patch grid')
    .attr('aria-label', opts.title)
    .attr('aria-describedby', helpId);
  const photo = pngHref(rgbToRgba(d.rgb, d.size, d.size), d.size, d.size);
  placeRaster(ensure(svgEl, 'image', 'viz-raster') as SVGImageElement, photo, width, width);
  const lines = range(1, grid);
  sel(ensure(svgEl, 'g', 'viz-grid-lines'))
    .selectAll('path')
    .data(lines)
    .join('path')
    .attr('d', (k) => `M${k * d.patch * px},0V${width}M0,${k * d.patch * px}H${width}`);
  const cell = d.patch * px;
  sel(ensure(svgEl, 'g', 'viz-patch-labels'))
    .selectAll('text')
    .data(range(grid * grid))
    .join('text')
    .attr('x', (i) => (i % grid) * cell + 3)
    .attr('y', (i) => Math.floor(i / grid) * cell + 11)
    .text((i) => String(i + 1));
  const marker = sel(ensure(svgEl, 'rect', 'viz-focus'))
    .attr('width', cell)
    .attr('height', cell)
    .attr('visibility', 'hidden');
  return gridNav(svg, {
    rows: grid,
    cols: grid,
    live,
    onMove(r, c) {
      if (r < 0) {
        marker.attr('visibility', 'hidden');
        return '';
      }
      marker
        .attr('visibility', 'visible')
        .attr('x', c * cell)
        .attr('y', r * cell);
      const index = r * grid + c;
      opts.onFocusPatch?.(index);
      return t().patchAt(
        r + 1,
        c + 1,
        `${c * d.patch}–${(c + 1) * d.patch - 1}`,
        `${r * d.patch}–${(r + 1) * d.patch - 1}`,
        index + 1,
      );
    },
  });
}
