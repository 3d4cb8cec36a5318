// From a model run (a Trace plus token and image info) to what a figure shows: the matrix, its labels,
// the scale, the mask, the math symbol. Pure TypeScript shared by the build (static first paint) and
// the page (redraw after the reader's input), so both draw exactly the same thing.
import { type Matrix, matrixOf, transpose, softmaxRows } from '../../../src/viz/matrix';
import { t as vizWords } from '../../../src/viz/strings';
import { tokenLabels } from '../../../src/viz/tokens';
import type { ScaleKind } from '../../../src/viz/scales';
import { thumbHref } from '../../../src/viz/thumbs';
import type { ImageInfo, ResultMessage } from '../../../src/runtime/protocol';
import { towerOf } from '../../lib/towers';

/** A model run; an image may carry its thumbnail instead of its pixels (the build's slim copy of a run). */
export type Run = Pick<ResultMessage, 'trace' | 'texts' | 'notes'> & {
  images: (ImageInfo & { thumb?: string })[];
};

/** Each image's row thumbnail (a data: URL): from its pixels, or the one the build kept. */
export function imageThumbs(run: Run): (string | undefined)[] {
  return run.images.map((im) => (im.rgb.length > 0 ? thumbHref(im.rgb, im.size) : im.thumb));
}

/** The math symbol of a stage: block prefix dropped, dots → dashes (`transformer.resblocks.0.attn.probs` → `attn-probs`). */
export function symOf(stage: string): string {
  return stage.replace(/^(visual\.)?transformer\.resblocks\.\d+\./, '').replaceAll('.', '-');
}

/** CLS then p1…pG² for the vision tower's sequence. */
export function patchLabels(n: number): string[] {
  return Array.from({ length: n }, (_, i) => (i === 0 ? 'CLS' : `p${i}`));
}

export interface TensorView {
  matrix: Matrix;
  shape: number[];
  kind: ScaleKind;
  domain?: [number, number];
  mask?: (r: number, c: number) => boolean;
  sym: string;
  /** What the figure leaves out (padding rows), or that it shows them, for the caption. */
  note?: string;
  /** Text rows: the positions up to EOT and the whole window, when the window has padding after EOT. */
  padding?: { used: number; total: number };
  heads: number;
}

const isProbs = (stage: string): boolean => stage.endsWith('.probs');

/** `allRows`: keep the padding after EOT (the text tower's rows are cut at EOT otherwise). */
export function tensorView(run: Run, stage: string, head = 0, allRows = false): TensorView {
  const entry = run.trace[stage];
  if (!entry) throw new Error(`the model has no stage "${stage}"`);
  const shape = entry.shape;
  const tower = towerOf(stage);
  const rank = shape.length;
  const heads = rank === 4 && stage.includes('.attn.') ? shape[1]! : 1;
  let matrix: Matrix;
  let note: string | undefined;
  let padding: TensorView['padding'];
  if (stage === 'visual.conv1.out') {
    // [1, Wv, g, g] → [Wv, g²] → patches as rows.
    const [, w, g] = shape as [number, number, number, number];
    matrix = transpose(matrixOf({ shape: [1, w, g * g], data: entry.data }));
    matrix.rowLabels = patchLabels(g * g + 1).slice(1);
  } else if (stage.startsWith('logits_per_')) {
    matrix = matrixOf({ shape: [1, ...shape], data: entry.data });
  } else {
    matrix = matrixOf(entry, { head: heads > 1 ? head : undefined });
  }
  const text = run.texts[0];
  const seqLen = rank >= 3 ? shape[rank - 2]! : 0;
  if (tower === 'text' && text && rank >= 3 && matrix.rows === seqLen) {
    const n = text.ids.length;
    const keep = allRows ? seqLen : n;
    const labels = tokenLabels(text.tokens);
    for (let r = n; r < keep; r++) labels.push(`${vizWords().padding} ${r}`);
    matrix = matrixOf({ shape: [1, matrix.rows, matrix.cols], data: matrix.values }, { maxRows: keep });
    matrix.rowLabels = labels;
    if (isProbs(stage)) {
      matrix = matrixOf({ shape: [1, keep, seqLen], data: matrix.values }, { maxCols: keep });
      matrix.rowLabels = labels;
      matrix.colLabels = matrix.rowLabels;
    }
    if (n < seqLen) {
      padding = { used: n, total: seqLen };
      note = allRows ? vizWords().rowsAll(n, seqLen) : vizWords().rowsCut(n, seqLen);
    }
    matrix.rowName = 'position';
  } else if (tower === 'vision' && rank >= 3 && matrix.rows === seqLen && stage !== 'visual.conv1.out') {
    const labels =
      seqLen === matrix.rows && stage !== 'visual.patches'
        ? patchLabels(seqLen)
        : patchLabels(seqLen + 1).slice(1);
    matrix.rowLabels = labels;
    if (isProbs(stage)) matrix.colLabels = labels;
    matrix.rowName = 'token';
  } else if (rank === 2 && !stage.startsWith('logits_per_')) {
    matrix.rowLabels = [tower === 'vision' ? 'CLS' : 'EOT'];
  }
  matrix.colName ??= isProbs(stage) ? 'key' : 'dim';
  if (isProbs(stage)) matrix.rowName = 'query';
  const causal = isProbs(stage) && tower === 'text';
  return {
    matrix,
    shape,
    kind: isProbs(stage) ? 'sequential' : 'diverging',
    domain: isProbs(stage) ? [0, 1] : undefined,
    mask: causal ? (r, c) => c > r : undefined,
    sym: symOf(stage),
    note,
    padding,
    heads,
  };
}

export function attentionStage(tower: 'text' | 'vision', layer: number): string {
  return `${tower === 'vision' ? 'visual.' : ''}transformer.resblocks.${layer}.attn.probs`;
}

/** Cosine similarities [images, texts] from the logits and the learned scale (logits = scale · cos). */
export interface SimilarityData {
  cosine: Matrix;
  scale: number;
}

export function similarityData(run: Run): SimilarityData {
  const logits = run.trace['logits_per_image'];
  const scale = run.trace['logit_scale.exp']?.data[0] ?? 1;
  if (!logits) throw new Error('the run has no logits (it needs both texts and images)');
  const m = matrixOf({ shape: [1, ...logits.shape], data: logits.data });
  const cosine: Matrix = {
    ...m,
    values: m.values.map((v) => v / scale),
    rowLabels: run.images.map((im, i) => `${i}: ${im.label}`),
    rowImages: imageThumbs(run),
    colLabels: run.texts.map((t) => t.text),
    rowName: 'image',
    colName: 'text',
  };
  return { cosine, scale };
}

export function scaled(m: Matrix, k: number): Matrix {
  return { ...m, values: m.values.map((v) => v * k) };
}

/** The contrastive loss pieces of an N × N logits matrix (rows images, columns texts; pair i matches i). */
export interface LossParts {
  logits: Matrix;
  imageToText: Matrix;
  textToImage: Matrix;
  lossImages: number[];
  lossTexts: number[];
  lossImage: number;
  lossText: number;
  loss: number;
}

export function lossParts(logits: Matrix): LossParts {
  const n = Math.min(logits.rows, logits.cols);
  const imageToText = softmaxRows(logits);
  const t = softmaxRows(transpose(logits));
  const textToImage = transpose(t);
  const lossImages = Array.from({ length: n }, (_, i) => -Math.log(imageToText.values[i * logits.cols + i]!));
  const lossTexts = Array.from({ length: n }, (_, i) => -Math.log(t.values[i * t.cols + i]!));
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const lossImage = mean(lossImages);
  const lossText = mean(lossTexts);
  return {
    logits,
    imageToText,
    textToImage,
    lossImages,
    lossTexts,
    lossImage,
    lossText,
    loss: (lossImage + lossText) / 2,
  };
}
