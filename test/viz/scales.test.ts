// Colour scales: domains, centring, colour-blind-safe interpolators and number formatting.
import { interpolateRdBu, interpolateViridis, rgb, scaleDiverging, scaleSequential } from 'd3';
import { describe, expect, it } from 'vitest';
import { colourScale, extent, formatValue, inkFor, suggestKind } from '../../src/viz/scales';
import { setVizLang } from '../../src/viz/strings';

describe('colour scales', () => {
  it('extent ignores non-finite values and is [0, 0] when nothing is finite', () => {
    expect(extent([3, -Infinity, -2, NaN, 5])).toEqual([-2, 5]);
    expect(extent([])).toEqual([0, 0]);
    expect(extent([-Infinity])).toEqual([0, 0]);
  });

  it('suggests a diverging scale only when the values take both signs', () => {
    expect(suggestKind([-1, 2])).toBe('diverging');
    expect(suggestKind([0, 0.3, 1])).toBe('sequential');
    expect(suggestKind([-3, -1])).toBe('sequential');
  });

  it('centres the diverging scale on zero with a symmetric domain', () => {
    const s = colourScale('diverging', [-1, 4]);
    expect(s.domain).toEqual([-4, 4]);
    const [r, g, b] = s.bytes(0);
    expect(Math.min(r, g, b)).toBeGreaterThan(230); // near white at zero
    const neg = s.bytes(-4);
    const pos = s.bytes(4);
    expect(neg[2]).toBeGreaterThan(neg[0]); // blue for negative
    expect(pos[0]).toBeGreaterThan(pos[2]); // red for positive
  });

  it('maps the sequential domain ends to viridis ends and clamps outside values', () => {
    const s = colourScale('sequential', [0, 1]);
    expect(s.colour(0)).toBe('#440154');
    expect(s.colour(1)).toBe('#fde725');
    expect(s.colour(5)).toBe(s.colour(1));
  });

  it("gives the colours of d3's scales: viridis exactly, RdBu within one step of 255", () => {
    const values = Array.from({ length: 2001 }, (_, k) => -3 + (k * 8) / 2000); // -3 … 5
    const seq = colourScale('sequential', [], [-2, 4]);
    const d3seq = scaleSequential(interpolateViridis).domain([-2, 4]).clamp(true);
    for (const v of values) expect(seq.colour(v)).toBe(d3seq(v));
    const div = colourScale('diverging', [], [-2, 4]);
    const d3div = scaleDiverging((t: number) => interpolateRdBu(1 - t))
      .domain([-4, 0, 4])
      .clamp(true);
    let worst = 0;
    for (const v of values) {
      const want = rgb(d3div(v));
      const got = div.bytes(v);
      worst = Math.max(
        worst,
        Math.abs(got[0] - want.r),
        Math.abs(got[1] - want.g),
        Math.abs(got[2] - want.b),
      );
      expect(rgb(div.colour(v)).toString()).toBe(rgb(...got).toString());
    }
    expect(worst).toBeLessThanOrEqual(1);
    expect(div.colour(0)).toBe(d3div(0));
    expect(div.colour(-4)).toBe(d3div(-4));
    expect(div.colour(9)).toBe(d3div(4));
  });

  it('gives a usable domain for constant data and transparent for non-finite values', () => {
    const s = colourScale('sequential', [2, 2, 2]);
    expect(s.domain[1]).toBeGreaterThan(s.domain[0]);
    expect(s.colour(-Infinity)).toBe('transparent');
  });

  it('picks dark ink on light fills and light ink on dark fills', () => {
    expect(inkFor('rgb(253, 231, 37)')).toBe('#111');
    expect(inkFor('rgb(68, 1, 84)')).toBe('#fff');
  });

  it('formats values compactly', () => {
    expect(formatValue(0)).toBe('0');
    expect(formatValue(0.123456)).toBe('0.1235');
    expect(formatValue(-2.5)).toBe('−2.5');
    expect(formatValue(1e-5)).toBe('1.00e−5');
    expect(formatValue(-Infinity)).toBe('−∞');
    expect(formatValue(-1.5e-5)).toBe('−1.50e−5');
  });

  it('writes the decimal comma on Spanish pages', () => {
    setVizLang('es');
    try {
      expect(formatValue(0.123456)).toBe('0,1235');
      expect(formatValue(-2.5e-5)).toBe('−2,50e−5');
      expect(formatValue(12)).toBe('12');
    } finally {
      setVizLang('en');
    }
  });
});
