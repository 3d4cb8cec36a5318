// The one registry of lesson figure kinds: per kind, which of the lesson's inputs its run takes, what the
// model captures for it, its paint (the same call draws the build-time first view and every redraw in the
// page), its controls and URL fields, and its caption. static-figure.ts (build), client.ts (page) and
// config.ts (the kind's type) all read this table instead of each switching on the kind.
import type { Matrix } from '../../../src/viz/matrix';
import type { FigureConfig } from './config';
import { drawAttention, drawLoss, drawPatches, drawSimilarity, drawTensor, drawTokenizer } from './draw';
import type { FigureStrings } from '../../lib/figure-strings';
import { attentionStage, type Run } from './views';

type Tower = 'text' | 'vision';

/** What a paint draws with besides the run: the config and the reader's current choices. */
export interface FigureState {
  c: FigureConfig;
  s: FigureStrings;
  layer: number;
  head: number;
  tau: number;
  /** The tensor figure's reveal toggle: the padding rows after EOT shown too. */
  allRows: boolean;
}

/** What a paint reports for the caption and the export toolbar. */
export interface Shown {
  shape?: number[];
  note?: string;
  matrix?: Matrix;
}

/** The controls a kind shows, in this order. */
export interface ControlSpec {
  /** A field for the first text: when the lesson gave one ('given'), or always; or one per text ('each'). */
  text?: 'given' | 'always' | 'each';
  layer?: boolean;
  head?: (c: FigureConfig) => boolean;
  /** The temperature slider; τ is shared in the URL and follows the model's learned value. */
  temperature?: boolean;
  /** A picker for the single image ('one'), or a slot select and a picker for several ('slots'). */
  image?: 'one' | 'slots';
}

export interface FigureSpec {
  /** Which of the lesson's inputs the run takes, given the tower (text when the lesson names none). */
  inputs: (tower: Tower) => { texts: boolean; images: boolean };
  /** The tokenizer's work (cleaning, merges) is kept in the run. */
  steps?: boolean;
  /** The trace keys the model returns for this figure. */
  capture: (c: FigureConfig) => string[];
  paint: (body: HTMLElement, run: Run, st: FigureState) => Shown;
  /** Whether the run in hand can be redrawn after a layer or head change, or the model must run again. */
  redrawable?: (run: Run, c: FigureConfig) => boolean;
  /** The caption's label. */
  label: (s: FigureStrings, c: FigureConfig) => string;
  controls: ControlSpec;
  /** The build-time run and τ go into the page, so the slider works before any model loads. */
  keepsRun?: boolean;
  /** Offers the export toolbar (the matrix as CSV and JSON). */
  exports: boolean;
}

const both = (): { texts: boolean; images: boolean } => ({ texts: true, images: true });
const pairs = (): string[] => ['logits_per_image', 'logit_scale.exp'];
const headStage = /\.attn\.(q|k|v|probs)$/;

const tensor: FigureSpec = {
  inputs: both,
  capture: (c) => [c.stage!],
  paint: (body, run, { c, s, head, allRows }) => drawTensor(body, run, c.stage!, head, s, allRows),
  redrawable: (run, c) => Boolean(run.trace[c.stage!]),
  label: (_s, c) => c.stage!,
  controls: { text: 'given', head: (c) => headStage.test(c.stage ?? ''), image: 'one' },
  exports: true,
};

const attention: FigureSpec = {
  inputs: (tower) => ({ texts: tower === 'text', images: tower === 'vision' }),
  capture: (c) => Array.from({ length: c.layers }, (_, l) => attentionStage(c.tower ?? 'text', l)),
  paint: (body, run, { c, s, layer, head }) => drawAttention(body, run, s, c.tower ?? 'text', layer, head),
  label: (s, c) => s.attention(c.tower ?? 'text', c.layer!, c.head!),
  controls: { text: 'given', layer: true, head: () => true, image: 'one' },
  exports: true,
};

const patch: FigureSpec = {
  inputs: () => ({ texts: false, images: true }),
  capture: () => ['visual.patches'],
  paint: (body, run, { c, s }) => drawPatches(body, run, s, c.patch),
  label: (s) => s.patches,
  controls: { image: 'one' },
  exports: true,
};

const similarity: FigureSpec = {
  inputs: both,
  capture: pairs,
  paint: (body, run, { s, tau }) => ({ matrix: drawSimilarity(body, run, s, tau) }),
  label: (s) => s.cosine,
  controls: { text: 'each', temperature: true, image: 'slots' },
  keepsRun: true,
  exports: true,
};

const loss: FigureSpec = {
  ...similarity,
  paint: (body, run, { s, tau }) => ({ matrix: drawLoss(body, run, s, tau) }),
  label: (s) => s.lossMean,
};

const tokenizer: FigureSpec = {
  inputs: () => ({ texts: true, images: false }),
  steps: true,
  capture: () => ['text.tokens'],
  paint: (body, run, { c, s }) => (drawTokenizer(body, run, s, c.contextLength), {}),
  label: (s) => s.window,
  controls: { text: 'always' },
  exports: false,
};

export const FIGURE_KINDS = { tensor, attention, patch, similarity, loss, tokenizer };

export type FigureKind = keyof typeof FIGURE_KINDS;
