// The hub panel's speed estimates (site/lib/speed-estimates.json, committed), taken from the browser
// part's own wasm rows at all threads, so the panel never shows a number typed by hand. A run keeps the
// entries of models it did not time.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { CATALOGUE } from '../../site/lib/hub-catalogue';
import type { SpeedEstimate } from '../../site/lib/speed';
import type { BrowserCase } from './browser';

export const ESTIMATES_FILE = 'site/lib/speed-estimates.json';

const round = (ms: number): number => Math.round(ms * 10) / 10;

/** One estimate per catalogue model with its image, caption and attention-captured image rows at `threads`. */
export function speedEstimates(
  cases: BrowserCase[],
  cores: number,
  threads: number,
  date: string,
): Record<string, SpeedEstimate> {
  const out: Record<string, SpeedEstimate> = {};
  for (const model of CATALOGUE.map((e) => e.preset)) {
    const pick = (encoder: BrowserCase['encoder'], capture: BrowserCase['capture']) =>
      cases.find(
        (c) =>
          c.model === model &&
          c.encoder === encoder &&
          c.backend === 'wasm' &&
          c.threads === threads &&
          c.capture === capture,
      );
    const image = pick('image', undefined);
    const caption = pick('caption', undefined);
    // A lesson's pass: the attention figure records every layer's probabilities.
    const captured = pick('image', 'attention');
    if (!image || !caption || !captured) continue;
    out[model] = {
      imageMs: round(image.oursMs),
      captionMs: round(caption.oursMs),
      capturedImageMs: round(captured.oursMs),
      cores,
      threads,
      date: date.slice(0, 10),
    };
  }
  return out;
}

export function writeSpeedEstimates(cases: BrowserCase[], cores: number, file = ESTIMATES_FILE): void {
  const threads = Math.min(cores, 8);
  const fresh = speedEstimates(cases, cores, threads, new Date().toISOString());
  if (!Object.keys(fresh).length) return;
  const kept = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, SpeedEstimate>)
    : {};
  const all = { ...kept, ...fresh };
  const sorted = Object.fromEntries(
    Object.keys(all)
      .sort()
      .map((k) => [k, all[k]]),
  );
  writeFileSync(file, `${JSON.stringify(sorted, null, 2)}\n`);
  process.stderr.write(`wrote ${file} (${Object.keys(fresh).join(', ')})\n`);
}
