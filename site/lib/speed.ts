// The hub panel's speed estimates: what the bench measured per catalogue model (site/lib/speed-estimates.json,
// written by `npm run bench`, scripts/bench/estimates.ts), and how the panel writes a duration.
import measured from './speed-estimates.json';

/** One model's wasm times at all of the bench machine's threads, in Chromium. */
export interface SpeedEstimate {
  imageMs: number;
  /** A short caption, computed up to its EOT. */
  captionMs: number;
  /** An image with every layer's attention probabilities recorded, as an attention lesson's figure asks. */
  capturedImageMs: number;
  /** The bench machine: its cores, the threads used, the day of the run (YYYY-MM-DD). */
  cores: number;
  threads: number;
  date: string;
}

export const SPEED: Record<string, SpeedEstimate> = measured;

/** A duration for readers: 0.04 s, 0.21 s, 1.3 s, 12 s, in the page's number format. */
export function formatSeconds(ms: number, lang: string): string {
  const s = ms / 1000;
  const digits = s >= 10 ? 0 : s >= 1 ? 1 : 2;
  const value = Math.max(s, 10 ** -digits);
  return `${new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(value)} s`;
}
