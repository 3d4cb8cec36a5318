// The attention explorer's inputs in the page URL (?explorer={...}), so a view can be shared: text,
// caption, gallery image, picked layer and head of each tower, head masks and deleted patches. As in
// lib/url-state.ts, the reader's own image is never written; every field is checked when read (with
// that module's field checks) and the URL is written within its bound (long texts kept in the tab instead).
import { type ClipConfig, dims } from '../../../src/clip/config';
import { intIn, objectOf, readParam, textOf, writeParam } from '../../lib/url-state';

export type Masks = Record<number, number[]>;

export interface ExplorerState {
  text: string;
  caption: string;
  /** Gallery index; -1 while the reader's own image is shown (then not written). */
  image: number;
  textLayer: number;
  textHead: number;
  imageLayer: number;
  imageHead: number;
  textMask: Masks;
  imageMask: Masks;
  patches: number[];
}

export interface Sizes {
  textLayers: number;
  textHeads: number;
  imageLayers: number;
  imageHeads: number;
  grid: number;
  gallery: number;
}

/** The sizes the explorer's controls follow, from a model's config. */
export function sizesOf(cfg: ClipConfig, gallery: number): Sizes {
  const d = dims(cfg);
  return {
    textLayers: cfg.transformer_layers,
    textHeads: d.textHeads,
    imageLayers: cfg.vision_layers,
    imageHeads: d.visionHeads,
    grid: d.grid,
    gallery,
  };
}

const KEY = 'explorer';
const isInt = (v: unknown, lo: number, hi: number): v is number => intIn(v, lo, hi) !== undefined;

function masksOf(raw: unknown, layers: number, heads: number): Masks | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const out: Masks = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    const l = Number(k);
    if (!isInt(l, 0, layers) || !Array.isArray(v) || !v.every((h) => isInt(h, 0, heads))) return null;
    if (v.length) out[l] = [...new Set(v as number[])].sort((a, b) => a - b);
  }
  return out;
}

/** The state in the URL merged over `base`; fields that do not fit the model's sizes are ignored. */
export function readExplorerState(search: string, base: ExplorerState, z: Sizes): ExplorerState {
  const s = objectOf(readParam(KEY, search));
  if (!s) return base;
  const out = { ...base };
  out.text = textOf(s.t) ?? out.text;
  out.caption = textOf(s.c) ?? out.caption;
  if (isInt(s.i, 0, z.gallery)) out.image = s.i;
  if (isInt(s.tl, 0, z.textLayers)) out.textLayer = s.tl;
  if (isInt(s.th, 0, z.textHeads)) out.textHead = s.th;
  if (isInt(s.vl, 0, z.imageLayers)) out.imageLayer = s.vl;
  if (isInt(s.vh, 0, z.imageHeads)) out.imageHead = s.vh;
  out.textMask = masksOf(s.tm, z.textLayers, z.textHeads) ?? out.textMask;
  out.imageMask = masksOf(s.vm, z.imageLayers, z.imageHeads) ?? out.imageMask;
  if (Array.isArray(s.p) && s.p.every((p) => isInt(p, 0, z.grid * z.grid))) {
    out.patches = [...new Set(s.p as number[])].sort((a, b) => a - b);
  }
  return out;
}

/** The state as written in the URL (the reader's own image left out, texts cut to what the model reads). */
function explorerJson(s: ExplorerState): Record<string, unknown> {
  return {
    t: textOf(s.text),
    c: textOf(s.caption),
    i: s.image >= 0 ? s.image : undefined,
    tl: s.textLayer,
    th: s.textHead,
    vl: s.imageLayer,
    vh: s.imageHead,
    tm: Object.keys(s.textMask).length ? s.textMask : undefined,
    vm: Object.keys(s.imageMask).length ? s.imageMask : undefined,
    p: s.patches.length ? s.patches : undefined,
  };
}

/** The URL's query string with the state written in (whole, without the bound: for tests and links). */
export function explorerSearch(search: string, s: ExplorerState): string {
  const params = new URLSearchParams(search);
  params.set(KEY, JSON.stringify(explorerJson(s)));
  return `?${params.toString()}`;
}

/** Writes the state into the page URL, within its bound (texts that do not fit are kept in the tab). */
export function writeExplorerState(s: ExplorerState): void {
  writeParam(KEY, explorerJson(s), ['t', 'c']);
}

/** Toggles one head in a mask (a new object). */
export function toggleHead(masks: Masks, layer: number, head: number): Masks {
  const heads = new Set(masks[layer] ?? []);
  if (heads.has(head)) heads.delete(head);
  else heads.add(head);
  const out = { ...masks };
  if (heads.size) out[layer] = [...heads].sort((a, b) => a - b);
  else delete out[layer];
  return out;
}

export const isOff = (masks: Masks, layer: number, head: number): boolean =>
  masks[layer]?.includes(head) ?? false;
