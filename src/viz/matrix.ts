// Matrices for figures: a 2-D view (rows × cols + labels) cut from a Trace entry of any rank, with the
// batch item, the head and a window of rows/cols chosen by the caller. Pure data: no DOM, no TF.js.

/** The shape a Trace entry has (src/clip/trace.ts), restated here so viz never imports TF.js. */
export interface TensorLike {
  shape: readonly number[];
  data: ArrayLike<number>;
}

export interface Matrix {
  rows: number;
  cols: number;
  /** Row-major, rows × cols. */
  values: Float32Array;
  rowLabels?: string[];
  colLabels?: string[];
  /**
   * Image rows (and columns): a data: URL per row, drawn as the row's label (src/viz/thumbs.ts); the text
   * label stays the image's accessible name, and the table's and the announcements' words.
   */
  rowImages?: (string | undefined)[];
  colImages?: (string | undefined)[];
  /** Axis names for announcements and tables ("token", "dim"). */
  rowName?: string;
  colName?: string;
}

export interface SliceOptions {
  /** Batch item (first axis), default 0. Ignored for rank ≤ 2 tensors. */
  item?: number;
  /** Head, for [N, H, n, n] or [N, H, n, d] tensors. */
  head?: number;
  /** Keep at most this many rows (from the start). */
  maxRows?: number;
  maxCols?: number;
}

const product = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

/**
 * A [rows, cols] view of one item of the tensor: rank 1 → 1 × n; rank 2 [N, d] → 1 × d for the item;
 * rank 3 [N, n, d] → n × d; rank 4 [N, H, n, d] → n × d of the head. Leading axes left over are folded
 * into rows.
 */
export function matrixOf(t: TensorLike, options: SliceOptions = {}): Matrix {
  const shape = [...t.shape];
  if (shape.length === 0) return { rows: 1, cols: 1, values: Float32Array.of(Number(t.data[0])) };
  let offset = 0;
  let rest = shape;
  if (shape.length >= 2) {
    const item = options.item ?? 0;
    rest = shape.slice(1);
    if (item < 0 || item >= shape[0]!) throw new RangeError(`item ${item} is outside [0, ${shape[0]})`);
    offset = item * product(rest);
  }
  if (rest.length >= 3 && options.head !== undefined) {
    const h = options.head;
    if (h < 0 || h >= rest[0]!) throw new RangeError(`head ${h} is outside [0, ${rest[0]})`);
    rest = rest.slice(1);
    offset += h * product(rest);
  }
  const cols = rest[rest.length - 1] ?? 1;
  const rows = rest.length >= 2 ? product(rest.slice(0, -1)) : 1;
  const keepRows = Math.min(rows, options.maxRows ?? rows);
  const keepCols = Math.min(cols, options.maxCols ?? cols);
  const values = new Float32Array(keepRows * keepCols);
  for (let r = 0; r < keepRows; r++) {
    for (let c = 0; c < keepCols; c++) values[r * keepCols + c] = Number(t.data[offset + r * cols + c]);
  }
  return { rows: keepRows, cols: keepCols, values };
}

/** Plain nested arrays → Matrix (for small hand-made or computed matrices). */
export function fromRows(rows: readonly (readonly number[])[]): Matrix {
  const r = rows.length;
  const c = rows[0]?.length ?? 0;
  const values = new Float32Array(r * c);
  rows.forEach((row, i) => {
    if (row.length !== c) throw new Error('every row must have the same length');
    values.set(row, i * c);
  });
  return { rows: r, cols: c, values };
}

export function valueAt(m: Matrix, r: number, c: number): number {
  return m.values[r * m.cols + c]!;
}

/** Row-wise softmax of values / temperature (−∞ stays 0); used by the temperature control. */
export function softmaxRows(m: Matrix, temperature = 1): Matrix {
  const out = new Float32Array(m.values.length);
  for (let r = 0; r < m.rows; r++) {
    let max = -Infinity;
    for (let c = 0; c < m.cols; c++) max = Math.max(max, valueAt(m, r, c) / temperature);
    let sum = 0;
    for (let c = 0; c < m.cols; c++) {
      const e = Math.exp(valueAt(m, r, c) / temperature - max);
      out[r * m.cols + c] = e;
      sum += e;
    }
    for (let c = 0; c < m.cols; c++) out[r * m.cols + c]! /= sum;
  }
  return { ...m, values: out };
}

export function transpose(m: Matrix): Matrix {
  const out = new Float32Array(m.values.length);
  for (let r = 0; r < m.rows; r++) for (let c = 0; c < m.cols; c++) out[c * m.rows + r] = valueAt(m, r, c);
  return {
    rows: m.cols,
    cols: m.rows,
    values: out,
    rowLabels: m.colLabels,
    colLabels: m.rowLabels,
    rowImages: m.colImages,
    colImages: m.rowImages,
    rowName: m.colName,
    colName: m.rowName,
  };
}

/** A cell a spreadsheet reads as a number (kept as it is, even when it starts with "-" or "+"). */
const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * One CSV cell. Text that a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a CR:
 * a caption "=HYPERLINK(…)" can come from a shared URL) gets a leading single quote, as OWASP's CSV
 * injection advice says; genuine numbers (-0.5, 1e-3) stay numbers. Quotes, commas and line breaks quote the
 * cell.
 */
export function csvCell(s: string): string {
  const safe = /^[=+\-@\t\r]/.test(s) && !NUMERIC.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** CSV with a header of column labels and the row label first; numbers at full float32 precision. */
export function toCsv(m: Matrix): string {
  const q = csvCell;
  const colLabels = m.colLabels ?? Array.from({ length: m.cols }, (_, c) => String(c));
  const lines = [[q(m.rowName ?? ''), ...colLabels.map(q)].join(',')];
  for (let r = 0; r < m.rows; r++) {
    const label = m.rowLabels?.[r] ?? String(r);
    const cells = Array.from(m.values.subarray(r * m.cols, (r + 1) * m.cols), (v) => q(String(v)));
    lines.push([q(label), ...cells].join(','));
  }
  return `${lines.join('\n')}\n`;
}
