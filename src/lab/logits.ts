// The logits lab's arithmetic (seed sections 5.2, 6.1, 6.2): cosines of unit features, logits at a
// temperature, the row and column softmax, both cross-entropies, each cell's share of the loss and each
// cell's gradient dL/dS. Pure float64 TypeScript: no DOM, no TF.js, so a temperature change redraws at once.

/** A matrix, row-major; for the lab rows are images and columns are texts (logits_per_image). */
export interface Grid {
  rows: number;
  cols: number;
  values: Float64Array; // [rows, cols]
}

/** The loss of a square logits matrix, broken down cell by cell. */
export interface LossBreakdown {
  /** Softmax along each row: image i choosing among the texts. */
  rowSoftmax: Grid;
  /** Softmax down each column: text j choosing among the images (stored at [i, j]). */
  colSoftmax: Grid;
  /** -ln rowSoftmax[i, i], one per image. */
  lossImages: Float64Array; // [N]
  /** -ln colSoftmax[j, j], one per text. */
  lossTexts: Float64Array; // [N]
  lossImage: number;
  lossText: number;
  loss: number;
  /** Each cell's share of the loss; the cells sum to `loss` (see shareAmongRivals). */
  contribution: Grid;
  /** dL/dS from the image → text term: (rowSoftmax − I) / (2N). */
  gradImage: Grid;
  /** dL/dS from the text → image term: (colSoftmax − I) / (2N). */
  gradText: Grid;
  /** dL/dS = gradImage + gradText. */
  gradient: Grid;
}

/** The temperature three ways: τ, the stored parameter logit_scale = ln(1/τ), and the factor exp(logit_scale). */
export interface TemperatureForms {
  tau: number;
  logitScale: number;
  scale: number;
}

export function temperatureForms(tau: number): TemperatureForms {
  if (!(tau > 0) || !Number.isFinite(tau)) throw new Error(`the temperature must be positive, got ${tau}`);
  const logitScale = Math.log(1 / tau);
  return { tau, logitScale, scale: Math.exp(logitScale) };
}

const grid = (rows: number, cols: number): Grid => ({ rows, cols, values: new Float64Array(rows * cols) });

export function transposeGrid(m: Grid): Grid {
  const out = grid(m.cols, m.rows);
  for (let i = 0; i < m.rows; i++)
    for (let j = 0; j < m.cols; j++) out.values[j * m.rows + i] = m.values[i * m.cols + j]!;
  return out;
}

/** A flat [n, d] array (a Trace entry's data) as n rows of float64. */
export function featureRows(data: ArrayLike<number>, n: number): Float64Array[] {
  const d = data.length / n;
  if (!Number.isInteger(d)) throw new Error(`${data.length} values do not split into ${n} rows`);
  return Array.from({ length: n }, (_, i) => Float64Array.from({ length: d }, (_, k) => data[i * d + k]!));
}

/** Cosine matrix of L2-normalised features: cos[i, j] = image_i · text_j. */
export function cosineGrid(images: readonly ArrayLike<number>[], texts: readonly ArrayLike<number>[]): Grid {
  const out = grid(images.length, texts.length); // [N_i, N_t]
  images.forEach((a, i) =>
    texts.forEach((b, j) => {
      if (a.length !== b.length) throw new Error(`feature sizes differ: ${a.length} and ${b.length}`);
      let dot = 0;
      for (let k = 0; k < a.length; k++) dot += a[k]! * b[k]!;
      out.values[i * texts.length + j] = dot;
    }),
  );
  return out;
}

/** Softmax of each row, max-shifted so large logits do not overflow. */
export function softmaxRows(m: Grid): Grid {
  const out = grid(m.rows, m.cols);
  for (let i = 0; i < m.rows; i++) {
    const row = m.values.subarray(i * m.cols, (i + 1) * m.cols);
    const max = Math.max(...row);
    let sum = 0;
    for (let j = 0; j < m.cols; j++) sum += out.values[i * m.cols + j] = Math.exp(row[j]! - max);
    for (let j = 0; j < m.cols; j++) out.values[i * m.cols + j]! /= sum;
  }
  return out;
}

/** -ln softmax(row i)[i] by log-sum-exp: exact even where the probability underflows to 0. */
function diagonalCrossEntropy(m: Grid): Float64Array {
  const n = m.rows;
  return Float64Array.from({ length: n }, (_, i) => {
    const row = m.values.subarray(i * n, (i + 1) * n);
    const max = Math.max(...row);
    const sum = row.reduce((s, v) => s + Math.exp(v - max), 0);
    return max + Math.log(sum) - row[i]!;
  });
}

const mean = (xs: Float64Array): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/**
 * Row i's loss -ln p_ii = ln(1 + Σ_{j≠i} e^{S_ij − S_ii}) comes only from the wrong captions; it is shared
 * among them in proportion to the probability each one takes, p_ij / (1 − p_ii). The diagonal gets 0.
 */
function shareAmongRivals(probs: Grid, losses: Float64Array): Grid {
  const n = probs.rows;
  const out = grid(n, n);
  for (let i = 0; i < n; i++) {
    const rivals = 1 - probs.values[i * n + i]!;
    if (!(rivals > 0)) continue;
    for (let j = 0; j < n; j++)
      if (j !== i) out.values[i * n + j] = (losses[i]! * probs.values[i * n + j]!) / rivals;
  }
  return out;
}

/** (softmax − I) / (2N): the gradient of one halved cross-entropy term with respect to S. */
function halfTermGradient(probs: Grid): Grid {
  const n = probs.rows;
  const out = grid(n, n);
  out.values.set(probs.values.map((p, k) => (p - (k % (n + 1) === 0 ? 1 : 0)) / (2 * n)));
  return out;
}

const added = (a: Grid, b: Grid, k = 1): Grid => ({
  rows: a.rows,
  cols: a.cols,
  values: a.values.map((v, i) => (v + b.values[i]!) * k),
});

/** (CE(S, arange) + CE(Sᵀ, arange)) / 2 and its pieces, for a square logits matrix S. */
export function contrastiveBreakdown(logits: Grid): LossBreakdown {
  if (logits.rows !== logits.cols || logits.rows < 1)
    throw new Error(
      `the contrastive loss needs a square logits matrix, got [${logits.rows}, ${logits.cols}]`,
    );
  const n = logits.rows;
  const byText = transposeGrid(logits); // [N texts, N images]
  const rowSoftmax = softmaxRows(logits);
  const colByText = softmaxRows(byText);
  const lossImages = diagonalCrossEntropy(logits);
  const lossTexts = diagonalCrossEntropy(byText);
  const lossImage = mean(lossImages);
  const lossText = mean(lossTexts);
  const share = added(
    shareAmongRivals(rowSoftmax, lossImages),
    transposeGrid(shareAmongRivals(colByText, lossTexts)),
    1 / (2 * n),
  );
  const gradImage = halfTermGradient(rowSoftmax);
  const gradText = transposeGrid(halfTermGradient(colByText));
  return {
    rowSoftmax,
    colSoftmax: transposeGrid(colByText),
    lossImages,
    lossTexts,
    lossImage,
    lossText,
    loss: (lossImage + lossText) / 2,
    contribution: share,
    gradImage,
    gradText,
    gradient: added(gradImage, gradText),
  };
}

/** dL/d logit_scale (the log of the scale) = Σ_ij dL/dS_ij · S_ij, since S = exp(logit_scale) · cos. */
export function logitScaleGradient(logits: Grid, gradient: Grid): number {
  return logits.values.reduce((a, s, k) => a + s * gradient.values[k]!, 0);
}

/** One lab state: unit features of N pairs at temperature τ. */
export interface LabState {
  cosine: Grid;
  logits: Grid;
  temperature: TemperatureForms;
  parts: LossBreakdown;
  gradLogitScale: number;
}

export function logitsLab(
  images: readonly ArrayLike<number>[],
  texts: readonly ArrayLike<number>[],
  tau: number,
): LabState {
  if (images.length !== texts.length)
    throw new Error(`the loss needs pairs: ${images.length} images and ${texts.length} texts`);
  const temperature = temperatureForms(tau);
  const cosine = cosineGrid(images, texts); // [N, N]
  const logits: Grid = { ...cosine, values: cosine.values.map((c) => c * temperature.scale) }; // [N, N]
  const parts = contrastiveBreakdown(logits);
  return { cosine, logits, temperature, parts, gradLogitScale: logitScaleGradient(logits, parts.gradient) };
}

/** Pairs (i, j), i ≠ j, whose captions are the same text: false negatives the loss still pushes apart. */
export function falseNegatives(texts: readonly string[]): [number, number][] {
  const norm = texts.map((t) => t.trim().toLowerCase());
  const out: [number, number][] = [];
  norm.forEach((a, i) => norm.forEach((b, j) => i !== j && a === b && out.push([i, j])));
  return out;
}
