// Inputs in the page URL, so a view can be shared: ?fig2={"t":["a dog"],"i":[3],"l":1,"h":2} (the n-th
// figure of the page, 0-based), ?explorer={...}, ?zs0={...}. This is the one place URL state is checked and
// written, for the lesson figures and the labs alike:
// - Reading: whatever the URL says is untrusted. Every field is checked on its own (`checkState` and the
//   field checks below): a field of the wrong type, a non-finite number, a sample index outside the gallery
//   or an over-long string is dropped, τ is clamped to the slider's range; the rest of the state is kept.
// - Writing: only what the model uses is stored (texts are cut at MAX_TEXT_CHARS, as the engine cuts them),
//   and no URL the site writes is longer than MAX_URL_CHARS. State that does not fit (long texts) stays out
//   of the URL: it is kept in this tab's sessionStorage, keyed by the page and the parameter, and the URL
//   carries a short id `k` that finds it again on a reload. A link shared from such a page opens with the
//   figure's own texts. The reader's own images never leave the browser, so they are never written.
import { GALLERY_SIZE, MAX_TEXT_CHARS } from '../../src/runtime/inputs';

/** The temperature slider's range (components/controls/fields.ts); a τ from the URL is clamped to it. */
export const TAU_MIN = 0.005;
export const TAU_MAX = 2;

/**
 * The longest URL (the whole href) the site writes, in characters (a written URL is ASCII: one byte each).
 * 8,000 fits everywhere common: nginx's default large_client_header_buffers takes a request line of
 * 8 KB, Cloudflare takes URLs of 16 KB, Node's http server (scripts/site/static-server.ts, `npm start` and
 * the browser tests) takes 16 KB of headers in all (its default maxHeaderSize), Apache 8,190 bytes per line.
 */
export const MAX_URL_CHARS = 8000;

/** Most texts or sample indices one state holds (figures use a handful; the logits lab up to 8 pairs). */
const MAX_ITEMS = 16;
/** A view's or a preset's name. */
const MAX_NAME_CHARS = 32;

export interface SharedState {
  t?: string[];
  i?: number[];
  l?: number;
  h?: number;
  tau?: number;
  /** A named view, e.g. the feature space's projection. */
  v?: string;
  /** The training lab: preset, learning rate, batch size, learned temperature (1) or fixed (0). */
  p?: string;
  lr?: number;
  b?: number;
  tmp?: number;
}

// ---- field checks: each returns the value when it is usable, else undefined ----

/** A finite number. */
export const finite = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;

/** An integer in [lo, hi). */
export const intIn = (v: unknown, lo: number, hi: number): number | undefined =>
  typeof v === 'number' && Number.isInteger(v) && v >= lo && v < hi ? v : undefined;

/** A sample image of the gallery: 0 … GALLERY_SIZE − 1. */
export const sampleIndex = (v: unknown, size = GALLERY_SIZE): number | undefined => intIn(v, 0, size);

/** τ: a positive finite number, clamped to the slider's range. */
export function tauOf(v: unknown): number | undefined {
  const x = finite(v);
  return x !== undefined && x > 0 ? Math.min(TAU_MAX, Math.max(TAU_MIN, x)) : undefined;
}

/** A text, cut to what the model reads. */
export const textOf = (v: unknown, max = MAX_TEXT_CHARS): string | undefined =>
  typeof v === 'string' ? v.slice(0, max) : undefined;

/** A short name (a view, a preset); a longer one is not a name the page knows. */
export const nameOf = (v: unknown): string | undefined =>
  typeof v === 'string' && v.length <= MAX_NAME_CHARS ? v : undefined;

/** A list whose every item passes `item`, with at most `max` items; otherwise undefined. */
export function listOf<T>(v: unknown, item: (x: unknown) => T | undefined, max = MAX_ITEMS): T[] | undefined {
  if (!Array.isArray(v) || v.length > max) return undefined;
  const out = v.map(item);
  return out.every((x) => x !== undefined) ? (out as T[]) : undefined;
}

/** The JSON object a URL value holds, or null (not JSON, or not an object). */
export function objectOf(raw: string | null): Record<string, unknown> | null {
  if (!raw) return null;
  try {
    const v: unknown = JSON.parse(raw);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** A figure's or a lab's state from its URL value: the usable fields, or null when none is. */
export function checkState(raw: string | null): SharedState | null {
  const o = objectOf(raw);
  if (!o) return null;
  const s: SharedState = {
    t: listOf(o.t, (x) => textOf(x)),
    i: listOf(o.i, (x) => sampleIndex(x)),
    l: intIn(o.l, 0, 1000),
    h: intIn(o.h, 0, 1000),
    tau: tauOf(o.tau),
    v: nameOf(o.v),
    p: nameOf(o.p),
    lr: ((x) => (x !== undefined && x > 0 && x <= 1 ? x : undefined))(finite(o.lr)),
    b: intIn(o.b, 1, 100_000),
    tmp: o.tmp === 0 || o.tmp === 1 ? o.tmp : undefined,
  };
  for (const k of Object.keys(s) as (keyof SharedState)[]) if (s[k] === undefined) delete s[k];
  return Object.keys(s).length ? s : null;
}

// ---- the bound on written URLs ----

/**
 * `href` with `param` set to `value` as JSON, within MAX_URL_CHARS: the whole value when it fits, else the
 * value without its `bulky` fields plus `k: id` (when an id is given: the whole value is kept elsewhere),
 * else only `{k: id}`, else without the parameter. `kept` says whether the URL holds less than `value`.
 */
export function fitUrl(
  href: string,
  param: string,
  value: Record<string, unknown>,
  bulky: readonly string[],
  id?: string,
): { href: string; kept: boolean } {
  const url = new URL(href);
  const tryWith = (v: Record<string, unknown> | null): boolean => {
    if (v) url.searchParams.set(param, JSON.stringify(v));
    else url.searchParams.delete(param);
    return url.href.length <= MAX_URL_CHARS;
  };
  if (tryWith(value)) return { href: url.href, kept: false };
  const lean = Object.fromEntries(Object.entries(value).filter(([k]) => !bulky.includes(k)));
  const marker = id ? { k: id } : {};
  if (tryWith({ ...lean, ...marker })) return { href: url.href, kept: true };
  if (id && tryWith(marker)) return { href: url.href, kept: true };
  tryWith(null);
  return { href: url.href, kept: true };
}

const storeKey = (param: string): string => `inside-clip:url-state:${location.pathname}:${param}`;

function store(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null; // storage denied (privacy settings): what does not fit is simply not written
  }
}

/** Writes `value` as `param` in the page URL, within the bound; the rest goes to sessionStorage. */
export function writeParam(param: string, value: Record<string, unknown>, bulky: readonly string[]): void {
  const id = Math.random().toString(36).slice(2, 10);
  const fitted = fitUrl(location.href, param, value, bulky, id);
  const st = store();
  try {
    if (fitted.kept) st?.setItem(storeKey(param), JSON.stringify({ k: id, v: value }));
    else st?.removeItem(storeKey(param));
  } catch {
    // quota or denied: the reader's inputs stay in the page, the URL holds what fits
  }
  history.replaceState(history.state, '', fitted.href);
}

/**
 * The raw JSON value of `param` in `search`; when it carries the id `k` of a state this tab kept (a reload
 * of a page whose state did not fit the URL), that whole state instead.
 */
export function readParam(param: string, search: string = location.search): string | null {
  const raw = new URLSearchParams(search).get(param);
  const k = objectOf(raw)?.k;
  if (typeof k !== 'string') return raw;
  try {
    const kept = objectOf(store()?.getItem(storeKey(param)) ?? null);
    if (kept && kept.k === k && typeof kept.v === 'object' && kept.v !== null) return JSON.stringify(kept.v);
  } catch {
    // storage denied: the URL's part only
  }
  return raw;
}

const key = (n: number): string => `fig${n}`;

export function readState(n: number): SharedState | null {
  return checkState(readParam(key(n)));
}

/** Writes a figure's or a lab's state: texts cut to what the model reads, the URL within its bound. */
export function writeState(n: number, state: SharedState): void {
  const value: Record<string, unknown> = { ...state, t: state.t?.map((t) => t.slice(0, MAX_TEXT_CHARS)) };
  for (const k of Object.keys(value)) if (value[k] === undefined) delete value[k];
  writeParam(key(n), value, ['t']);
}
