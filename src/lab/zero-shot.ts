// Zero-shot classification as CLIP's paper does it (section 3.1.4), in plain TypeScript: labels × prompt
// templates → prompts, prompt ensembling (mean of the L2-normalised text features of a label's prompts,
// renormalised), cosines with the image feature, softmax at a temperature, ranking. No DOM, no TF.js.
import { COLOURS, SHAPES, isHeldOut, zeroShotLabels } from '../world';

/** The placeholder a template's label goes into. */
export const SLOT = '{}';

/** Templates in the words the world's captions use, so the tiny model knows every one of them. */
export const TEMPLATES: readonly string[] = [
  'a photo of a {}',
  'a {}',
  'a drawing of a {}',
  'a picture of a {}',
  'there is a {}',
  '{}',
];

/** Longest label the page accepts (characters). */
export const MAX_LABEL_CHARS = 80;
export const MAX_LABELS = 64;

export type ZeroShotProblem =
  'no-labels' | 'blank-label' | 'duplicate-label' | 'long-label' | 'too-many' | 'no-templates';

/** The reader's mistakes: `problem` says which (for a translated message), `label` which label. */
export class ZeroShotError extends Error {
  constructor(
    readonly problem: ZeroShotProblem,
    message: string,
    readonly label?: string,
  ) {
    super(message);
  }
}

/** One label per shape, each colour once, none held out of training: the playground's default list. */
export function defaultLabels(): string[] {
  const used = new Set<string>();
  return SHAPES.map((shape) => {
    const colour = COLOURS.find((c) => !used.has(c) && !isHeldOut(c, shape))!;
    used.add(colour);
    return `${colour} ${shape}`;
  });
}

/** Every colour × shape label of the world ("red circle", ...), colour-major. */
export const worldLabels = (): string[] => zeroShotLabels().map((l) => `${l.colour} ${l.shape}`);

/** Trimmed labels, checked: at least one, none blank, none too long, no two alike (ignoring case). */
export function checkLabels(labels: readonly string[]): string[] {
  const clean = labels.map((l) => l.trim().replace(/\s+/g, ' '));
  if (clean.length === 0) throw new ZeroShotError('no-labels', 'Give at least one label to choose from.');
  if (clean.length > MAX_LABELS) throw new ZeroShotError('too-many', `At most ${MAX_LABELS} labels, please.`);
  const seen = new Set<string>();
  for (const label of clean) {
    if (label === '') throw new ZeroShotError('blank-label', 'A label is empty: type a word or remove it.');
    if (label.length > MAX_LABEL_CHARS)
      throw new ZeroShotError('long-label', `A label is longer than ${MAX_LABEL_CHARS} characters.`, label);
    const key = label.toLowerCase();
    if (seen.has(key))
      throw new ZeroShotError('duplicate-label', `The label "${label}" appears twice.`, label);
    seen.add(key);
  }
  return clean;
}

/** The template with the label in its slot; an "a" right before the slot becomes "an" before a vowel. */
export function fillTemplate(template: string, label: string): string {
  const at = template.indexOf(SLOT);
  if (at < 0) throw new ZeroShotError('no-templates', `The template "${template}" has no ${SLOT}.`);
  let before = template.slice(0, at);
  if (/(^|\s)a\s$/.test(before) && /^[aeiou]/i.test(label)) before = `${before.slice(0, -2)}an `;
  return `${before}${label}${template.slice(at + SLOT.length)}`;
}

export interface Expansion {
  /** Distinct prompts, in first-use order (what the text tower encodes). */
  prompts: string[];
  /** promptIndex[label][template] → index into prompts. */
  promptIndex: number[][];
}

/** Labels × templates → prompts (after checking both). */
export function expandPrompts(labels: readonly string[], templates: readonly string[]): Expansion {
  const clean = checkLabels(labels);
  if (templates.length === 0) throw new ZeroShotError('no-templates', 'Tick at least one prompt template.');
  const prompts: string[] = [];
  const where = new Map<string, number>();
  const promptIndex = clean.map((label) =>
    templates.map((template) => {
      const prompt = fillTemplate(template, label);
      let k = where.get(prompt);
      if (k === undefined) {
        k = prompts.push(prompt) - 1;
        where.set(prompt, k);
      }
      return k;
    }),
  );
  return { prompts, promptIndex };
}

/** v / ‖v‖₂ (a zero vector stays zero). */
export function normalize(v: ArrayLike<number>): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  const norm = Math.sqrt(sum);
  const out = new Float32Array(v.length);
  if (norm > 0) for (let i = 0; i < v.length; i++) out[i] = v[i]! / norm;
  return out;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`feature sizes differ: ${a.length} and ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** One label's classifier weight: normalise each prompt feature, average them, normalise the mean. */
export function ensemble(features: readonly ArrayLike<number>[]): Float32Array {
  const first = features[0];
  if (!first) throw new Error('ensemble() needs at least one feature');
  const mean = new Float32Array(first.length);
  for (const f of features) {
    const n = normalize(f);
    if (n.length !== mean.length) throw new Error(`feature sizes differ: ${mean.length} and ${n.length}`);
    for (let i = 0; i < n.length; i++) mean[i]! += n[i]! / features.length;
  }
  return normalize(mean);
}

/** The ensembled feature of every label, from the features of the expanded prompts. */
export function labelFeatures(
  expansion: Expansion,
  promptFeature: (prompt: string) => ArrayLike<number>,
): Float32Array[] {
  return expansion.promptIndex.map((row) => ensemble(row.map((k) => promptFeature(expansion.prompts[k]!))));
}

/** softmax(x / τ), computed stably (the largest logit subtracted first). */
export function softmaxAt(values: readonly number[], tau: number): number[] {
  if (!(tau > 0) || !Number.isFinite(tau))
    throw new RangeError(`the temperature must be positive, not ${tau}`);
  if (values.length === 0) return [];
  const logits = values.map((v) => v / tau);
  const top = Math.max(...logits);
  const e = logits.map((l) => Math.exp(l - top));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / sum);
}

/** Indices from the most to the least probable (ties keep the label order). */
export function ranking(probs: readonly number[]): number[] {
  return probs.map((_, i) => i).sort((a, b) => probs[b]! - probs[a]! || a - b);
}

export interface ZeroShotResult {
  labels: string[];
  cosines: number[];
  /** cosine / τ */
  logits: number[];
  probs: number[];
  order: number[];
}

/** The whole classification of one image feature among labels at temperature τ. */
export function classify(
  image: ArrayLike<number>,
  labels: readonly string[],
  features: readonly ArrayLike<number>[],
  tau: number,
): ZeroShotResult {
  const img = normalize(image);
  const cosines = features.map((f) => dot(img, normalize(f)));
  const probs = softmaxAt(cosines, tau);
  return { labels: [...labels], cosines, logits: cosines.map((c) => c / tau), probs, order: ranking(probs) };
}

/** What the page shares in its URL: labels, ticked template indices, τ, gallery image, the attack. */
export interface ZeroShotShare {
  l?: string[];
  t?: number[];
  tau?: number;
  i?: number;
  a?: Record<string, unknown>;
}

/** A shared state read back from the URL; fields of the wrong type are dropped, not trusted. */
export function parseShare(raw: string | null): ZeroShotShare {
  if (!raw) return {};
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return {};
  }
  if (typeof v !== 'object' || v === null) return {};
  const o = v as Record<string, unknown>;
  const out: ZeroShotShare = {};
  if (Array.isArray(o.l) && o.l.length <= MAX_LABELS && o.l.every((x) => typeof x === 'string'))
    out.l = (o.l as string[]).map((x) => x.slice(0, MAX_LABEL_CHARS));
  if (Array.isArray(o.t) && o.t.every((x) => Number.isInteger(x) && x >= 0 && x < TEMPLATES.length))
    out.t = [...new Set(o.t as number[])];
  if (typeof o.tau === 'number' && o.tau > 0 && Number.isFinite(o.tau)) out.tau = o.tau;
  if (Number.isInteger(o.i) && (o.i as number) >= 0) out.i = o.i as number;
  if (typeof o.a === 'object' && o.a !== null) out.a = o.a as Record<string, unknown>;
  return out;
}

/** What the build hands the page: the lesson's inputs and the tiny model's features for them. */
export interface ZeroShotConfig {
  lang: string;
  labels: string[];
  image: number;
  /** The model's input side (the gallery thumbnails are drawn at it). */
  resolution: number;
  /** The learned temperature 1 / exp(logit_scale). */
  tau: number;
  /** The model these features come from. */
  model: string;
  /** L2-normalised text feature of each prompt (every template × the lesson's labels). */
  prompts: Record<string, number[]>;
  /** L2-normalised image feature of each gallery image. */
  gallery: number[][];
}
