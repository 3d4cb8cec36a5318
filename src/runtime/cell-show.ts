// What `show(value, options)` in a code cell turns a value into: one CellItem of plain data, chosen by the
// value's kind (number, text, tensor or trace entry, tokenize's result, image, array, object), drawn in
// the page by the figure factories and always readable as a table where a figure does not fit.
import * as tf from '@tensorflow/tfjs-core';
import type { CellItem } from './cell-protocol';

export interface ShowOptions {
  title?: string;
  /** Force a figure: 'heatmap', 'bars', 'table', 'tokens', 'merges', 'image' or 'values'. */
  as?: 'heatmap' | 'bars' | 'table' | 'tokens' | 'merges' | 'image' | 'values';
  /** For [N, H, n, n] tensors (attention): the batch item and the head. */
  item?: number;
  head?: number;
  labels?: string[];
  rowLabels?: string[];
  colLabels?: string[];
  /** Bars as percentages (the default when the values are in [0, 1] and add up to 1). */
  percent?: boolean;
}

const MAX_CELLS = 200_000;
const MAX_TABLE_ROWS = 200;

type Numbers = { shape: number[]; data: ArrayLike<number> };

const isNumberArray = (v: unknown): v is number[] =>
  Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number');

const isTypedNumbers = (v: unknown): v is Float32Array | Int32Array | Uint8Array | Float64Array =>
  ArrayBuffer.isView(v) && !(v instanceof DataView) && !(v instanceof BigInt64Array);

function asNumbers(value: unknown): Numbers | null {
  if (value instanceof tf.Tensor) {
    if (value.isDisposed) throw new Error('show: this tensor was disposed.');
    return { shape: [...value.shape], data: value.dataSync() as ArrayLike<number> };
  }
  if (value && typeof value === 'object' && 'shape' in value && 'data' in value) {
    const { shape, data } = value as { shape: unknown; data: unknown };
    if (Array.isArray(shape) && (isTypedNumbers(data) || isNumberArray(data))) {
      return { shape: shape as number[], data: data as ArrayLike<number> };
    }
  }
  if (isTypedNumbers(value)) return { shape: [value.length], data: value as ArrayLike<number> };
  if (isNumberArray(value)) return { shape: [value.length], data: value };
  if (Array.isArray(value) && value.length > 0 && value.every(isNumberArray)) {
    const cols = value[0]!.length;
    if (value.every((r) => r.length === cols)) return { shape: [value.length, cols], data: value.flat() };
  }
  return null;
}

const product = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

/** [rows, cols] of one view: rank 4 [N, H, n, d] → the item's head; rank 3 → the item; rank ≤ 2 as is. */
function viewOf(n: Numbers, o: ShowOptions): { rows: number; cols: number; values: Float32Array } {
  const s = n.shape;
  const cols = s.length === 0 ? 1 : s[s.length - 1]!;
  let start = 0;
  let rows = s.length <= 1 ? 1 : s[s.length - 2]!;
  if (s.length >= 3) {
    const per = rows * cols;
    const lead = s.slice(0, -2);
    const item = o.item ?? 0;
    const head = o.head ?? 0;
    const index = lead.length === 1 ? item : item * (lead[1] ?? 1) + head;
    if (index < 0 || index >= product(lead))
      throw new Error(`show: no item ${item}, head ${head} in [${s.join(', ')}].`);
    start = index * per;
  }
  if (rows * cols > MAX_CELLS) rows = Math.max(1, Math.floor(MAX_CELLS / cols));
  return { rows, cols, values: Float32Array.from({ length: rows * cols }, (_, i) => n.data[start + i]!) };
}

const isProbabilities = (v: ArrayLike<number>): boolean => {
  let sum = 0;
  for (let i = 0; i < v.length; i++) {
    if (!(v[i]! >= 0 && v[i]! <= 1)) return false;
    sum += v[i]!;
  }
  return Math.abs(sum - 1) < 1e-3;
};

function numbersItem(n: Numbers, o: ShowOptions): CellItem {
  const title = o.title ?? `[${n.shape.join(', ')}]`;
  if (product(n.shape) === 1 && o.as !== 'heatmap' && o.as !== 'table') {
    return { kind: 'number', value: Number(n.data[0]), title: o.title };
  }
  const v = viewOf(n, o);
  const labels = o.labels ?? o.rowLabels;
  if (o.as === 'bars' || (!o.as && v.rows === 1 && v.cols <= 24)) {
    const values = Array.from(v.values);
    const names = o.labels ?? values.map((_, i) => String(i));
    return { kind: 'bars', title, labels: names, values, percent: o.percent ?? isProbabilities(values) };
  }
  if (o.as === 'table' || o.as === 'values') {
    const columns = o.colLabels ?? Array.from({ length: v.cols }, (_, i) => String(i));
    const rows = Array.from({ length: Math.min(v.rows, MAX_TABLE_ROWS) }, (_, r) => [
      labels?.[r] ?? String(r),
      ...Array.from(v.values.subarray(r * v.cols, (r + 1) * v.cols), (x) => String(x)),
    ]);
    return { kind: 'table', title, columns: ['', ...columns], rows };
  }
  return {
    kind: 'heatmap',
    title,
    shape: [...n.shape],
    rows: v.rows,
    cols: v.cols,
    values: v.values,
    rowLabels: labels,
    colLabels: o.colLabels,
  };
}

interface TokensLike {
  ids: number[];
  tokens: string[];
  contextLength?: number;
  steps?: import('../clip/tokenizer').EncodeSteps;
}

const isTokens = (v: unknown): v is TokensLike =>
  !!v &&
  typeof v === 'object' &&
  isNumberArray((v as TokensLike).ids) &&
  Array.isArray((v as TokensLike).tokens);

interface ImageLike {
  rgb: Uint8Array;
  width?: number;
  height?: number;
  size?: number;
  label?: string;
  caption?: string;
}

const isImage = (v: unknown): v is ImageLike =>
  !!v && typeof v === 'object' && (v as ImageLike).rgb instanceof Uint8Array;

/** A readable one-line form of any value, for console.log and table cells. */
export function describe(value: unknown, depth = 0): string {
  if (typeof value === 'string') return depth === 0 ? value : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return `ƒ ${value.name || '(anonymous)'}`;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (value instanceof tf.Tensor) return `Tensor ${value.dtype} [${value.shape.join(', ')}]`;
  const n = asNumbers(value);
  if (n && !Array.isArray(value)) {
    const head = Array.from({ length: Math.min(8, n.data.length) }, (_, i) => String(n.data[i]));
    return `[${n.shape.join(', ')}] ${head.join(', ')}${n.data.length > 8 ? ', …' : ''}`;
  }
  if (depth > 2) return Array.isArray(value) ? '[…]' : '{…}';
  if (Array.isArray(value)) {
    const shown = value.slice(0, 20).map((x) => describe(x, depth + 1));
    return `[${shown.join(', ')}${value.length > 20 ? `, … ${value.length - 20} more` : ''}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).slice(0, 20);
    return `{ ${entries.map(([k, v]) => `${k}: ${describe(v, depth + 1)}`).join(', ')} }`;
  }
  return String(value);
}

function tableOf(value: unknown, title: string): CellItem {
  if (Array.isArray(value) && value.every((r) => r && typeof r === 'object' && !Array.isArray(r))) {
    const columns = [...new Set(value.flatMap((r) => Object.keys(r as object)))];
    const rows = value
      .slice(0, MAX_TABLE_ROWS)
      .map((r) => columns.map((c) => describe((r as Record<string, unknown>)[c], 1)));
    return { kind: 'table', title, columns, rows };
  }
  if (Array.isArray(value)) {
    const rows = value.slice(0, MAX_TABLE_ROWS).map((x, i) => [String(i), describe(x, 1)]);
    return { kind: 'table', title, columns: ['', ''], rows };
  }
  const rows = Object.entries(value as Record<string, unknown>)
    .slice(0, MAX_TABLE_ROWS)
    .map(([k, v]) => [k, describe(v, 1)]);
  return { kind: 'table', title, columns: ['', ''], rows };
}

/** The item `show(value, options)` sends; throws with a reader's message when a forced figure cannot fit. */
export function showItem(value: unknown, options: ShowOptions = {}, contextLength = 77): CellItem {
  const o = options;
  if (typeof value === 'number' && o.as !== 'table') return { kind: 'number', value, title: o.title };
  if (typeof value === 'string' || typeof value === 'boolean' || value == null) {
    return { kind: 'text', text: describe(value), level: 'log' };
  }
  if (isTokens(value) && (o.as === undefined || o.as === 'tokens' || o.as === 'merges')) {
    return {
      kind: 'tokens',
      title: o.title ?? '',
      ids: [...value.ids],
      tokens: [...value.tokens],
      contextLength: value.contextLength ?? contextLength,
      steps: o.as === 'merges' ? value.steps : undefined,
    };
  }
  if (isImage(value) && (o.as === undefined || o.as === 'image')) {
    const width = value.width ?? value.size ?? 0;
    const height = value.height ?? value.size ?? 0;
    if (width * height * 3 !== value.rgb.length)
      throw new Error('show: the image’s rgb does not match its size.');
    return {
      kind: 'image',
      title: o.title ?? value.label ?? value.caption ?? '',
      width,
      height,
      rgb: value.rgb.slice(),
    };
  }
  const n = asNumbers(value);
  if (n) return numbersItem(n, o);
  if (typeof value === 'object') return tableOf(value, o.title ?? '');
  return { kind: 'text', text: describe(value), level: 'log' };
}
