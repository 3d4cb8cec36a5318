// Matrix views of Trace entries: item and head slicing, windows, softmax with temperature, CSV.
import { describe, expect, it } from 'vitest';
import { fromRows, matrixOf, softmaxRows, toCsv, transpose, valueAt } from '../../src/viz/matrix';

const tensor = (shape: number[]) => ({
  shape,
  data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i),
});

describe('matrixOf', () => {
  it('views [N, n, d] as n × d of the chosen item', () => {
    const m = matrixOf(tensor([2, 3, 4]), { item: 1 });
    expect([m.rows, m.cols]).toEqual([3, 4]);
    expect(valueAt(m, 0, 0)).toBe(12);
    expect(valueAt(m, 2, 3)).toBe(23);
  });

  it('picks a head of [N, H, n, n] attention probabilities', () => {
    const m = matrixOf(tensor([1, 2, 3, 3]), { head: 1 });
    expect([m.rows, m.cols]).toEqual([3, 3]);
    expect(valueAt(m, 0, 0)).toBe(9);
  });

  it('views [N, d] features as one row and folds extra leading axes into rows', () => {
    expect(matrixOf(tensor([2, 5]), { item: 1 }).values).toEqual(Float32Array.of(5, 6, 7, 8, 9));
    const folded = matrixOf(tensor([1, 2, 3, 4]));
    expect([folded.rows, folded.cols]).toEqual([6, 4]);
  });

  it('cuts a window of rows and columns', () => {
    const m = matrixOf(tensor([1, 77, 8]), { maxRows: 4, maxCols: 2 });
    expect([m.rows, m.cols]).toEqual([4, 2]);
    expect(valueAt(m, 3, 1)).toBe(25);
  });

  it('rejects an item or head out of range', () => {
    expect(() => matrixOf(tensor([1, 3, 4]), { item: 1 })).toThrow(RangeError);
    expect(() => matrixOf(tensor([1, 2, 3, 3]), { head: 2 })).toThrow(RangeError);
  });
});

describe('softmaxRows', () => {
  it('gives rows that sum to one, sharper at low temperature, flatter at high', () => {
    const m = fromRows([
      [1, 2, 3],
      [0, 0, 0],
    ]);
    const p = softmaxRows(m);
    expect(p.values[0]! + p.values[1]! + p.values[2]!).toBeCloseTo(1, 6);
    expect(p.values[3]).toBeCloseTo(1 / 3, 6);
    expect(softmaxRows(m, 0.1).values[2]).toBeGreaterThan(p.values[2]!);
    expect(softmaxRows(m, 10).values[2]).toBeLessThan(p.values[2]!);
  });

  it('gives zero probability to −∞ (masked) entries', () => {
    expect(softmaxRows(fromRows([[0, -Infinity]])).values).toEqual(Float32Array.of(1, 0));
  });
});

describe('CSV and transpose', () => {
  it('writes labelled rows and quotes labels with commas or quotes', () => {
    const m = { ...fromRows([[1, 2]]), rowLabels: ['a,b'], colLabels: ['x', 'say "hi"'], rowName: 'token' };
    expect(toCsv(m)).toBe('token,x,"say ""hi"""\n"a,b",1,2\n');
  });

  it('transposes values and swaps labels', () => {
    const t = transpose({ ...fromRows([[1, 2, 3]]), rowLabels: ['r'], colLabels: ['a', 'b', 'c'] });
    expect([t.rows, t.cols]).toEqual([3, 1]);
    expect(Array.from(t.values)).toEqual([1, 2, 3]);
    expect(t.rowLabels).toEqual(['a', 'b', 'c']);
  });
});
