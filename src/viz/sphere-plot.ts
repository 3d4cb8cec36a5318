// Drawing of the circle lab (seed sections 5 and 6): N image and N text features as unit vectors on a circle,
// the angle and cosine of a picked pair, arrows for the next contrastive step (each point's tangent gradient,
// and for the picked image its pull towards its caption and pushes away from the others), the logits, the
// picked image's softmax over the texts, and the loss as a function of the modality gap. The points are
// handles the reader drags along the circle or turns with the arrow keys. Same code for the build's first
// paint (happy-dom) and the page's redraws. No TF.js.
// Over 300 lines: the circle, its drag handles, the step arrows and the three side panels share one
// layout and one redraw, which read best together.
import { type LabState } from '../lab/logits';
import { imageTerms, lossOverGap, pairGeometry, sphereGradients, tangent, withGap } from '../lab/sphere';
import { bars } from './bars';
import { ensure, ensureFirst, rootId, sel } from './dom';
import { heatmap } from './heatmap';
import type { Matrix } from './matrix';
import { formatValue } from './scales';
import { arrowPath } from './vector-plane';

export type PointKind = 'image' | 'text';

export interface SphereStrings {
  circleTitle: string;
  circleHelp: (small: string, big: string) => string;
  handleRole: string;
  point: (kind: PointKind, k: number) => string;
  pointName: (kind: PointKind, k: number, degrees: string) => string;
  pair: (i: number, j: number, degrees: string, cosine: string) => string;
  arrows: string;
  logits: string;
  row: (i: number, tau: string) => string;
  loss: string;
  lossImage: string;
  lossText: string;
  guess: string;
  matched: string;
  gapTitle: string;
  gapAxis: string;
}

export interface SphereView {
  imageAngles: number[];
  textAngles: number[];
  /** The modality gap δ (radians): images turned by +δ/2, texts by −δ/2. */
  gap: number;
  /** The largest gap the curve shows. */
  maxGap: number;
  tau: number;
  pickImage: number;
  pickText: number;
}

const SIZE = 320;
const C = SIZE / 2;
const R = 124;
/** The drawing's size and the circle's radius, in px of the viewBox. */
export const CIRCLE = { size: SIZE, radius: R };
const ARROW = 40; // px of the longest gradient arrow
/** Degrees an arrow key turns a point (Shift: five times). */
export const TURN = 2;
const deg = (rad: number): string => `${formatValue((rad * 180) / Math.PI)}°`;
const px = (v: readonly number[]): [number, number] => [C + R * v[0]!, C - R * v[1]!];

/** A <div class="toy-part toy-part-NAME"> of body with its heading, created once in call order. */
function section(body: HTMLElement, name: string, heading: string): HTMLElement {
  const el = ensure(body, 'div', `toy-part-${name} toy-part`) as HTMLElement;
  ensure(el, 'p', 'fig-part-heading').textContent = heading;
  return ensure(el, 'div', 'fig-plot') as HTMLElement;
}

interface Dot {
  kind: PointKind;
  k: number;
  v: number[];
  /** Minus the tangent gradient: the direction of the next step. */
  step: number[];
}

export function drawSphere(
  body: HTMLElement,
  view: SphereView,
  s: SphereStrings,
  onMove?: (kind: PointKind, k: number, angle: number) => void,
): LabState {
  const { images, texts } = withGap(view.imageAngles, view.textAngles, view.gap);
  const g = sphereGradients(images, texts, view.tau);
  const dots: Dot[] = [
    ...images.map((v, k) => ({
      kind: 'image' as const,
      k,
      v,
      step: tangent(v, g.images[k]!).map((x) => -x),
    })),
    ...texts.map((v, k) => ({ kind: 'text' as const, k, v, step: tangent(v, g.texts[k]!).map((x) => -x) })),
  ];
  const longest = Math.max(1e-12, ...dots.map((d) => Math.hypot(...d.step)));
  const gain = ARROW / longest;
  const i = view.pickImage;
  const j = view.pickText;

  const plot = section(body, 'circle', s.circleTitle);
  const id = rootId(plot, 'circle');
  const svgEl = ensureFirst(plot, 'svg', 'viz-svg') as SVGSVGElement;
  sel(svgEl)
    .attr('viewBox', `0 0 ${SIZE} ${SIZE}`)
    .attr('width', SIZE)
    .attr('role', 'group')
    .attr('aria-label', s.circleTitle);
  const help = ensure(plot, 'p', 'viz-help viz-visually-hidden') as HTMLElement;
  help.id = `${id}-help`;
  help.textContent = s.circleHelp(`${TURN}°`, `${5 * TURN}°`);
  sel(ensure(svgEl, 'circle', 'sphere-ring'))
    .attr('cx', C)
    .attr('cy', C)
    .attr('r', R);
  sel(ensure(svgEl, 'path', 'sphere-axes')).attr(
    'd',
    `M${C - R - 8},${C}H${C + R + 8}M${C},${C - R - 8}V${C + R + 8}`,
  );
  sel(ensure(svgEl, 'g', 'sphere-pairs'))
    .selectAll('path')
    .data(images.map((v, k): [number, number][] => [px(v), px(texts[k]!)]))
    .join('path')
    .attr('d', ([a, b]) => `M${a![0]},${a![1]}L${b![0]},${b![1]}`);
  // The picked pair: both rays and the arc between them, with angle and cosine.
  const geo = pairGeometry(images[i]!, texts[j]!);
  const a0 = Math.atan2(images[i]![1]!, images[i]![0]!);
  const a1 = Math.atan2(texts[j]![1]!, texts[j]![0]!);
  let da = a1 - a0;
  da -= 2 * Math.PI * Math.round(da / (2 * Math.PI));
  const r = R * 0.42;
  const arcEnd = [C + r * Math.cos(a0 + da), C - r * Math.sin(a0 + da)];
  sel(ensure(svgEl, 'path', 'sphere-pick')).attr(
    'd',
    `M${px(images[i]!).join(',')}L${C},${C}L${px(texts[j]!).join(',')}M${C + r * Math.cos(a0)},${C - r * Math.sin(a0)}A${r},${r} 0 0 ${da > 0 ? 0 : 1} ${arcEnd[0]},${arcEnd[1]}`,
  );
  const mid = a0 + da / 2;
  sel(ensure(svgEl, 'text', 'sphere-pick-label'))
    .attr('x', C + (r + 14) * Math.cos(mid))
    .attr('y', C - (r + 14) * Math.sin(mid) + 4)
    .attr('text-anchor', Math.cos(mid) >= 0 ? 'start' : 'end')
    .text(deg(geo.angle)); // the cosine is in the sentence below the drawing
  // Arrows: every point's next step; the picked image's pull and pushes, dashed.
  const terms = imageTerms(g, images, texts, i).map((t, k) => ({ k, step: t.map((x) => -x) }));
  const arrow = (from: readonly number[], step: readonly number[]): string => {
    const [x0, y0] = px(from);
    return arrowPath(x0, y0, x0 + gain * step[0]!, y0 - gain * step[1]!, 6);
  };
  sel(ensure(svgEl, 'g', 'sphere-terms'))
    .selectAll('path')
    .data(terms)
    .join('path')
    .attr('class', (t) => (t.k === i ? 'sphere-pull' : 'sphere-push'))
    .attr('d', (t) => arrow(images[i]!, t.step));
  sel(ensure(svgEl, 'g', 'sphere-steps'))
    .selectAll('path')
    .data(dots)
    .join('path')
    .attr('class', (d) => `sphere-step sphere-${d.kind}`)
    .attr('d', (d) => arrow(d.v, d.step));
  const pts = sel(ensure(svgEl, 'g', 'sphere-points'))
    .selectAll<SVGGElement, Dot>('g.sphere-point')
    // A prerendered point has no bound datum yet: its data attributes are its key.
    .data(dots, function (this: Element | SVGGElement, d: Dot) {
      const el = this as Element;
      return d ? `${d.kind}${d.k}` : `${el.getAttribute('data-kind')}${el.getAttribute('data-k')}`;
    })
    .join((enter) => {
      const e = enter.append('g');
      e.append('path').attr('class', 'sphere-mark');
      e.append('text').attr('class', 'sphere-label');
      return e;
    })
    .attr(
      'class',
      (d) =>
        `sphere-point sphere-${d.kind}${(d.kind === 'image' ? d.k === i : d.k === j) ? ' sphere-picked' : ''}`,
    )
    .attr('data-kind', (d) => d.kind)
    .attr('data-k', (d) => d.k)
    .attr('data-angle', (d) => Math.atan2(d.v[1]!, d.v[0]!))
    .attr(
      'transform',
      (d) =>
        `translate(${px(d.v)
          .map((x) => x.toFixed(2))
          .join(',')})`,
    )
    .attr('tabindex', onMove ? 0 : null)
    .attr('role', onMove ? 'button' : null)
    .attr('aria-roledescription', onMove ? s.handleRole : null)
    .attr('aria-describedby', onMove ? help.id : null)
    // The name starts with the visible label (I0, T0), so speech input can say what it sees.
    .attr(
      'aria-label',
      (d) => `${s.point(d.kind, d.k)}: ${s.pointName(d.kind, d.k, deg(Math.atan2(d.v[1]!, d.v[0]!)))}`,
    );
  pts
    .select('path')
    .attr('d', (d) =>
      d.kind === 'image' ? 'M0,-6A6,6 0 1 1 0,6A6,6 0 1 1 0,-6Z' : 'M-5.5,-5.5H5.5V5.5H-5.5Z',
    );
  pts
    .select('text')
    // Images are labelled outside the circle, texts inside, so a close pair's labels do not collide.
    .attr('x', (d) => d.v[0]! * (d.kind === 'image' ? 14 : -14))
    .attr('y', (d) => -d.v[1]! * (d.kind === 'image' ? 14 : -14) + 4)
    .attr('text-anchor', (d) => (d.v[0]! >= 0 === (d.kind === 'image') ? 'start' : 'end'))
    .text((d) => s.point(d.kind, d.k));
  if (onMove) {
    listen(svgEl, onMove);
    svgEl.setAttribute('data-interactive', 'true');
  }
  ensure(plot, 'p', 'sphere-pair').textContent = s.pair(i, j, deg(geo.angle), formatValue(geo.cosine));
  ensure(plot, 'p', 'sphere-arrows-note').textContent = s.arrows;

  const st = g.state;
  readout(section(body, 'loss', s.loss), st, s);
  const n = images.length;
  const m: Matrix = {
    rows: n,
    cols: n,
    values: Float32Array.from(st.logits.values),
    rowLabels: images.map((_, k) => s.point('image', k)),
    colLabels: texts.map((_, k) => s.point('text', k)),
    rowName: 'image',
    colName: 'text',
  };
  heatmap(section(body, 'logits', s.logits), m, {
    title: s.logits,
    kind: 'diverging',
    sym: 'logits_per_image',
    width: 250,
  });
  const rowTitle = s.row(i, formatValue(view.tau));
  const probs = Array.from(st.parts.rowSoftmax.values.subarray(i * n, (i + 1) * n));
  bars(section(body, 'row', rowTitle), m.colLabels!, probs, { title: rowTitle, width: 300 });
  gapCurve(section(body, 'gap', s.gapTitle), view, s, Math.log(n));
  return st;
}

function readout(plot: HTMLElement, st: LabState, s: SphereStrings): void {
  const dl = ensure(plot, 'dl', 'lab-losses') as HTMLElement;
  dl.dataset.sym = 'loss';
  const n = st.cosine.rows;
  const matched =
    Array.from({ length: n }, (_, k) => st.cosine.values[k * (n + 1)]!).reduce((a, b) => a + b) / n;
  const rows: [string, string, number][] = [
    ['loss', s.loss, st.parts.loss],
    ['loss-image', s.lossImage, st.parts.lossImage],
    ['loss-text', s.lossText, st.parts.lossText],
    ['ln-n', s.guess, Math.log(n)],
    ['matched', s.matched, matched],
  ];
  dl.replaceChildren(
    ...rows.flatMap(([term, label, value]) => {
      const dt = plot.ownerDocument.createElement('dt');
      dt.textContent = label;
      const dd = plot.ownerDocument.createElement('dd');
      dd.dataset.term = term;
      dd.dataset.value = String(value);
      dd.textContent = formatValue(value);
      return [dt, dd];
    }),
  );
}

/** The loss against the gap δ from 0 to maxGap, with the current δ marked. */
function gapCurve(plot: HTMLElement, view: SphereView, s: SphereStrings, guess: number): void {
  const [W, H, L, B] = [300, 150, 44, 30];
  const gaps = Array.from({ length: 61 }, (_, k) => (k / 60) * view.maxGap);
  const losses = lossOverGap(view.imageAngles, view.textAngles, view.tau, gaps);
  const now = lossOverGap(view.imageAngles, view.textAngles, view.tau, [view.gap])[0]!;
  const top = Math.max(guess, now, ...losses) * 1.1 || 1;
  const x = (gap: number) => L + ((W - L - 10) * gap) / view.maxGap;
  const y = (loss: number) => H - B - ((H - B - 10) * loss) / top;
  const svgEl = ensureFirst(plot, 'svg', 'viz-svg') as SVGSVGElement;
  sel(svgEl)
    .attr('viewBox', `0 0 ${W} ${H}`)
    .attr('width', W)
    .attr('role', 'img')
    .attr('aria-label', `${s.gapTitle}: ${s.loss} ${formatValue(now)}, ${deg(view.gap)}`);
  sel(ensure(svgEl, 'path', 'sphere-gap-axes')).attr('d', `M${L},10V${H - B}H${W - 10}`);
  sel(ensure(svgEl, 'path', 'sphere-gap-guess')).attr('d', `M${L},${y(guess)}H${W - 10}`);
  sel(ensure(svgEl, 'path', 'sphere-gap-line')).attr(
    'd',
    gaps.map((gp, k) => `${k ? 'L' : 'M'}${x(gp).toFixed(1)},${y(losses[k]!).toFixed(1)}`).join(''),
  );
  sel(ensure(svgEl, 'circle', 'sphere-gap-now'))
    .attr('cx', x(view.gap))
    .attr('cy', y(now))
    .attr('r', 4.5);
  const labels: [string, number, number, string][] = [
    ['sphere-gap-x0', L, H - B + 14, '0°'],
    ['sphere-gap-x1', W - 10, H - B + 14, deg(view.maxGap)],
    ['sphere-gap-xname', (L + W) / 2, H - 4, s.gapAxis],
    ['sphere-gap-y0', L - 4, H - B + 4, '0'],
    ['sphere-gap-y1', L - 4, y(guess) + 4, 'ln N'],
  ];
  for (const [cls, lx, ly, text] of labels)
    sel(ensure(svgEl, 'text', cls))
      .attr('x', lx)
      .attr('y', ly)
      .attr('text-anchor', cls.includes('-y') ? 'end' : cls === 'sphere-gap-x0' ? 'start' : 'middle')
      .text(text);
}

type Move = (kind: PointKind, k: number, angle: number) => void;
const moves = new WeakMap<Element, Move>();

/** Keyboard (arrows turn a point by 2°, Shift 10°) and pointer dragging along the circle. */
function listen(svgEl: SVGSVGElement, onMove: Move): void {
  const first = !moves.has(svgEl);
  moves.set(svgEl, onMove);
  if (!first) return;
  const report = (p: Element, angle: number) =>
    moves.get(svgEl)?.(p.getAttribute('data-kind') as PointKind, Number(p.getAttribute('data-k')), angle);
  svgEl.addEventListener('keydown', (e) => {
    const p = (e.target as Element).closest?.('.sphere-point');
    const dir = { ArrowRight: -1, ArrowDown: -1, ArrowLeft: 1, ArrowUp: 1 }[e.key];
    if (!p || !dir) return;
    e.preventDefault();
    report(p, Number(p.getAttribute('data-angle')) + (dir * (e.shiftKey ? 5 * TURN : TURN) * Math.PI) / 180);
  });
  svgEl.addEventListener('pointerdown', (e) => {
    const p = (e.target as Element).closest?.('.sphere-point');
    if (!p || !svgEl.getScreenCTM?.()) return;
    e.preventDefault();
    (p as SVGElement).focus?.();
    svgEl.setPointerCapture?.(e.pointerId);
    const move = (ev: PointerEvent): void => {
      const m = svgEl.getScreenCTM()!.inverse();
      const sx = m.a * ev.clientX + m.c * ev.clientY + m.e;
      const sy = m.b * ev.clientX + m.d * ev.clientY + m.f;
      report(p, Math.atan2(C - sy, sx - C));
    };
    const up = (): void => {
      svgEl.removeEventListener('pointermove', move);
      svgEl.removeEventListener('pointerup', up);
    };
    svgEl.addEventListener('pointermove', move);
    svgEl.addEventListener('pointerup', up);
  });
}
