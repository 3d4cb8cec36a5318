// @vitest-environment happy-dom
// The attention explorer's grid figures in a DOM (src/viz/explorer-maps.ts; its other parts
// are in explorer-parts.test.ts): element counts, data joins on redraw, the colour scale read back from the raster's
// pixels, keyboard navigation announced through aria-live, Enter/Space toggling a patch, and the data tables.
// happy-dom has no 2-D canvas, so the PNG encoder is stubbed: it writes the RGBA bytes into the href, which
// lets a test read each cell's colour back.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { patchMap, smallMultiples } from '../../src/viz/explorer-maps';
import { fromRows, type Matrix } from '../../src/viz/matrix';
import { setPngEncoder } from '../../src/viz/raster';

/** The stub encoder's href → the RGBA bytes it was given. */
function pixels(href: string | null): number[] {
  const m = /^data:fake;(\d+)x(\d+);(.*)$/.exec(href ?? '');
  if (!m) throw new Error(`not a stubbed image: ${href}`);
  return m[3]!.split(',').map(Number);
}
const rgbaAt = (bytes: number[], i: number) => bytes.slice(i * 4, i * 4 + 4);
// interpolateViridis(1) and (0) as bytes: the top and bottom of the sequential scale.
const VIRIDIS_TOP = [253, 231, 37, 255];
const VIRIDIS_BOTTOM = [68, 1, 84, 255];

let root: HTMLElement;
beforeEach(() => {
  setPngEncoder((rgba, w, h) => `data:fake;${w}x${h};${Array.from(rgba).join(',')}`);
  root = document.createElement('div');
  document.body.appendChild(root);
});
afterEach(() => {
  root.remove();
  setPngEncoder(null);
});

const key = (el: Element, k: string) =>
  el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
const live = () => root.querySelector('[aria-live]')!.textContent;
/** A 2 × 2 matrix per cell whose values tell the layer and head apart. */
const grid = (layers: number, heads: number): Matrix[][] =>
  Array.from({ length: layers }, (_, l) =>
    Array.from({ length: heads }, (_, h) =>
      fromRows([
        [0, 1],
        [0.5, (l * heads + h) / 10],
      ]),
    ),
  );

describe('smallMultiples', () => {
  const options = (picks: [number, number][], selected: [number, number] = [0, 0]) => ({
    title: 'Heads',
    help: 'arrow keys pick a head',
    selected,
    off: (l: number, h: number) => l === 1 && h === 2,
    cellName: (l: number, h: number, off: boolean) => `layer ${l}, head ${h}${off ? ' (off)' : ''}`,
    onPick: (l: number, h: number) => void picks.push([l, h]),
    domain: [0, 1] as [number, number],
  });

  it('draws one cell per layer × head, with head and layer labels', () => {
    smallMultiples(root, grid(2, 3), options([]));
    expect(root.querySelectorAll('g.ax-cell')).toHaveLength(6);
    expect([...root.querySelectorAll('.ax-head-labels text')].map((t) => t.textContent)).toEqual([
      'H0',
      'H1',
      'H2',
    ]);
    expect([...root.querySelectorAll('.ax-layer-labels text')].map((t) => t.textContent)).toEqual([
      'L0',
      'L1',
    ]);
    const cells = [...root.querySelectorAll('g.ax-cell')];
    expect(cells[5]!.getAttribute('transform')).toBe('translate(158,82)'); // left 30 + 2·64, top 18 + 64
  });

  it('marks the selected head and the switched-off one', () => {
    smallMultiples(root, grid(2, 3), options([], [0, 1]));
    const cells = [...root.querySelectorAll('g.ax-cell')];
    expect(cells.map((c) => c.classList.contains('ax-selected'))).toEqual([
      false,
      true,
      false,
      false,
      false,
      false,
    ]);
    expect(cells.map((c) => c.classList.contains('ax-off'))).toEqual([
      false,
      false,
      false,
      false,
      false,
      true,
    ]);
  });

  it('colours each cell on the fixed domain: 1 → viridis top, 0 → bottom, masked cells grey and faint', () => {
    smallMultiples(root, grid(1, 1), { ...options([]), mask: (r, c) => c > r });
    const bytes = pixels(root.querySelector('g.ax-cell image')!.getAttribute('href'));
    expect(bytes).toHaveLength(2 * 2 * 4);
    expect(rgbaAt(bytes, 0)).toEqual(VIRIDIS_BOTTOM); // value 0
    expect(rgbaAt(bytes, 1)).toEqual([128, 128, 128, 40]); // above the diagonal: masked
    expect(rgbaAt(bytes, 3)).toEqual(VIRIDIS_BOTTOM); // (l·heads + h)/10 = 0
    const many = grid(2, 6); // the last cell holds 11/10 > 1: clamped to the top colour
    smallMultiples(root, many, options([]));
    const last = pixels(root.querySelectorAll('g.ax-cell image')[11]!.getAttribute('href'));
    expect(rgbaAt(last, 1)).toEqual(VIRIDIS_TOP);
    expect(rgbaAt(last, 3)).toEqual(VIRIDIS_TOP);
  });

  it('updates in place on redraw: cells removed or added, never duplicated', () => {
    smallMultiples(root, grid(2, 3), options([]));
    const svg = root.querySelector('svg');
    smallMultiples(root, grid(1, 2), options([]));
    expect(root.querySelector('svg')).toBe(svg);
    expect(root.querySelectorAll('svg')).toHaveLength(1);
    expect(root.querySelectorAll('g.ax-cell')).toHaveLength(2);
    expect(root.querySelectorAll('g.ax-cell image')).toHaveLength(2);
    expect(root.querySelectorAll('.ax-head-labels text')).toHaveLength(2);
    expect(root.querySelectorAll('[aria-live]')).toHaveLength(1);
    smallMultiples(root, grid(3, 4), options([]));
    expect(root.querySelectorAll('g.ax-cell')).toHaveLength(12);
  });

  it('announces the selected head on focus and picks another with the arrow keys, Home and End', () => {
    const picks: [number, number][] = [];
    smallMultiples(root, grid(2, 3), options(picks));
    const svg = root.querySelector('svg')!;
    expect(svg.getAttribute('tabindex')).toBe('0');
    expect(svg.getAttribute('aria-label')).toBe('Heads');
    expect(root.querySelector(`#${svg.getAttribute('aria-describedby')}`)!.textContent).toBe(
      'Heads. arrow keys pick a head',
    );
    svg.dispatchEvent(new FocusEvent('focus'));
    expect(live()).toBe('layer 0, head 0');
    expect(picks).toEqual([]); // the selected head is not picked again
    key(svg, 'ArrowRight');
    expect(picks).toEqual([[0, 1]]);
    expect(live()).toBe('layer 0, head 1');
    key(svg, 'End');
    key(svg, 'ArrowDown');
    expect(picks.slice(1)).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(live()).toBe('layer 1, head 2 (off)');
    key(svg, 'ArrowDown'); // stays at the last layer
    expect(picks.at(-1)).toEqual([1, 2]);
    key(svg, 'Home');
    expect(picks.at(-1)).toEqual([1, 0]);
    expect(key(svg, 'a')).toBe(true); // not a navigation key: not prevented
  });

  // Chromium drops focus from a node that is re-inserted, even in its own place (happy-dom keeps it): so
  // the check is that a redraw never re-inserts the svg; the browser test checks the focus itself.
  it('never re-inserts its svg on a redraw, so a pick by keyboard keeps the focus', () => {
    let selected: [number, number] = [0, 0];
    const draw = () =>
      smallMultiples(root, grid(2, 3), {
        ...options([], selected),
        onPick: (l, h) => {
          selected = [l, h];
          draw();
        },
      });
    draw();
    const svg = root.querySelector('svg')!;
    const inserted: Node[] = [];
    const insertBefore = root.insertBefore.bind(root);
    root.insertBefore = <T extends Node>(node: T, child: Node | null): T => {
      inserted.push(node);
      return insertBefore(node, child);
    };
    key(svg, 'ArrowRight');
    key(svg, 'ArrowDown');
    expect(selected).toEqual([1, 1]);
    expect(inserted.includes(svg)).toBe(false);
  });

  it('picks a head on click', () => {
    const picks: [number, number][] = [];
    smallMultiples(root, grid(2, 3), options(picks));
    root.querySelectorAll('g.ax-cell')[4]!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(picks).toEqual([[1, 1]]);
  });
});

describe('patchMap', () => {
  const values = Float32Array.from([0.1, 0.4, 0.2, 0.9, 0.3, 0.5, 0.6, 0.7, 0.8]); // 3 × 3, max at 3
  const options = (toggles: number[], masked: number[] = []) => ({
    title: 'Class attention',
    help: 'Enter deletes',
    rgb: new Uint8Array(4 * 4 * 3).fill(200),
    size: 4,
    grid: 3,
    masked: new Set(masked),
    describe: (r: number, c: number, v: string, off: boolean) =>
      `row ${r + 1}, column ${c + 1}: ${v}${off ? ' deleted' : ''}`,
    onToggle: (p: number) => void toggles.push(p),
    width: 216,
  });

  it('draws one rect per patch, hatching the deleted ones', () => {
    patchMap(root, values, options([], [2, 4]));
    const rects = [...root.querySelectorAll('rect.ax-patch')];
    expect(rects).toHaveLength(9);
    expect(rects[4]!.getAttribute('x')).toBe('72');
    expect(rects[4]!.getAttribute('y')).toBe('72');
    expect(rects[4]!.getAttribute('width')).toBe('72');
    const off = rects.flatMap((r, i) => (r.classList.contains('ax-patch-off') ? [i] : []));
    expect(off).toEqual([2, 4]);
    expect(rects[2]!.getAttribute('fill')).toBe(`url(#${root.id}-hatch)`);
    expect(rects[0]!.getAttribute('fill')).toBe('transparent');
    expect(root.querySelectorAll(`pattern#${root.id}-hatch`)).toHaveLength(1);
  });

  it('maps the largest value to the top colour and the smallest to the bottom, with a legend of both', () => {
    patchMap(root, values, options([]));
    const heat = pixels(root.querySelector('image.ax-heat')!.getAttribute('href'));
    expect(heat).toHaveLength(9 * 4);
    expect(rgbaAt(heat, 3)).toEqual(VIRIDIS_TOP);
    expect(rgbaAt(heat, 0)).toEqual(VIRIDIS_BOTTOM);
    expect([...root.querySelectorAll('.viz-legend text')].map((t) => t.textContent)).toEqual(['0.1', '0.9']);
    // The photo and the heat overlay are two images, the photo below (a bug once drew the heat over it).
    const images = [...root.querySelectorAll('svg > image')];
    expect(images.map((i) => i.classList.contains('ax-heat'))).toEqual([false, true]);
    const photo = pixels(root.querySelector('image.ax-photo')!.getAttribute('href'));
    expect(photo).toHaveLength(4 * 4 * 4);
    expect(rgbaAt(photo, 5)).toEqual([200, 200, 200, 255]);
  });

  it('holds the same numbers in its data table', () => {
    patchMap(root, values, options([]));
    const rows = [...root.querySelectorAll('table tbody tr')];
    expect(rows).toHaveLength(3);
    const cells = rows.flatMap((r) => [...r.querySelectorAll('td')].map((td) => Number(td.textContent)));
    expect(cells).toEqual([...values].map((v) => Number(v.toPrecision(4))));
    expect(root.querySelector('table caption')!.textContent).toBe('Class attention');
  });

  it('moves a focus marker with the keys, announces the patch, and toggles it with Enter or Space', () => {
    const toggles: number[] = [];
    patchMap(root, values, options(toggles, [1]));
    const svg = root.querySelector('svg')!;
    const marker = root.querySelector('rect.viz-focus')!;
    expect(marker.getAttribute('visibility')).toBe('hidden');
    svg.dispatchEvent(new FocusEvent('focus'));
    expect(live()).toBe('row 1, column 1: 0.1');
    expect(marker.getAttribute('visibility')).toBe('visible');
    key(svg, 'ArrowRight');
    expect(live()).toBe('row 1, column 2: 0.4 deleted');
    expect(marker.getAttribute('x')).toBe('72');
    expect(marker.getAttribute('y')).toBe('0');
    key(svg, 'End');
    key(svg, 'ArrowDown');
    expect(live()).toBe('row 2, column 3: 0.5');
    expect(key(svg, 'Enter')).toBe(false); // handled: default prevented
    key(svg, ' ');
    expect(toggles).toEqual([5, 5]);
    svg.dispatchEvent(new FocusEvent('blur'));
    expect(marker.getAttribute('visibility')).toBe('hidden');
  });

  it('toggles a patch on click and keeps one rect per patch after a redraw', () => {
    const toggles: number[] = [];
    patchMap(root, values, options(toggles));
    root.querySelectorAll('rect.ax-patch')[7]!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(toggles).toEqual([7]);
    patchMap(root, values, options(toggles, [7]));
    expect(root.querySelectorAll('rect.ax-patch')).toHaveLength(9);
    expect(root.querySelectorAll('rect.ax-patch-off')).toHaveLength(1);
    expect(root.querySelectorAll('image.ax-heat')).toHaveLength(1);
    expect(root.querySelectorAll('table')).toHaveLength(1);
    // Enter now toggles the clicked patch (the click moved the keyboard position there).
    key(root.querySelector('svg')!, 'Enter');
    expect(toggles).toEqual([7, 7]);
  });
});
