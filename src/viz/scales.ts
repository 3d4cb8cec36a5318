// Colour scales shared by every figure: viridis for magnitudes (attention, probabilities), a diverging
// blue–white–red scale centred on zero for signed values (activations, logits). Both are colour-blind safe
// (viridis by design; RdBu from ColorBrewer's colour-blind-safe set).
import { interpolateRdBu, interpolateViridis, rgb, scaleDiverging, scaleSequential } from 'd3';

export type ScaleKind = 'sequential' | 'diverging';

export interface ColourScale {
  kind: ScaleKind;
  /** [min, max] for sequential, [-m, m] for diverging. */
  domain: [number, number];
  colour(value: number): string;
  /** The same colour as [r, g, b] bytes, for raster images. */
  bytes(value: number): [number, number, number];
}

/** Smallest and largest finite values; [0, 0] for an empty or all-infinite array. */
export function extent(values: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo > hi ? [0, 0] : [lo, hi];
}

/** Diverging when the values take both signs, sequential otherwise. */
export function suggestKind(values: ArrayLike<number>): ScaleKind {
  const [lo, hi] = extent(values);
  return lo < 0 && hi > 0 ? 'diverging' : 'sequential';
}

/** Negative blue, zero near white, positive red. */
const blueWhiteRed = (t: number): string => interpolateRdBu(1 - t);

export function colourScale(
  kind: ScaleKind,
  values: ArrayLike<number>,
  domain?: [number, number],
): ColourScale {
  const [lo, hi] = domain ?? extent(values);
  let fn: (v: number) => string;
  let dom: [number, number];
  if (kind === 'diverging') {
    const m = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
    dom = [-m, m];
    const s = scaleDiverging(blueWhiteRed).domain([-m, 0, m]).clamp(true);
    fn = (v) => s(v);
  } else {
    dom = [lo, hi > lo ? hi : lo + 1];
    const s = scaleSequential(interpolateViridis).domain(dom).clamp(true);
    fn = (v) => s(v);
  }
  const colour = (v: number): string => (Number.isFinite(v) ? fn(v) : 'transparent');
  const bytes = (v: number): [number, number, number] => {
    const c = rgb(colour(v));
    return [Math.round(c.r) || 0, Math.round(c.g) || 0, Math.round(c.b) || 0];
  };
  return { kind, domain: dom, colour, bytes };
}

/** Black or white text, whichever reads better on the given fill. */
export function inkFor(fill: string): string {
  const c = rgb(fill);
  const lum = 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
  return lum > 140 ? '#111' : '#fff';
}

/** Compact numbers for cells and announcements: 4 significant digits, no trailing noise. */
export function formatValue(v: number): string {
  if (v === -Infinity) return '−∞';
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(2).replace('-', '−');
  return Number(v.toPrecision(4)).toString().replace('-', '−');
}
