// The logits lab's panels (issue 7.1, seed sections 5.2, 6.1, 6.2): for one state of the batch, the cosine
// and logits matrices, the row and column softmax, each cell's share of the loss and its gradient dL/dS as
// heat maps, and the readout of the temperature and both cross-entropies. Shared by the build's first paint
// and every redraw of the page (logits-lab.ts).
import { type Grid, type LabState, falseNegatives, logitsLab } from '../../../src/lab/logits';
import { GALLERY } from '../../../src/runtime/gallery';
import { galleryItem } from '../../../src/runtime/inputs';
import { THUMB_PX, thumbHref } from '../../../src/viz/thumbs';
import { heatmap } from '../../../src/viz/heatmap';
import type { Matrix } from '../../../src/viz/matrix';
import { formatPrecise, formatValue } from '../../../src/viz/scales';
import { part } from '../../../src/viz/dom';
import { PHOTOS, photoUrl } from '../../lib/photos';
import type { LabStrings } from './logits-strings';

export const MIN_PAIRS = 2;
export const MAX_PAIRS = 8;

export type GradTerm = 'both' | 'image' | 'text';

export interface LogitsLabConfig {
  lang: string;
  texts: string[];
  images: number[];
  /** The temperature shown. */
  tau: number;
  /** The model's learned temperature 1 / exp(logit_scale). */
  learnedTau: number;
  imageFeatures: ArrayLike<number>[]; // [N, E]
  textFeatures: ArrayLike<number>[]; // [N, E]
  grad?: GradTerm;
  /** The images are photographs (lib/photos.ts, on a real CLIP), not world gallery indices. */
  real?: boolean;
}

/** Row k's label and thumbnail: the photograph's on a real model, the world scene's on tiny. */
function rowOf(k: number, real: boolean | undefined): [string, string | undefined] {
  if (real) {
    const photo = PHOTOS[k];
    return [`${k}: ${photo?.label ?? '?'}`, photo ? photoUrl(import.meta.env.BASE_URL ?? '/', k) : undefined];
  }
  const g = GALLERY[k];
  return [`${k}: ${g?.caption ?? '?'}`, g ? thumbHref(galleryItem(k, THUMB_PX).image, THUMB_PX) : undefined];
}

export function matrixOf(g: Grid, c: LogitsLabConfig): Matrix {
  return {
    rows: g.rows,
    cols: g.cols,
    values: Float32Array.from(g.values),
    rowLabels: c.images.map((k) => rowOf(k, c.real)[0]),
    rowImages: c.images.map((k) => rowOf(k, c.real)[1]),
    colLabels: c.texts.map((t, j) => `${j}: ${t}`),
    rowName: 'image',
    colName: 'text',
  };
}

/** The temperature three ways, the loss terms (full precision in data-value), ln N, and false negatives. */
function readout(root: HTMLElement, st: LabState, c: LogitsLabConfig, s: LabStrings): void {
  const doc = root.ownerDocument;
  const tau = doc.createElement('p');
  tau.className = 'lab-tau';
  const t = st.temperature;
  tau.textContent = s.tauForms(formatValue(t.tau), formatValue(t.logitScale), formatValue(t.scale));
  tau.dataset.tau = String(t.tau);
  const dl = doc.createElement('dl');
  dl.className = 'lab-losses';
  dl.dataset.sym = 'loss';
  const rows: [string, string, number][] = [
    ['loss-image', s.lossImage, st.parts.lossImage],
    ['loss-text', s.lossText, st.parts.lossText],
    ['loss', s.loss, st.parts.loss],
    ['ln-n', s.lossUniform, Math.log(c.texts.length)],
    ['grad-logit-scale', s.gradScale, st.gradLogitScale],
  ];
  for (const [term, label, value] of rows) {
    const dt = doc.createElement('dt');
    dt.textContent = label;
    const dd = doc.createElement('dd');
    dd.dataset.term = term;
    dd.dataset.value = String(value);
    dd.textContent = formatPrecise(value, 6);
    dl.append(dt, dd);
  }
  const notes = doc.createElement('ul');
  notes.className = 'lab-notes';
  for (const [i, j] of falseNegatives(c.texts).filter(([a, b]) => a < b)) {
    const li = doc.createElement('li');
    li.textContent = s.falseNegative(i, j);
    notes.appendChild(li);
  }
  root.replaceChildren(tau, dl, notes);
}

/** Draws every panel for one state of the lab; returns the numbers shown. */
export function drawLogitsLab(body: HTMLElement, c: LogitsLabConfig, s: LabStrings): LabState {
  const st = logitsLab(c.imageFeatures, c.textFeatures, c.tau);
  readout(part(body, 'readout', s.readout), st, c, s);
  const g = c.grad ?? 'both';
  const grad = g === 'image' ? st.parts.gradImage : g === 'text' ? st.parts.gradText : st.parts.gradient;
  const which = g === 'image' ? s.gradImage : g === 'text' ? s.gradText : s.gradBoth;
  const panels: [string, string, Grid, 'sequential' | 'diverging', [number, number] | undefined][] = [
    ['cos', s.cosine, st.cosine, 'diverging', [-1, 1]],
    ['logits_per_image', s.logits, st.logits, 'diverging', undefined],
    ['p-row', s.rowSoftmax, st.parts.rowSoftmax, 'sequential', [0, 1]],
    ['p-col', s.colSoftmax, st.parts.colSoftmax, 'sequential', [0, 1]],
    ['loss-cell', s.contribution, st.parts.contribution, 'sequential', undefined],
    ['grad-logits', s.gradient(which), grad, 'diverging', undefined],
  ];
  for (const [sym, title, grid, kind, domain] of panels) {
    heatmap(part(body, sym, title), matrixOf(grid, c), { title, kind, domain, sym, width: 380 });
  }
  return st;
}
