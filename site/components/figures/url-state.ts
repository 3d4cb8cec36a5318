// A figure's inputs in the page URL, so a view can be shared: ?fig2={"t":["a dog"],"i":[3],"l":1,"h":2}
// (the n-th figure of the page, 0-based). Only shareable inputs are kept: texts, gallery images, layer,
// head, temperature and a view's name; the reader's own images never leave the browser, so they are not written.
export interface SharedState {
  t?: string[];
  i?: number[];
  l?: number;
  h?: number;
  tau?: number;
  /** A named view, e.g. the feature space's projection. */
  v?: string;
}

const key = (n: number): string => `fig${n}`;

export function readState(n: number): SharedState | null {
  const raw = new URLSearchParams(location.search).get(key(n));
  if (!raw) return null;
  try {
    const s = JSON.parse(raw) as SharedState;
    const ok =
      (s.t === undefined || (Array.isArray(s.t) && s.t.every((x) => typeof x === 'string'))) &&
      (s.i === undefined || (Array.isArray(s.i) && s.i.every((x) => Number.isInteger(x)))) &&
      [s.l, s.h, s.tau].every((x) => x === undefined || (typeof x === 'number' && Number.isFinite(x))) &&
      (s.v === undefined || typeof s.v === 'string');
    return ok ? s : null;
  } catch {
    return null;
  }
}

export function writeState(n: number, state: SharedState): void {
  const url = new URL(location.href);
  url.searchParams.set(key(n), JSON.stringify(state));
  history.replaceState(history.state, '', url);
}
