// The training lab's four views: the loss curve and the probe accuracy (with a ghost run to compare), the
// logits of the current batch as a heat map (src/viz/heatmap.ts), and the feature space as a 2-D PCA.
// Each view has the export toolbar (SVG, PNG, CSV, JSON) every figure has.
import type { LabProbe, LabView } from '../../../src/train/training-lab';
import { exportToolbar } from '../../../src/viz/export';
import { heatmap } from '../../../src/viz/heatmap';
import type { Matrix } from '../../../src/viz/matrix';
import { zeroShotLabels } from '../../../src/world';
import { type Series, lineChart } from '../../../src/viz/line-chart';
import { pca2 } from './training-pca';
import { scatter } from '../../../src/viz/scatter';
import type { TrainingStrings } from './training-strings';

/** What one run has produced so far. */
export interface RunHistory {
  label: string;
  steps: number[];
  losses: number[];
  probeSteps: number[];
  exact: number[];
  colour: number[];
  shape: number[];
}

export const emptyHistory = (label: string): RunHistory => ({
  label,
  steps: [],
  losses: [],
  probeSteps: [],
  exact: [],
  colour: [],
  shape: [],
});

function part(body: HTMLElement, name: string, heading: string): { plot: HTMLElement; heading: HTMLElement } {
  const el = document.createElement('div');
  el.className = `fig-part tl-part tl-part-${name}`;
  const h = document.createElement('p');
  h.className = 'fig-part-heading';
  h.textContent = heading;
  const plot = document.createElement('div');
  plot.className = 'fig-plot';
  el.append(h, plot);
  body.appendChild(el);
  return { plot, heading: h };
}

export class TrainingViews {
  private readonly loss: HTMLElement;
  private readonly accuracy: HTMLElement;
  private readonly logits: { plot: HTMLElement; heading: HTMLElement };
  private readonly features: HTMLElement;
  private matrix: Matrix | null = null;
  private points: unknown = null;

  constructor(
    body: HTMLElement,
    private readonly s: TrainingStrings,
    private readonly data: () => { current: RunHistory; ghost: RunHistory | null },
  ) {
    body.replaceChildren();
    this.loss = part(body, 'loss', s.lossHeading).plot;
    this.accuracy = part(body, 'accuracy', s.accuracyHeading).plot;
    this.logits = part(body, 'logits', s.logitsHeading(0));
    this.features = part(body, 'features', s.featuresHeading).plot;
    exportToolbar(this.loss, 'inside-clip-training-loss', () => ({
      matrix: this.table('steps', ['losses']),
      json: this.data(),
    }));
    exportToolbar(this.accuracy, 'inside-clip-training-accuracy', () => ({
      matrix: this.table('probeSteps', ['exact', 'colour', 'shape']),
      json: this.data(),
    }));
    exportToolbar(this.logits.plot, 'inside-clip-training-logits', () => ({
      matrix: this.matrix ?? undefined,
    }));
    exportToolbar(this.features, 'inside-clip-training-features', () => ({ json: this.points }));
  }

  /** The current run's values per step as a matrix (for CSV): one row per step, one column per series. */
  private table(steps: 'steps' | 'probeSteps', columns: ('losses' | 'exact' | 'colour' | 'shape')[]): Matrix {
    const run = this.data().current;
    const rows = run[steps].length;
    const values = new Float32Array(rows * columns.length);
    columns.forEach((c, j) => run[c].forEach((v, i) => (values[i * columns.length + j] = v)));
    return {
      rows,
      cols: columns.length,
      values,
      rowLabels: run[steps].map(String),
      colLabels: columns,
      rowName: 'step',
      colName: 'series',
    };
  }

  /** The loss and accuracy curves of the current run and the ghost. */
  curves(): void {
    const { current, ghost } = this.data();
    const s = this.s;
    const runs = ghost ? [ghost, current] : [current];
    const lossSeries: Series[] = runs.map((r) => ({
      label: r === ghost ? `${s.ghost}: ${r.label}` : `${s.current}: ${r.label}`,
      kind: 'tl-series-loss',
      ghost: r === ghost,
      xs: r.steps,
      ys: r.losses,
    }));
    lineChart(this.loss, lossSeries, {
      title: s.lossHeading,
      help: s.chartHelp,
      xLabel: s.step_,
      yLabel: s.loss,
      tableSummary: s.tableSummary,
    });
    const accSeries: Series[] = runs.flatMap((r) =>
      (['exact', 'colour', 'shape'] as const).map((k) => ({
        label: `${r === ghost ? s.ghost : s.current}: ${s[k]}`,
        kind: `tl-series-${k}`,
        ghost: r === ghost,
        xs: r.probeSteps,
        ys: r[k],
      })),
    );
    lineChart(this.accuracy, accSeries, {
      title: s.accuracyHeading,
      help: s.chartHelp,
      xLabel: s.step_,
      yLabel: s.accuracy,
      yDomain: [0, 1],
      tableSummary: s.tableSummary,
    });
  }

  /** The logits of the current batch's first pairs: a diagonal that sharpens as the model learns. */
  batchLogits(view: LabView): void {
    const rowLabels = view.captions.map((_, i) => `${this.s.imagePoint} ${i}`);
    this.matrix = {
      rows: view.n,
      cols: view.n,
      values: view.logits,
      rowLabels,
      colLabels: view.captions,
      rowName: this.s.imagePoint,
      colName: this.s.textPoint,
    };
    this.logits.heading.textContent = this.s.logitsHeading(view.step);
    heatmap(this.logits.plot, this.matrix, {
      title: this.s.logitsHeading(view.step),
      kind: 'sequential',
      width: 460,
      sym: 'logits_per_image',
    });
  }

  /** Probe images and prompts in the plane of their two principal axes. */
  featureSpace(probe: LabProbe): void {
    const labels = zeroShotLabels();
    const n = probe.objects.length;
    const d = probe.dim;
    const all = new Float32Array((n + labels.length) * d);
    all.set(probe.imageFeatures, 0);
    all.set(probe.textFeatures, n * d);
    const { points, explained } = pca2(all, n + labels.length, d);
    const shown = [
      ...probe.objects.map((o, i) => ({
        x: points[i * 2]!,
        y: points[i * 2 + 1]!,
        colour: o.colour,
        label: `${this.s.imagePoint} ${i}: ${o.colour} ${o.shape}`,
        kind: 'image' as const,
      })),
      ...labels.map((l, k) => ({
        x: points[(n + k) * 2]!,
        y: points[(n + k) * 2 + 1]!,
        colour: l.colour,
        label: `${this.s.textPoint}: ${l.prompt}`,
        kind: 'text' as const,
      })),
    ];
    this.points = { step: probe.step, explained, points: shown };
    const share = `PC1 ${(explained[0] * 100).toFixed(0)}%, PC2 ${(explained[1] * 100).toFixed(0)}%`;
    scatter(this.features, shown, {
      title: `${this.s.featuresHeading} (${share})`,
      help: this.s.pointsHelp(shown.length),
      tableSummary: this.s.tableSummary,
    });
  }
}
