// Keyboard navigation over a grid of cells (heat maps, patch grids): arrow keys move one cell, Home/End
// jump to the row's ends, PageUp/PageDown move ten rows; every move is announced through an aria-live
// region, so a figure never depends on hover. The handler is namespaced, so redrawing rebinds it once.
import type { Selection } from 'd3';

export interface GridNavOptions {
  rows: number;
  cols: number;
  /** Draws the focus marker at (r, c) and returns the sentence to announce. */
  onMove(r: number, c: number): string;
  /** The aria-live element that receives the sentence. */
  live: HTMLElement;
}

export interface GridPosition {
  r: number;
  c: number;
}

/** The cell a key leads to, or null when the key is not a navigation key. */
export function nextCell(key: string, pos: GridPosition, rows: number, cols: number): GridPosition | null {
  const clamp = (v: number, n: number): number => Math.max(0, Math.min(n - 1, v));
  switch (key) {
    case 'ArrowUp':
      return { r: clamp(pos.r - 1, rows), c: pos.c };
    case 'ArrowDown':
      return { r: clamp(pos.r + 1, rows), c: pos.c };
    case 'ArrowLeft':
      return { r: pos.r, c: clamp(pos.c - 1, cols) };
    case 'ArrowRight':
      return { r: pos.r, c: clamp(pos.c + 1, cols) };
    case 'Home':
      return { r: pos.r, c: 0 };
    case 'End':
      return { r: pos.r, c: cols - 1 };
    case 'PageUp':
      return { r: clamp(pos.r - 10, rows), c: pos.c };
    case 'PageDown':
      return { r: clamp(pos.r + 10, rows), c: pos.c };
    default:
      return null;
  }
}

/** Makes `target` focusable and arrow-key navigable; returns a function to move programmatically. */
export function gridNav<E extends Element>(
  target: Selection<E, unknown, null, undefined>,
  opts: GridNavOptions,
): (r: number, c: number) => void {
  const node = target.node() as (E & { __gridPos?: GridPosition }) | null;
  if (!node) return () => {};
  const clampPos = (p: GridPosition): GridPosition => ({
    r: Math.max(0, Math.min(opts.rows - 1, p.r)),
    c: Math.max(0, Math.min(opts.cols - 1, p.c)),
  });
  node.__gridPos = clampPos(node.__gridPos ?? { r: 0, c: 0 });
  const move = (r: number, c: number): void => {
    node.__gridPos = clampPos({ r, c });
    opts.live.textContent = opts.onMove(node.__gridPos.r, node.__gridPos.c);
  };
  target
    .attr('tabindex', 0)
    .on('keydown.gridnav', (event: Event) => {
      if (!('key' in event)) return;
      const next = nextCell(String(event.key), node.__gridPos!, opts.rows, opts.cols);
      if (!next) return;
      event.preventDefault();
      move(next.r, next.c);
    })
    .on('focus.gridnav', () => move(node.__gridPos!.r, node.__gridPos!.c))
    .on('blur.gridnav', () => opts.onMove(-1, -1));
  // Redrawn while focused (new data arrived): show and announce the current cell again.
  if (node.ownerDocument?.activeElement === node) move(node.__gridPos.r, node.__gridPos.c);
  return move;
}
