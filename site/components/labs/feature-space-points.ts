// The feature-space lab's points and their 2-D layouts. PCA is fitted on the pairs only and the other
// points are projected onto its axes (typing never moves the pairs); UMAP has no such projection, so it is
// fitted on every point shown. Both give one [x, y] per point, in the order of pointsOf.
import { GALLERY } from '../../../src/runtime/gallery';
import { ensembleMean, pca, project } from '../../../src/lab/pca';
import type { LabStrings } from './logits-strings';
import type { FeatureKind, FeaturePoint } from '../../../src/viz/feature-plot';

/** Prompt templates of the ensemble, in the world's own words ({} is the label). */
export const TEMPLATES = ['a {}', 'a big {}', 'a small {}', '{}', 'a photo of a {}', 'a {} in the center'];
export const fillTemplates = (label: string): string[] => TEMPLATES.map((t) => t.replace('{}', label));

export interface FeatureSpaceConfig {
  lang: string;
  texts: string[];
  images: number[];
  caption: string;
  label: string;
  imageFeatures: number[][]; // [N, E]
  textFeatures: number[][]; // [N, E]
  captionFeature: number[]; // [E]
  templateFeatures: number[][]; // [T, E]
}

/** A point of the plot (src/viz/feature-plot.ts draws them): its kind, words and [x, y]. */
export type Kind = FeatureKind;
export type Point = FeaturePoint;

export type Method = 'pca' | 'umap';
export const METHODS: readonly Method[] = ['pca', 'umap'];

export interface Layout {
  method: Method;
  /** One [x, y] per point, in the order of pointsOf. */
  xy: number[][];
  /** Share of the variance along each axis (PCA only). */
  explained?: number[];
  /** UMAP's neighbourhood size. */
  nNeighbors?: number;
}

/** Every feature vector shown, in drawing order: images, captions, yours, templates, ensemble. */
export function layoutFeatures(c: FeatureSpaceConfig): number[][] {
  return [
    ...c.imageFeatures,
    ...c.textFeatures,
    c.captionFeature,
    ...c.templateFeatures,
    Array.from(ensembleMean(c.templateFeatures)),
  ];
}

/** PCA fitted on the 2N pair features; the reader's caption, templates and ensemble projected onto it. */
export function pcaLayout(c: FeatureSpaceConfig): Layout {
  const fit = pca([...c.imageFeatures, ...c.textFeatures]);
  const extra = [c.captionFeature, ...c.templateFeatures, ensembleMean(c.templateFeatures)];
  return {
    method: 'pca',
    xy: [...fit.projections, ...extra.map((v) => project(fit, v))],
    explained: fit.explained,
  };
}

/** The points with their coordinates in `layout`. */
export function pointsOf(c: FeatureSpaceConfig, s: LabStrings, layout: Layout): Point[] {
  const n = c.texts.length;
  const at = (k: number): number[] => layout.xy[k] ?? [0, 0];
  return [
    ...c.images.map((g, i) => ({
      kind: 'image' as const,
      word: `${s.fsImage} ${i + 1}`,
      label: GALLERY[g]?.caption ?? String(g),
      short: `I${i + 1}`,
      xy: at(i),
    })),
    ...c.texts.map((t, j) => ({
      kind: 'text' as const,
      word: `${s.fsText} ${j + 1}`,
      label: t,
      short: `T${j + 1}`,
      xy: at(n + j),
    })),
    { kind: 'yours', word: s.fsYours, label: c.caption, short: s.fsYours, xy: at(2 * n) },
    ...fillTemplates(c.label).map((t, k) => ({
      kind: 'template' as const,
      word: s.fsTemplate,
      label: t,
      short: '',
      xy: at(2 * n + 1 + k),
    })),
    {
      kind: 'ensemble',
      word: s.fsEnsemble,
      label: c.label,
      short: s.fsEnsemble,
      xy: at(2 * n + 1 + TEMPLATES.length),
    },
  ];
}
