// Drawing of the feature-space lab (issue 7.2): the points of the layout (feature-space-points.ts) drawn by
// the scatter plot factory (src/viz/feature-plot.ts) with the lab's words, and the gap note under it. Shared
// by the build's first paint (PCA) and the page, which may pass a UMAP layout instead.
import { ensure, part } from '../../../src/viz/dom';
import { featurePlot } from '../../../src/viz/feature-plot';
import type { Matrix } from '../../../src/viz/matrix';
import { formatFixed, formatValue } from '../../../src/viz/scales';
import { type FeatureSpaceConfig, type Layout, pcaLayout, pointsOf } from './feature-space-points';
import type { LabStrings } from './logits-strings';

export { H, W, plotScales } from '../../../src/viz/feature-plot';

const pct = (v: number): string => `${formatFixed(v * 100, 1)}%`;

/** Draws the scatter plot and its readout into body; returns the table of coordinates. */
export function drawFeatureSpace(
  body: HTMLElement,
  c: FeatureSpaceConfig,
  s: LabStrings,
  layout: Layout = pcaLayout(c),
): Matrix {
  const pts = pointsOf(c, s, layout);
  const umap = layout.method === 'umap';
  const axis = (k: number): string =>
    umap ? s.fsUmapAxis(k + 1) : s.fsAxis(k + 1, pct(layout.explained?.[k] ?? 0));
  const root = part(body, 'plot');
  root.dataset.sym = 'features_normalized';
  root.dataset.method = layout.method;
  const n = c.texts.length;
  const table = featurePlot(root, pts, {
    pairs: n,
    umap,
    title: umap ? s.fsTitleUmap : s.fsTitle,
    help: s.fsHelp(pts.length),
    axes: [axis(0), axis(1)],
    tableTitle: s.fsTable,
    describe: (p, x, y) => s.fsPoint(p.word, p.label, x, y),
  });
  const gap =
    c.texts.reduce(
      (a, _, i) => a + Math.hypot(...[0, 1].map((k) => (pts[i]!.xy[k] ?? 0) - (pts[n + i]!.xy[k] ?? 0))),
      0,
    ) / n;
  const note = ensure(part(body, 'notes'), 'p', 'lab-note lab-gap');
  note.textContent = umap ? s.fsGapUmap(formatValue(gap)) : s.fsGap(formatValue(gap));
  (note as HTMLElement).dataset.gap = String(gap);
  return table;
}
