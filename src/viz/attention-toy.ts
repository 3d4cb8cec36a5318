// Drawing of the attention toy (seed section 3.4): the queries and keys on one plane, the values and the
// outputs on another (the tips are handles the reader moves), the scores q·k, the logits after the scaling
// and the mask, the attention weights row by row with each row's largest probability and entropy, and a
// panel of random vectors of width d_h that shows why the scaling is there. The same code paints the
// build-time first view (happy-dom) and every redraw in the page. No TF.js.
import { type ToyResult, type ToyToken, attentionToy, randomDots, randomRow } from '../lab/attention-toy';
import { bars } from './bars';
import { ensure } from './dom';
import { heatmap } from './heatmap';
import type { Matrix } from './matrix';
import { formatFixed, formatValue } from './scales';
import { KEY_STEP, vectorPlane } from './vector-plane';

export type ToyVector = 'q' | 'k' | 'v';

export interface AttentionToyStrings {
  planeQK: string;
  planeV: string;
  planeHelp: (step: string, big: string) => string;
  handleRole: string;
  handle: (vector: ToyVector, word: string) => string;
  /** gain: the factor on q and k as text, or null when it is 1. */
  scores: (gain: string | null) => string;
  logits: (scaled: boolean, d: number) => string;
  probs: string;
  rowsTitle: string;
  row: (word: string, maxProb: string, entropy: string, uniform: string) => string;
  dhTitle: (dh: number) => string;
  dhVariance: (samples: number, dh: number, variance: string, scaled: string) => string;
  dhRow: (scaled: boolean, keys: number) => string;
  dhRowStats: (maxProb: string, entropy: string, uniform: string) => string;
  key: (j: number) => string;
}

export interface AttentionToyView {
  words: string[];
  tokens: ToyToken[];
  scaled: boolean;
  causal: boolean;
  /** Multiplies every q and k. */
  gain: number;
  /** Width of the random vectors in the d_h panel. */
  dh: number;
  samples: number;
  keys: number;
}

/** The planes show [−RANGE, RANGE]; edits are clamped to it. */
export const RANGE = 3;

/** A <div class="toy-part toy-part-NAME"> of body with its heading, created once in call order. */
function section(body: HTMLElement, name: string, heading: string): HTMLElement {
  const el = ensure(body, 'div', `toy-part-${name} toy-part`) as HTMLElement;
  const h = ensure(el, 'p', 'fig-part-heading');
  h.textContent = heading;
  return ensure(el, 'div', 'fig-plot') as HTMLElement;
}

function matrix(values: number[][], view: AttentionToyView): Matrix {
  const n = values.length;
  return {
    rows: n,
    cols: n,
    values: Float32Array.from(values.flat()),
    rowLabels: view.words.map((w) => `q ${w}`),
    colLabels: view.words.map((w) => `k ${w}`),
    rowName: 'query',
    colName: 'key',
  };
}

const pct = (p: number): string => `${formatFixed(p * 100, 1)}%`;

/** Draws every panel for one state; `onMove` (page only) makes the tips draggable. */
export function drawAttentionToy(
  body: HTMLElement,
  view: AttentionToyView,
  s: AttentionToyStrings,
  onMove?: (token: number, vector: ToyVector, xy: [number, number]) => void,
): ToyResult {
  const r = attentionToy(view.tokens, { scaled: view.scaled, causal: view.causal, gain: view.gain });
  const move = onMove
    ? (key: string, xy: [number, number]) => onMove(Number(key.slice(1)), key[0] as ToyVector, xy)
    : undefined;
  const handle = (vector: ToyVector, i: number) => ({
    key: `${vector}${i}`,
    name: s.handle(vector, view.words[i]!),
  });
  const common = {
    range: RANGE,
    help: s.planeHelp(formatValue(KEY_STEP), formatValue(5 * KEY_STEP)),
    handleRole: s.handleRole,
    onMove: move,
  };
  vectorPlane(
    section(body, 'qk', s.planeQK),
    view.tokens.flatMap((t, i) => [
      {
        id: `q${i}`,
        x: t.q[0]!,
        y: t.q[1]!,
        cls: `toy-tok-${i}`,
        label: `q ${view.words[i]}`,
        handle: handle('q', i),
      },
      {
        id: `k${i}`,
        x: t.k[0]!,
        y: t.k[1]!,
        cls: `toy-tok-${i}`,
        label: `k ${view.words[i]}`,
        dashed: true,
        handle: handle('k', i),
      },
    ]),
    { ...common, title: s.planeQK },
  );
  vectorPlane(
    section(body, 'v', s.planeV),
    [
      ...view.tokens.map((t, i) => ({
        id: `v${i}`,
        x: t.v[0]!,
        y: t.v[1]!,
        cls: `toy-tok-${i}`,
        label: `v ${view.words[i]}`,
        handle: handle('v', i),
      })),
      ...r.outputs.map((o, i) => ({
        id: `o${i}`,
        x: o[0]!,
        y: o[1]!,
        cls: `toy-tok-${i} toy-output`,
        label: `o ${view.words[i]}`,
        dashed: true,
        width: 3.5,
        // An output on top of its own value (a row that attends only to itself) labels the other side.
        flip: Math.hypot(o[0]! - view.tokens[i]!.v[0]!, o[1]! - view.tokens[i]!.v[1]!) < 0.5,
      })),
    ],
    { ...common, title: s.planeV },
  );
  const mask = view.causal ? (i: number, j: number) => j > i : undefined;
  const heat = (
    name: string,
    title: string,
    values: number[][],
    kind: 'sequential' | 'diverging',
    sym: string,
  ) =>
    heatmap(section(body, name, title), matrix(values, view), {
      title,
      kind,
      sym,
      mask,
      width: 250,
      domain: kind === 'sequential' ? [0, 1] : undefined,
    });
  heat(
    'scores',
    s.scores(view.gain === 1 ? null : formatValue(view.gain)),
    r.scores,
    'diverging',
    'attn-scores',
  );
  heat('logits', s.logits(view.scaled, r.d), r.logits, 'diverging', 'attn-logits');
  heat('probs', s.probs, r.probs, 'sequential', 'attn-probs');
  const list = ensure(section(body, 'rows', s.rowsTitle), 'ul', 'toy-rows');
  list.replaceChildren(
    ...r.probs.map((_, i) => {
      const li = body.ownerDocument.createElement('li');
      li.className = `toy-tok-${i}`;
      li.dataset.maxProb = String(r.maxProb[i]);
      li.dataset.entropy = String(r.entropy[i]);
      li.textContent = s.row(
        view.words[i]!,
        pct(r.maxProb[i]!),
        formatValue(r.entropy[i]!),
        formatValue(r.maxEntropy[i]!),
      );
      return li;
    }),
  );
  drawRandomPanel(body, view, s);
  return r;
}

/** Random vectors of width d_h: the measured variance of q·k, and one row of the softmax both ways. */
function drawRandomPanel(body: HTMLElement, view: AttentionToyView, s: AttentionToyStrings): void {
  const plot = section(body, 'dh', s.dhTitle(view.dh));
  const dots = randomDots(view.dh, view.samples);
  const note = ensure(plot, 'p', 'toy-dh-variance') as HTMLElement;
  note.dataset.variance = String(dots.variance);
  note.dataset.scaledVariance = String(dots.scaledVariance);
  note.textContent = s.dhVariance(
    view.samples,
    view.dh,
    formatValue(dots.variance),
    formatValue(dots.scaledVariance),
  );
  const row = randomRow(view.dh, view.keys);
  const labels = Array.from({ length: view.keys }, (_, j) => s.key(j));
  for (const scaled of [true, false]) {
    const side = scaled ? row.scaled : row.unscaled;
    const wrap = ensure(plot, 'div', `toy-dh-${scaled ? 'scaled' : 'unscaled'} toy-dh-row`) as HTMLElement;
    const h = ensure(wrap, 'p', 'toy-dh-heading');
    h.textContent = s.dhRow(scaled, view.keys);
    bars(ensure(wrap, 'div', 'toy-dh-bars') as HTMLElement, labels, side.probs, {
      title: s.dhRow(scaled, view.keys),
      width: 300,
    });
    const stats = ensure(wrap, 'p', 'toy-dh-stats') as HTMLElement;
    stats.dataset.maxProb = String(side.maxProb);
    stats.textContent = s.dhRowStats(
      pct(side.maxProb),
      formatValue(side.entropy),
      formatValue(row.uniformEntropy),
    );
  }
}
