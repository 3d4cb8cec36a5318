// Pieces the grid figures share (heatmap.ts, explorer-maps.ts, patches.ts): a matrix as one raster of
// coloured cells, the hatch that marks masked cells, and an <image> laid over a square drawing.
import { sel } from './dom';
import type { Matrix } from './matrix';
import { pngHref } from './raster';
import type { ColourScale } from './scales';

/** Grey cells at this alpha (of 255) stand for masked ones in a raster; each figure picks its own. */
export function matrixRaster(
  m: Matrix,
  scale: Pick<ColourScale, 'bytes'>,
  masked: (r: number, c: number) => boolean,
  maskedAlpha: number,
): string {
  const rgba = new Uint8ClampedArray(m.rows * m.cols * 4);
  for (let r = 0, i = 0; r < m.rows; r++) {
    for (let c = 0; c < m.cols; c++, i++) {
      rgba.set(masked(r, c) ? [128, 128, 128, maskedAlpha] : [...scale.bytes(m.values[i]!), 255], i * 4);
    }
  }
  return pngHref(rgba, m.cols, m.rows);
}

/** A diagonal hatch of `size` px in the drawing's defs, under `id`; returns the fill that uses it. */
export function hatchFill(defs: SVGDefsElement, id: string, size: number): string {
  sel(defs)
    .selectAll('pattern')
    .data([0])
    .join('pattern')
    .attr('id', id)
    .attr('width', size)
    .attr('height', size)
    .attr('patternUnits', 'userSpaceOnUse')
    .selectAll('path')
    .data([0])
    .join('path')
    .attr('d', `M0,${size} L${size},0`)
    .attr('class', 'viz-hatch');
  return `url(#${id})`;
}

/** An <image> stretched over width × height, pixels unsmoothed by the viz-raster class. */
export function placeRaster(image: SVGImageElement, href: string, width: number, height: number): void {
  sel(image)
    .attr('href', href)
    .attr('width', width)
    .attr('height', height)
    .attr('preserveAspectRatio', 'none');
}
