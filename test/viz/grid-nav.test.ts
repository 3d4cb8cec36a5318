// Arrow-key navigation over a grid: the pure key → cell rule.
import { describe, expect, it } from 'vitest';
import { nextCell } from '../../src/viz/grid-nav';

describe('nextCell', () => {
  const at = { r: 1, c: 1 };
  it('moves one cell with the arrow keys', () => {
    expect(nextCell('ArrowUp', at, 3, 3)).toEqual({ r: 0, c: 1 });
    expect(nextCell('ArrowDown', at, 3, 3)).toEqual({ r: 2, c: 1 });
    expect(nextCell('ArrowLeft', at, 3, 3)).toEqual({ r: 1, c: 0 });
    expect(nextCell('ArrowRight', at, 3, 3)).toEqual({ r: 1, c: 2 });
  });
  it('stops at the edges', () => {
    expect(nextCell('ArrowUp', { r: 0, c: 0 }, 3, 3)).toEqual({ r: 0, c: 0 });
    expect(nextCell('ArrowRight', { r: 0, c: 2 }, 3, 3)).toEqual({ r: 0, c: 2 });
  });
  it('jumps with Home, End, PageUp and PageDown', () => {
    expect(nextCell('Home', at, 3, 5)).toEqual({ r: 1, c: 0 });
    expect(nextCell('End', at, 3, 5)).toEqual({ r: 1, c: 4 });
    expect(nextCell('PageDown', at, 30, 5)).toEqual({ r: 11, c: 1 });
    expect(nextCell('PageUp', at, 30, 5)).toEqual({ r: 0, c: 1 });
  });
  it('ignores other keys', () => {
    expect(nextCell('a', at, 3, 3)).toBeNull();
    expect(nextCell('Tab', at, 3, 3)).toBeNull();
  });
});
