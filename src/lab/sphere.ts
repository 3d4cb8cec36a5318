// The geometry of CLIP's shared space (seed sections 5 and 6): unit vectors on the circle (or any sphere),
// the angle and the cosine between an image and a text, logits at a temperature, the symmetric InfoNCE loss,
// its gradient with respect to every feature, the part of it tangent to the sphere, and one projected step
// (move against the tangent gradient, then renormalise). The loss and dL/dS come from logits.ts; this file
// adds the chain rule through S = (1/τ) I Tᵀ. Pure float64 TypeScript: no DOM, no TF.js.
import { type LabState, logitsLab } from './logits';

export type Vec = readonly number[];

export const dot = (a: Vec, b: Vec): number => a.reduce((s, x, i) => s + x * b[i]!, 0);

export function normalize(v: Vec): number[] {
  const len = Math.hypot(...v);
  if (!(len > 0)) throw new Error('cannot normalise a zero vector');
  return v.map((x) => x / len);
}

/** The point on the unit circle at angle θ (radians). */
export const onCircle = (theta: number): number[] => [Math.cos(theta), Math.sin(theta)];

/** The angle of a 2-D vector, in (−π, π]. */
export const angleOf = (v: Vec): number => Math.atan2(v[1]!, v[0]!);

/** The angle between two unit vectors, in [0, π], and its cosine. */
export function pairGeometry(a: Vec, b: Vec): { angle: number; cosine: number } {
  const cosine = Math.max(-1, Math.min(1, dot(a, b)));
  return { angle: Math.acos(cosine), cosine };
}

export interface SphereGradients {
  state: LabState;
  /** dL/dI_i = (1/τ) Σ_j G_ij T_j, with G = dL/dS ([N, D]). */
  images: number[][];
  /** dL/dT_j = (1/τ) Σ_i G_ij I_i ([N, D]). */
  texts: number[][];
}

/** The loss of unit features at temperature τ and its Euclidean gradient with respect to each feature. */
export function sphereGradients(images: readonly Vec[], texts: readonly Vec[], tau: number): SphereGradients {
  const state = logitsLab(images, texts, tau);
  const n = images.length;
  const G = state.parts.gradient.values; // [N, N], dL/dS
  const scale = state.temperature.scale; // 1/τ
  const d = images[0]!.length;
  const imageGrad = images.map((_, i) =>
    Array.from({ length: d }, (_, c) => {
      let s = 0;
      for (let j = 0; j < n; j++) s += G[i * n + j]! * texts[j]![c]!;
      return s * scale;
    }),
  );
  const textGrad = texts.map((_, j) =>
    Array.from({ length: d }, (_, c) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += G[i * n + j]! * images[i]![c]!;
      return s * scale;
    }),
  );
  return { state, images: imageGrad, texts: textGrad };
}

/** The part of g tangent to the unit sphere at u: g − (g·u) u. */
export function tangent(u: Vec, g: Vec): number[] {
  const along = dot(g, u);
  return g.map((x, c) => x - along * u[c]!);
}

/**
 * Image i's gradient split by text: term j = (1/τ) G_ij T_j, tangent at I_i. The matched text's term
 * (j = i, G_ii < 0) pulls I_i towards T_i when followed downhill; every other term (G_ij > 0) pushes I_i away
 * from T_j. The terms sum to the tangent gradient.
 */
export function imageTerms(
  g: SphereGradients,
  images: readonly Vec[],
  texts: readonly Vec[],
  i: number,
): number[][] {
  const n = images.length;
  const G = g.state.parts.gradient.values;
  const scale = g.state.temperature.scale;
  return texts.map((t, j) =>
    tangent(
      images[i]!,
      t.map((x) => G[i * n + j]! * scale * x),
    ),
  );
}

export interface SphereStep {
  images: number[][];
  texts: number[][];
  /** The tangent gradients the step followed (before the learning rate). */
  imageTangents: number[][];
  textTangents: number[][];
  before: number;
  after: number;
}

/** One step of projected gradient descent on the sphere: u ← normalise(u − lr · tangent(u, dL/du)). */
export function sphereStep(
  images: readonly Vec[],
  texts: readonly Vec[],
  tau: number,
  lr: number,
): SphereStep {
  const g = sphereGradients(images, texts, tau);
  const imageTangents = images.map((u, i) => tangent(u, g.images[i]!));
  const textTangents = texts.map((u, j) => tangent(u, g.texts[j]!));
  const move = (us: readonly Vec[], ts: number[][]) =>
    us.map((u, k) => normalize(u.map((x, c) => x - lr * ts[k]![c]!)));
  const nextImages = move(images, imageTangents);
  const nextTexts = move(texts, textTangents);
  return {
    images: nextImages,
    texts: nextTexts,
    imageTangents,
    textTangents,
    before: g.state.parts.loss,
    after: logitsLab(nextImages, nextTexts, tau).parts.loss,
  };
}

/** Image and text angles with a modality gap δ: images turned by +δ/2, texts by −δ/2. */
export function withGap(imageAngles: readonly number[], textAngles: readonly number[], gap: number) {
  return {
    images: imageAngles.map((a) => onCircle(a + gap / 2)),
    texts: textAngles.map((a) => onCircle(a - gap / 2)),
  };
}

/** The loss as a function of the gap, sampled at `gaps` (for the curve beside the circle). */
export function lossOverGap(
  imageAngles: readonly number[],
  textAngles: readonly number[],
  tau: number,
  gaps: readonly number[],
): number[] {
  return gaps.map((gap) => {
    const { images, texts } = withGap(imageAngles, textAngles, gap);
    return logitsLab(images, texts, tau).parts.loss;
  });
}
