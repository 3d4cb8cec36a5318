// A 2-D plane of arrows from the origin, with equal units on both axes, for the attention toy's queries, keys,
// values and outputs. An arrow may carry a handle at its tip that the reader drags (pointer) or moves with the
// arrow keys (Shift for bigger steps); the plane reports the new tip and the page redraws. Redraws join arrows
// by id, so a handle being dragged or focused stays the same element. Labels are text, never markup.
import { scaleLinear } from 'd3';
import { ensure, ensureFirst, rootId, sel } from './dom';
import { formatValue } from './scales';

export interface PlaneArrow {
  id: string;
  x: number;
  y: number;
  /** Class of the arrow's group (its colour comes from CSS). */
  cls: string;
  label: string;
  dashed?: boolean;
  width?: number;
  /** Put the label on the other side of the tip (so an arrow drawn over another keeps a readable label). */
  flip?: boolean;
  /** A handle at the tip: the key reported to onMove, and its accessible name. */
  handle?: { key: string; name: string };
}

export interface PlaneOptions {
  title: string;
  /** The plane shows [−range, range] on both axes. */
  range: number;
  size?: number;
  /** How handles are used, for keyboard and screen-reader users. */
  help: string;
  /** What a handle is, in the page's language ("draggable point"). */
  handleRole?: string;
  onMove?: (key: string, xy: [number, number]) => void;
}

/** The keyboard step of a handle in data units; Shift moves five times as far. */
export const KEY_STEP = 0.1;

type Handler = (key: string, xy: [number, number]) => void;
const handlers = new WeakMap<Element, Handler>();

/** The path of a line from (x1, y1) to (x2, y2) with an open arrowhead of `head` px at its end. */
export function arrowPath(x1: number, y1: number, x2: number, y2: number, head = 7): string {
  const len = Math.hypot(x2 - x1, y2 - y1);
  if (len < 1e-9) return `M${x1},${y1}Z`;
  const [ux, uy] = [(x2 - x1) / len, (y2 - y1) / len];
  const h = Math.min(head, len * 0.6);
  const back = (side: number): string =>
    `${(x2 - h * ux + side * 0.55 * h * uy).toFixed(2)},${(y2 - h * uy - side * 0.55 * h * ux).toFixed(2)}`;
  return `M${x1.toFixed(2)},${y1.toFixed(2)}L${x2.toFixed(2)},${y2.toFixed(2)}M${back(1)}L${x2.toFixed(2)},${y2.toFixed(2)}L${back(-1)}`;
}

const clampTo = (v: number, r: number): number => Math.max(-r, Math.min(r, Math.round(v * 100) / 100));

export function vectorPlane(root: HTMLElement, arrows: readonly PlaneArrow[], opts: PlaneOptions): void {
  const id = rootId(root, 'plane');
  root.classList.add('viz', 'viz-plane');
  const size = opts.size ?? 260;
  const pad = 16;
  const r = opts.range;
  const x = scaleLinear()
    .domain([-r, r])
    .range([pad, size - pad]);
  const y = scaleLinear()
    .domain([-r, r])
    .range([size - pad, pad]);
  const svgEl = ensureFirst(root, 'svg', 'viz-svg') as SVGSVGElement;
  const svg = sel(svgEl)
    .attr('viewBox', `0 0 ${size} ${size}`)
    .attr('width', size)
    .attr('role', 'group')
    .attr('aria-label', opts.title);
  const help = ensure(root, 'p', 'viz-help viz-visually-hidden') as HTMLElement;
  help.id = `${id}-help`;
  help.textContent = opts.help;

  const grid = sel(ensure(svgEl, 'g', 'viz-plane-grid'));
  const ticks = Array.from({ length: 2 * Math.floor(r) + 1 }, (_, k) => k - Math.floor(r));
  grid
    .selectAll('path')
    .data(ticks.flatMap((t) => [`M${x(t)},${y(-r)}V${y(r)}`, `M${x(-r)},${y(t)}H${x(r)}`]))
    .join('path')
    .attr('d', (d) => d)
    .attr('class', (_, k) => (ticks[Math.floor(k / 2)] === 0 ? 'viz-plane-axis' : 'viz-plane-tick'));

  const drawn = sel(ensure(svgEl, 'g', 'viz-plane-arrows'))
    .selectAll<SVGGElement, PlaneArrow>('g.viz-arrow')
    // A prerendered arrow has no bound datum yet: its data-id is its key.
    .data([...arrows], function (this: Element | SVGGElement, a: PlaneArrow) {
      return a ? a.id : ((this as Element).getAttribute('data-id') ?? '');
    })
    .join((enter) => {
      const g = enter.append('g');
      g.append('path').attr('class', 'viz-arrow-line');
      g.append('text').attr('class', 'viz-arrow-label');
      return g;
    })
    .attr('class', (a) => `viz-arrow ${a.cls}`)
    .attr('data-id', (a) => a.id);
  drawn
    .select('path')
    .attr('d', (a) => arrowPath(x(0), y(0), x(a.x), y(a.y)))
    .attr('stroke-width', (a) => a.width ?? 2)
    .attr('stroke-dasharray', (a) => (a.dashed ? '5 3' : null));
  drawn
    .select('text')
    .attr('x', (a) => x(a.x) + (a.x >= 0 ? 8 : -8))
    .attr('y', (a) => y(a.y) + (a.y >= 0 !== Boolean(a.flip) ? -6 : 14))
    .attr('text-anchor', (a) => (a.x >= 0 ? 'start' : 'end'))
    .text((a) => a.label);
  drawn
    .selectAll<SVGCircleElement, PlaneArrow>('circle.viz-handle')
    .data((a) => (a.handle ? [a] : []))
    .join('circle')
    .attr('class', 'viz-handle')
    .attr('r', 7)
    .attr('cx', (a) => x(a.x))
    .attr('cy', (a) => y(a.y))
    .attr('data-key', (a) => a.handle!.key)
    .attr('data-x', (a) => a.x)
    .attr('data-y', (a) => a.y)
    .attr('tabindex', opts.onMove ? 0 : null)
    .attr('role', opts.onMove ? 'button' : 'img')
    .attr('aria-roledescription', opts.onMove ? (opts.handleRole ?? null) : null)
    .attr('aria-describedby', opts.onMove ? help.id : null)
    .attr('aria-label', (a) => `${a.handle!.name}: (${formatValue(a.x)}, ${formatValue(a.y)})`);

  if (!opts.onMove) return;
  const first = !handlers.has(svgEl);
  handlers.set(svgEl, opts.onMove);
  if (!first) return;
  const step = KEY_STEP;
  const report = (h: Element, xy: [number, number]): void =>
    handlers.get(svgEl)?.(h.getAttribute('data-key')!, [clampTo(xy[0], r), clampTo(xy[1], r)]);
  svgEl.addEventListener('keydown', (e) => {
    const h = (e.target as Element).closest?.('.viz-handle');
    const d = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }[e.key];
    if (!h || !d) return;
    e.preventDefault();
    const k = e.shiftKey ? 5 * step : step;
    report(h, [Number(h.getAttribute('data-x')) + d[0]! * k, Number(h.getAttribute('data-y')) + d[1]! * k]);
  });
  svgEl.addEventListener('pointerdown', (e) => {
    const h = (e.target as Element).closest?.('.viz-handle');
    const ctm = svgEl.getScreenCTM?.();
    if (!h || !ctm) return;
    e.preventDefault();
    (h as SVGElement).focus?.();
    svgEl.setPointerCapture?.(e.pointerId);
    const move = (ev: PointerEvent): void => {
      const m = svgEl.getScreenCTM()!.inverse();
      const px = m.a * ev.clientX + m.c * ev.clientY + m.e;
      const py = m.b * ev.clientX + m.d * ev.clientY + m.f;
      report(h, [x.invert(px), y.invert(py)]);
    };
    const up = (): void => {
      svgEl.removeEventListener('pointermove', move);
      svgEl.removeEventListener('pointerup', up);
      svgEl.removeEventListener('pointercancel', up);
    };
    svgEl.addEventListener('pointermove', move);
    svgEl.addEventListener('pointerup', up);
    svgEl.addEventListener('pointercancel', up);
  });
  svg.attr('data-interactive', 'true');
}
