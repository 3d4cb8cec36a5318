// Colour scales shared by every figure: viridis for magnitudes (attention, probabilities), a diverging
// blue–white–red scale centred on zero for signed values (activations, logits). Both are colour-blind safe
// (viridis by design; RdBu from ColorBrewer's colour-blind-safe set).
import { interpolateRdBu, interpolateViridis, rgb } from 'd3';
import { t } from './strings';

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

/** An interpolator on [0, 1] read from a table of its colours, as CSS strings and as RGB bytes. */
interface Table {
  css: string[];
  rgb: Uint8Array;
  /** t in [0, 1] → table row. */
  row(t: number): number;
}

function table(n: number, at: (k: number) => string, row: (t: number) => number): Table {
  const css = Array.from({ length: n }, (_, k) => at(k));
  const rgbBytes = new Uint8Array(n * 3);
  css.forEach((c, k) => {
    const { r, g, b } = rgb(c);
    rgbBytes.set([Math.round(r) || 0, Math.round(g) || 0, Math.round(b) || 0], k * 3);
  });
  return { css, rgb: rgbBytes, row };
}

// d3's viridis is itself a ramp of 256 colours (colour floor(256 t)), so this table gives exactly its output.
// RdBu is a spline: 1025 samples, zero and both ends exact, every colour within one unit of d3's.
let tables: { viridis: Table; rdbu: Table } | null = null;
const tablesOf = (): { viridis: Table; rdbu: Table } =>
  (tables ??= {
    viridis: table(
      256,
      (k) => interpolateViridis((k + 0.5) / 256),
      (t) => Math.max(0, Math.min(255, Math.floor(t * 256))),
    ),
    rdbu: table(
      1025,
      (k) => blueWhiteRed(k / 1024),
      (t) => Math.round(Math.max(0, Math.min(1, t)) * 1024),
    ),
  });

export function colourScale(
  kind: ScaleKind,
  values: ArrayLike<number>,
  domain?: [number, number],
): ColourScale {
  const [lo, hi] = domain ?? extent(values);
  let dom: [number, number];
  let tab: Table;
  if (kind === 'diverging') {
    const m = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
    dom = [-m, m];
    tab = tablesOf().rdbu;
  } else {
    dom = [lo, hi > lo ? hi : lo + 1];
    tab = tablesOf().viridis;
  }
  const [a, b] = dom;
  // Values outside the domain take the end colours (clamped), like d3's .clamp(true).
  const row = (v: number): number => tab.row(Math.max(0, Math.min(1, (v - a) / (b - a))));
  const colour = (v: number): string => (Number.isFinite(v) ? tab.css[row(v)]! : 'transparent');
  const bytes = (v: number): [number, number, number] => {
    if (!Number.isFinite(v)) return [0, 0, 0];
    const k = row(v) * 3;
    return [tab.rgb[k]!, tab.rgb[k + 1]!, tab.rgb[k + 2]!];
  };
  return { kind, domain: dom, colour, bytes };
}

/** Black or white text, whichever reads better on the given fill. */
export function inkFor(fill: string): string {
  const c = rgb(fill);
  const lum = 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
  return lum > 140 ? '#111' : '#fff';
}

/** A number with `digits` fraction digits, a true minus sign and the page language's decimal separator. */
export function formatFixed(v: number, digits: number): string {
  return v.toFixed(digits).replace('-', '−').replace('.', t().decimal);
}

/** A number with `digits` significant digits, a true minus sign and the page language's decimal separator. */
export function formatPrecise(v: number, digits: number): string {
  return v.toPrecision(digits).replaceAll('-', '−').replace('.', t().decimal);
}

/** Compact numbers for cells and announcements: 4 significant digits, no trailing noise, true minus signs,
 * the page language's decimal separator. */
export function formatValue(v: number): string {
  if (v === -Infinity) return '−∞';
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  const text = a >= 1e4 || a < 1e-3 ? v.toExponential(2) : Number(v.toPrecision(4)).toString();
  return text.replaceAll('-', '−').replace('.', t().decimal);
}
