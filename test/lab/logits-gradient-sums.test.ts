// The sums the logits lab (lessons/*/logits-lab.mdx) states for dL/dS, computed with src/lab/logits.ts on
// random unit features: the image-side term's rows sum to 0, the text-side term's columns sum to 0, the
// whole matrix sums to 0, and a row (or a column) of the full gradient in general does not.
import { describe, expect, it } from 'vitest';
import { type Grid, logitsLab } from '../../src/lab/logits';
import { createRng } from '../../src/world/random';

/** n seeded random unit vectors of dimension d (mulberry32, uniform in [-1, 1] then normalised). */
function unitRows(n: number, d: number, seed: number): Float64Array[] {
  const next = createRng(seed).float;
  return Array.from({ length: n }, () => {
    const v = Float64Array.from({ length: d }, () => 2 * next() - 1);
    const len = Math.hypot(...v);
    return v.map((x) => x / len);
  });
}

const rowSum = (m: Grid, i: number): number => {
  let s = 0;
  for (let j = 0; j < m.cols; j++) s += m.values[i * m.cols + j]!;
  return s;
};
const colSum = (m: Grid, j: number): number => {
  let s = 0;
  for (let i = 0; i < m.rows; i++) s += m.values[i * m.cols + j]!;
  return s;
};

describe('the logits lab gradient dL/dS: which sums are zero', () => {
  const cases = [
    { n: 4, d: 16, seed: 3, tau: 0.07 },
    { n: 6, d: 32, seed: 11, tau: 0.2 },
    { n: 8, d: 64, seed: 29, tau: 0.05 },
  ];

  it.each(cases)('N=$n: each row of the image-side term (P_row − I)/2N sums to 0', ({ n, d, seed, tau }) => {
    const { parts } = logitsLab(unitRows(n, d, seed), unitRows(n, d, seed + 1), tau);
    for (let i = 0; i < n; i++) expect(Math.abs(rowSum(parts.gradImage, i))).toBeLessThan(1e-15);
  });

  it.each(cases)(
    'N=$n: each column of the text-side term (P_col − I)/2N sums to 0',
    ({ n, d, seed, tau }) => {
      const { parts } = logitsLab(unitRows(n, d, seed), unitRows(n, d, seed + 1), tau);
      for (let j = 0; j < n; j++) expect(Math.abs(colSum(parts.gradText, j))).toBeLessThan(1e-15);
    },
  );

  it.each(cases)(
    'N=$n: the whole gradient sums to 0 and is the sum of the two terms',
    ({ n, d, seed, tau }) => {
      const { parts } = logitsLab(unitRows(n, d, seed), unitRows(n, d, seed + 1), tau);
      const total = parts.gradient.values.reduce((a, b) => a + b, 0);
      expect(Math.abs(total)).toBeLessThan(1e-14);
      parts.gradient.values.forEach((g, k) =>
        expect(g).toBeCloseTo(parts.gradImage.values[k]! + parts.gradText.values[k]!, 15),
      );
    },
  );

  it.each(cases)(
    'N=$n: a row of the full gradient sums to (Σ_j P_col[i, j] − 1)/2N, a column to (Σ_i P_row[i, j] − 1)/2N, not 0',
    ({ n, d, seed, tau }) => {
      const { parts } = logitsLab(unitRows(n, d, seed), unitRows(n, d, seed + 1), tau);
      let largestRow = 0;
      let largestCol = 0;
      for (let k = 0; k < n; k++) {
        const rowExpected = (rowSum(parts.colSoftmax, k) - 1) / (2 * n);
        const colExpected = (colSum(parts.rowSoftmax, k) - 1) / (2 * n);
        expect(rowSum(parts.gradient, k)).toBeCloseTo(rowExpected, 14);
        expect(colSum(parts.gradient, k)).toBeCloseTo(colExpected, 14);
        largestRow = Math.max(largestRow, Math.abs(rowSum(parts.gradient, k)));
        largestCol = Math.max(largestCol, Math.abs(colSum(parts.gradient, k)));
      }
      // The old claim "every row and every column sums to zero" would make both of these 0.
      expect(largestRow).toBeGreaterThan(1e-3);
      expect(largestCol).toBeGreaterThan(1e-3);
    },
  );
});
