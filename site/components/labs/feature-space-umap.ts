// The UMAP layout of the feature-space lab, in its own module so the page loads umap-js (and the seeded
// generator's imports) only when the reader picks UMAP.
import { umap } from '../../../src/lab/umap';
import { type FeatureSpaceConfig, type Layout, layoutFeatures } from './feature-space-points';

/** UMAP fitted on every point shown (pairs, your caption, templates, ensemble), seeded. */
export function umapLayout(c: FeatureSpaceConfig): Layout {
  const fit = umap(layoutFeatures(c));
  return { method: 'umap', xy: fit.projections, nNeighbors: fit.nNeighbors };
}
