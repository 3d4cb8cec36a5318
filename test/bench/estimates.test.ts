// The hub panel's speed estimates come from the browser part's own rows (scripts/bench/estimates.ts): the
// wasm image, caption and the attention lesson's captured image at the given threads, one entry per catalogue
// model.
import { describe, expect, it } from 'vitest';
import type { BrowserCase } from '../../scripts/bench/browser';
import { speedEstimates } from '../../scripts/bench/estimates';

const row = (c: Partial<BrowserCase>): BrowserCase => ({
  model: 'ViT-B/16',
  encoder: 'image',
  backend: 'wasm',
  threads: 2,
  threadsUsed: 2,
  runs: 5,
  oursMs: 1,
  maxAbs: 1,
  ...c,
});

describe('speedEstimates', () => {
  it("takes the rows at the given threads, plain and an attention lesson's, for catalogue models only", () => {
    const cases = [
      row({ oursMs: 900.04 }),
      row({ threads: 1, threadsUsed: 1, oursMs: 1500 }),
      row({ backend: 'webgl', threads: 1, threadsUsed: 0, oursMs: 20_000 }),
      row({ oursMs: 1400, capture: 'attention', capturedMB: 9 }),
      row({ oursMs: 1900, capture: 'every stage', capturedMB: 90 }),
      row({ encoder: 'caption', oursMs: 40 }),
      row({ encoder: 'text', oursMs: 140 }),
      row({ model: 'tiny-reference', oursMs: 3 }),
      row({ model: 'tiny-reference', encoder: 'caption', oursMs: 3 }),
      row({ model: 'tiny-reference', oursMs: 5, capture: 'attention', capturedMB: 1 }),
      row({ model: 'ViT-B/32', oursMs: 210 }), // no caption row: no estimate
    ];
    expect(speedEstimates(cases, 2, 2, '2026-12-07T02:00:00.000Z')).toEqual({
      'ViT-B/16': {
        imageMs: 900,
        captionMs: 40,
        capturedImageMs: 1400,
        cores: 2,
        threads: 2,
        date: '2026-12-07',
      },
    });
  });
});
