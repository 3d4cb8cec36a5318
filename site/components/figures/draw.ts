// Drawing each contract figure from a model run: the same functions paint the build-time first view
// (through happy-dom) and redraw in the page after the reader's input. Each takes the figure's body
// element and fills its named parts, found or created, so a redraw updates the prerendered markup.
import { bars } from '../../../src/viz/bars';
import { part } from '../../../src/viz/dom';
import { heatmap } from '../../../src/viz/heatmap';
import { type Matrix, softmaxRows } from '../../../src/viz/matrix';
import { patchGrid } from '../../../src/viz/patches';
import { mergeSteps, tokenCells, tokenStrip } from '../../../src/viz/tokens';
import type { FigureStrings } from '../../lib/figure-strings';
import { type Run, attentionStage, lossParts, scaled, similarityData, tensorView } from './views';

export function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * The toggle that shows the padding rows after EOT too (a real button, so the keyboard reaches it), prerendered
 * with the figure and kept across redraws; hidden when the window has no padding. The page script listens.
 */
function revealToggle(body: HTMLElement, label: string | undefined, pressed: boolean): void {
  let button = body.querySelector<HTMLButtonElement>(':scope > .fig-reveal-wrap > button.fig-reveal');
  if (!button) {
    const doc = body.ownerDocument;
    const wrap = doc.createElement('p');
    wrap.className = 'fig-reveal-wrap';
    button = doc.createElement('button');
    button.type = 'button';
    button.className = 'fig-reveal';
    wrap.appendChild(button);
    body.insertBefore(wrap, body.firstChild);
  }
  button.parentElement!.hidden = label === undefined;
  if (label !== undefined && button.textContent !== label) button.textContent = label;
  button.setAttribute('aria-pressed', String(pressed));
}

export function drawTensor(
  body: HTMLElement,
  run: Run,
  stage: string,
  head: number,
  s?: FigureStrings,
  allRows = false,
): { shape: number[]; note?: string; matrix: Matrix } {
  const v = tensorView(run, stage, head, allRows);
  if (s) revealToggle(body, v.padding && s.showAllRows(v.padding.total), allRows);
  const title =
    v.heads > 1 ? `${stage} (head ${head}) ${shapeText(v.shape)}` : `${stage} ${shapeText(v.shape)}`;
  heatmap(part(body, 'tensor'), v.matrix, {
    title,
    kind: v.kind,
    domain: v.domain,
    mask: v.mask,
    sym: v.sym,
  });
  return { shape: v.shape, note: v.note, matrix: v.matrix };
}

export function drawAttention(
  body: HTMLElement,
  run: Run,
  s: FigureStrings,
  tower: 'text' | 'vision',
  layer: number,
  head: number,
): { shape: number[]; note?: string; matrix: Matrix } {
  const v = tensorView(run, attentionStage(tower, layer), head);
  heatmap(part(body, 'attention'), v.matrix, {
    title: s.attention(tower, layer, head),
    kind: 'sequential',
    domain: [0, 1],
    mask: v.mask,
    sym: 'attn-probs',
  });
  return { shape: v.shape, note: v.note, matrix: v.matrix };
}

export function drawPatches(
  body: HTMLElement,
  run: Run,
  s: FigureStrings,
  patch: number,
): { shape: number[]; matrix: Matrix } {
  const img = run.images[0];
  if (!img) throw new Error('the run has no image');
  const v = tensorView(run, 'visual.patches');
  let move: (r: number, c: number) => void = () => {};
  patchGrid(
    part(body, 'grid', s.patches),
    { rgb: img.rgb, size: img.size, patch },
    { title: `${s.patches}: ${img.label}`, sym: 'image-pixels', onFocusPatch: (i) => move(i, 0) },
  );
  const emb = part(body, 'embeddings', s.patchEmbeddings);
  move = heatmap(emb, v.matrix, { title: `visual.patches ${shapeText(v.shape)}`, kind: v.kind, sym: v.sym });
  return { shape: v.shape, matrix: v.matrix };
}

/** Cosine, logits at temperature tau, and per-image softmax; returns the logits shown. */
export function drawSimilarity(body: HTMLElement, run: Run, s: FigureStrings, tau: number): Matrix {
  const { cosine } = similarityData(run);
  heatmap(part(body, 'cosine', s.cosine), cosine, {
    title: s.cosine,
    kind: 'diverging',
    domain: [-1, 1],
    sym: 'text-features_normalized',
  });
  const logits = scaled(cosine, 1 / tau);
  heatmap(part(body, 'logits', s.logits), logits, {
    title: s.logits,
    kind: 'diverging',
    sym: 'logits_per_image',
  });
  heatmap(part(body, 'probs', s.probs), softmaxRows(logits), {
    title: s.probs,
    kind: 'sequential',
    domain: [0, 1],
  });
  return logits;
}

export function drawLoss(body: HTMLElement, run: Run, s: FigureStrings, tau: number): Matrix {
  const { cosine } = similarityData(run);
  const logits = scaled(cosine, 1 / tau);
  const p = lossParts(logits);
  heatmap(part(body, 'logits', s.logits), logits, {
    title: s.logits,
    kind: 'diverging',
    sym: 'logits_per_image',
  });
  heatmap(part(body, 'rows', s.imageToText), p.imageToText, {
    title: s.imageToText,
    kind: 'sequential',
    domain: [0, 1],
  });
  heatmap(part(body, 'cols', s.textToImage), p.textToImage, {
    title: s.textToImage,
    kind: 'sequential',
    domain: [0, 1],
  });
  bars(part(body, 'loss'), [s.lossImage, s.lossText, s.lossMean], [p.lossImage, p.lossText, p.loss], {
    title: s.lossMean,
    percent: false,
    sym: 'loss',
  });
  return logits;
}

export function drawTokenizer(body: HTMLElement, run: Run, s: FigureStrings, contextLength: number): void {
  const info = run.texts[0];
  if (!info) throw new Error('the run has no text');
  const cleaned = part(body, 'cleaned', s.cleaned);
  cleaned.textContent = info.steps?.cleaned ?? info.text;
  if (info.steps) mergeSteps(part(body, 'merges', s.pretokens), info.steps.pretokens);
  const sot = info.ids[0]!;
  const eot = info.ids[info.ids.length - 1]!;
  tokenStrip(part(body, 'window', s.window), {
    tokens: tokenCells(info.ids, info.tokens, sot, eot),
    contextLength,
    truncated: info.truncated,
  });
}
