// What the explorer draws from its two answers: the text run (every layer's attention probabilities) and
// the image explanation (class attention per layer and head, rollout, relevance, deletion curves). Pure
// drawing over the figure's parts; the controller (explorer.ts) owns the state and the model requests.
import { bars } from '../../../src/viz/bars';
import { heatmap, type HeatmapOptions } from '../../../src/viz/heatmap';
import { type Matrix, matrixOf } from '../../../src/viz/matrix';
import { formatValue } from '../../../src/viz/scales';
import type { ExplanationMessage, ResultMessage } from '../../../src/runtime/protocol';
import { part } from '../../../src/viz/dom';
import { tokenLabels } from '../../../src/viz/tokens';
import type { ExplorerStrings } from './explorer-strings';
import { type ExplorerState, type Sizes, isOff } from './explorer-state';
import { patchMap, smallMultiples } from '../../../src/viz/explorer-maps';
import {
  crossHighlight,
  deletionChart,
  headSwitches,
  hoverCross,
  tokenStrip,
} from '../../../src/viz/explorer-parts';

export const textProbsKey = (l: number): string => `transformer.resblocks.${l}.attn.probs`;

export interface Handlers {
  pickText(layer: number, head: number): void;
  pickImage(layer: number, head: number): void;
  togglePatch(patch: number): void;
}

/** What each export button downloads. */
export interface Shown {
  textMatrix?: Matrix;
  eot?: Matrix;
  maps?: Record<'attention' | 'rollout' | 'relevance', Matrix>;
  deletion?: Matrix;
}

const causal = (r: number, c: number): boolean => c > r;

/** A part of the body (src/viz/dom.ts), its plot given an id unique on the page: `${idBase}-${name}`. */
function plot(body: HTMLElement, idBase: string, name: string, heading?: string): HTMLElement {
  const el = part(body, name, heading);
  el.id ||= `${idBase}-${name}`;
  return el;
}

/** One head's attention over the text's real tokens (padding cut), labelled. */
export function textMatrix(run: ResultMessage, layer: number, head: number): Matrix {
  const entry = run.trace[textProbsKey(layer)];
  if (!entry) throw new Error(`the run has no attention for text layer ${layer}`);
  const text = run.texts[0]!;
  const n = text.ids.length;
  const m = matrixOf(entry, { head, maxRows: n, maxCols: n }); // [n, n]
  const labels = tokenLabels(text.tokens);
  return { ...m, rowLabels: labels, colLabels: labels, rowName: 'query', colName: 'key' };
}

export function drawText(
  body: HTMLElement,
  run: ResultMessage,
  st: ExplorerState,
  s: ExplorerStrings,
  on: Handlers,
  shown: Shown,
  idBase: string,
): void {
  const layers = Object.keys(run.trace).filter((k) =>
    /^transformer\.resblocks\.\d+\.attn\.probs$/.test(k),
  ).length;
  const heads = run.trace[textProbsKey(0)]?.shape[1] ?? 1;
  const cells = Array.from({ length: layers }, (_, l) =>
    Array.from({ length: heads }, (_, h) => textMatrix(run, l, h)),
  );
  smallMultiples(plot(body, idBase, 'text-overview', s.overviewText), cells, {
    title: s.overviewText,
    help: s.overviewHelp(layers, heads),
    selected: [st.textLayer, st.textHead],
    off: (l, h) => isOff(st.textMask, l, h),
    cellName: s.cellName,
    onPick: on.pickText,
    mask: causal,
    domain: [0, 1],
  });
  const m = cells[st.textLayer]![st.textHead]!;
  const matrixRoot = plot(body, idBase, 'text-matrix', s.matrix(st.textLayer, st.textHead));
  const opts: HeatmapOptions = {
    title: s.matrix(st.textLayer, st.textHead),
    kind: 'sequential',
    domain: [0, 1],
    mask: causal,
    sym: 'attn-probs',
    width: 520,
  };
  heatmap(matrixRoot, m, opts);
  heading(matrixRoot, s.matrix(st.textLayer, st.textHead));
  crossHighlight(matrixRoot, m, opts, -1);
  hoverCross(matrixRoot, m, opts);
  tokenStrip(plot(body, idBase, 'text-tokens', s.tokens), m.rowLabels ?? [], (i) =>
    crossHighlight(matrixRoot, m, opts, i),
  );
  const eotRow = m.values.slice((m.rows - 1) * m.cols, m.rows * m.cols);
  const eotRoot = plot(body, idBase, 'text-eot', s.eot(st.textLayer, st.textHead));
  heading(eotRoot, s.eot(st.textLayer, st.textHead));
  bars(eotRoot, m.rowLabels ?? [], eotRow, { title: s.eot(st.textLayer, st.textHead), width: 360 });
  shown.textMatrix = m;
  shown.eot = { rows: 1, cols: m.cols, values: eotRow, rowLabels: ['EOT'], colLabels: m.colLabels };
}

/** Keeps a part's heading in step with the picked layer and head. */
function heading(plot: HTMLElement, text: string): void {
  const h = plot.parentElement?.querySelector(':scope > .fig-part-heading');
  if (h) h.textContent = text;
}

const gridMatrix = (values: Float32Array, grid: number): Matrix => ({
  rows: grid,
  cols: grid,
  values,
  rowName: 'row',
  colName: 'column',
});

export function drawImage(
  body: HTMLElement,
  e: ExplanationMessage,
  st: ExplorerState,
  s: ExplorerStrings,
  on: Handlers,
  shown: Shown,
  idBase: string,
): void {
  const [layers, heads, total] = e.classAttention.shape as [number, number, number];
  const cellOf = (l: number, h: number): Float32Array =>
    Float32Array.from(e.classAttention.data.subarray((l * heads + h) * total, (l * heads + h + 1) * total));
  const cells = Array.from({ length: layers }, (_, l) =>
    Array.from({ length: heads }, (_, h) => gridMatrix(cellOf(l, h), e.grid)),
  );
  smallMultiples(plot(body, idBase, 'image-overview', s.overviewImage), cells, {
    title: s.overviewImage,
    help: s.overviewHelp(layers, heads),
    selected: [st.imageLayer, st.imageHead],
    off: (l, h) => isOff(st.imageMask, l, h),
    cellName: s.cellName,
    onPick: on.pickImage,
  });
  const masked = new Set(st.patches);
  const maps = {
    attention: cells[st.imageLayer]![st.imageHead]!,
    rollout: gridMatrix(e.rollout, e.grid),
    relevance: gridMatrix(e.relevance, e.grid),
  };
  const titles = {
    attention: s.classAttention(st.imageLayer, st.imageHead),
    rollout: s.rollout,
    relevance: s.relevance,
  };
  for (const key of ['attention', 'rollout', 'relevance'] as const) {
    const root = plot(body, idBase, `map-${key}`, titles[key]);
    heading(root, titles[key]);
    patchMap(root, maps[key].values, {
      title: titles[key],
      help: s.mapHelp(e.grid),
      rgb: e.image.rgb,
      size: e.image.size,
      grid: e.grid,
      masked,
      describe: s.patchValue,
      onToggle: on.togglePatch,
    });
  }
  const sim = plot(body, idBase, 'similarity');
  const ablated = e.similarity !== e.similarityPlain;
  sim.textContent = `${s.similarity(formatValue(e.similarity), formatValue(e.similarityPlain), ablated)} ${s.maskedCount(masked.size)}`;
  shown.maps = maps;
  shown.deletion = deletionChart(
    plot(body, idBase, 'deletion', s.deletion),
    e.deletion.counts,
    [
      { key: 'attention', label: s.curveAttention, values: e.deletion.attention },
      { key: 'rollout', label: s.curveRollout, values: e.deletion.rollout },
      { key: 'relevance', label: s.curveRelevance, values: e.deletion.relevance },
    ],
    { title: s.deletion, xLabel: s.deletionAxisX, yLabel: s.deletionAxisY },
  );
}

/** The head switches of both towers, from the state; onToggle(tower, layer, head). */
export function drawSwitches(
  fig: HTMLElement,
  s: ExplorerStrings,
  z: Sizes,
  st: ExplorerState,
  onToggle: (tower: 'text' | 'image', layer: number, head: number) => void,
): void {
  for (const tower of ['text', 'image'] as const) {
    const root = fig.querySelector<HTMLElement>(`.ax-switches-${tower}`);
    if (!root) continue;
    const masks = tower === 'text' ? st.textMask : st.imageMask;
    headSwitches(root, {
      legend: tower === 'text' ? s.textHeads : s.imageHeads,
      layers: tower === 'text' ? z.textLayers : z.imageLayers,
      heads: tower === 'text' ? z.textHeads : z.imageHeads,
      off: (l, h) => isOff(masks, l, h),
      rowLabel: s.layerRow,
      label: (l, h) => s.headToggle(tower === 'text' ? s.towerText : s.towerImage, l, h),
      onToggle: (l, h) => onToggle(tower, l, h),
    });
  }
}
