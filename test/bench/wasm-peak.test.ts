// The bench's wasm SIMD peak (scripts/bench/wasm-peak.ts, scripts/bench/peak/peak.ts): the relaxed build
// runs f32x4.relaxed_madd and the plain one a multiply then an add, both compute the same chains, the FLOPs
// are 8 per chain and step, and the browser table's "share of wasm peak" uses the relaxed peak at the
// row's threads (all threads for WebGL). Nothing here is timed.
import { describe, expect, it } from 'vitest';
import type { BrowserCase } from '../../scripts/bench/browser';
import { browserTable, wasmPeakFor } from '../../scripts/bench/report';
import { type BrowserPeak, compilePeak, peakFlops } from '../../scripts/bench/wasm-peak';

interface Peak {
  run: (steps: number, m: number) => number;
  chains: () => number;
}

/** f32x4.relaxed_madd is 0xfd 0x105 (LEB128: 0x85 0x02). */
const hasRelaxedMadd = (bytes: Uint8Array): boolean =>
  bytes.some((b, i) => b === 0xfd && bytes[i + 1] === 0x85 && bytes[i + 2] === 0x02);

const instance = async (bytes: Uint8Array): Promise<Peak> =>
  (await WebAssembly.instantiate(new Uint8Array(bytes))).instance.exports as unknown as Peak;

describe('the wasm peak kernel', () => {
  it('uses the fused multiply-add only in the relaxed build, and both compute the same chains', async () => {
    const relaxed = await compilePeak('relaxed');
    const plain = await compilePeak('plain');
    expect(hasRelaxedMadd(relaxed)).toBe(true);
    expect(hasRelaxedMadd(plain)).toBe(false);
    const [r, p] = await Promise.all([instance(relaxed), instance(plain)]);
    expect(r.chains()).toBe(12);
    expect(p.chains()).toBe(12);
    // x = x m + (1 - m) converges to 1 in every chain (within float32's rounding of 1 - m): lane 0 of the
    // twelve chains' sum is 12.
    expect(r.run(100_000, 0.999)).toBeCloseTo(12, 3);
    expect(p.run(100_000, 0.999)).toBeCloseTo(12, 3);
    // Few steps: the distinct starting values still show, x_k = 1 + (x0_k - 1) m^n.
    const sum0 = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.1, 1.2].reduce((s, x) => s + x, 0);
    expect(p.run(10, 0.5)).toBeCloseTo(12 + (sum0 - 12) * 0.5 ** 10, 5);
  });

  it('counts 8 FLOPs per chain and step (4 lanes, a multiply and an add)', () => {
    expect(peakFlops(1, 1)).toBe(8);
    expect(peakFlops(1000, 12)).toBe(96_000);
  });
});

describe('the share of the wasm peak', () => {
  const peak: BrowserPeak = { relaxed: { '1': 50, '2': 100 }, plain: { '1': 40, '2': 80 } };
  const row = (backend: 'wasm' | 'webgl', threads: number, oursMs: number): BrowserCase => ({
    model: 'ViT-B/32',
    encoder: 'image',
    backend,
    threads,
    threadsUsed: backend === 'wasm' ? threads : 0,
    runs: 1,
    oursMs,
    maxAbs: 1,
  });

  it('takes the relaxed peak at the row threads, and at all threads for WebGL', () => {
    expect(wasmPeakFor(row('wasm', 1, 1), peak)).toBe(50);
    expect(wasmPeakFor(row('wasm', 2, 1), peak)).toBe(100);
    expect(wasmPeakFor(row('webgl', 1, 1), peak)).toBe(100);
    expect(wasmPeakFor(row('wasm', 1, 1), undefined)).toBeUndefined();
  });

  it('prints it beside the native share', () => {
    // ViT-B/32's image is 8.82 GFLOP: 441 ms is 20.0 GFLOP/s, 40% of 50 and 20% of 100.
    const lines = browserTable([row('wasm', 1, 441), row('wasm', 2, 441)], 200, peak);
    expect(lines[0]).toContain('| share of peak | share of wasm peak |');
    expect(lines[2]).toContain('| 20.0 | 10% | 40% |');
    expect(lines[3]).toContain('| 20.0 | 10% | 20% |');
    expect(browserTable([row('wasm', 1, 441)], 200)[2]).toContain('| 10% | – |');
  });
});
