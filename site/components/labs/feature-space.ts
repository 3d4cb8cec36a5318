// The feature-space lab (issue 7.2, seed section 5): unit image and caption features projected to 2-D by
// PCA (src/lab/pca.ts, fitted on the pairs), pairs joined by lines, the reader's caption and a prompt
// ensemble projected onto the same axes. Drawing is shared by the build's first paint and the page.
import { scaleLinear } from 'd3';
import { getClient } from '../../../src/runtime/client';
import { GALLERY } from '../../../src/runtime/gallery';
import { featureRows } from '../../../src/lab/logits';
import { ensembleMean, pca, project } from '../../../src/lab/pca';
import { ensure, liveRegion, sel } from '../../../src/viz/dom';
import { exportToolbar } from '../../../src/viz/export';
import { gridNav } from '../../../src/viz/grid-nav';
import type { Matrix } from '../../../src/viz/matrix';
import { formatValue } from '../../../src/viz/scales';
import { dataTable } from '../../../src/viz/table';
import { textField } from '../figures/controls';
import { part } from '../figures/draw';
import { followModelChoice } from '../figures/model-choice';
import { readState, writeState } from '../figures/url-state';
import { type LabStrings, labStrings } from './logits-strings';
import { hydrateLabs } from './hydrate';

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

type Kind = 'image' | 'text' | 'yours' | 'template' | 'ensemble';
interface Point {
  kind: Kind;
  /** What the point is ("caption 2"), and its text. */
  word: string;
  label: string;
  short: string;
  xy: number[];
}

/** URL slot of the first feature space on a page (?fig95=…), clear of the contract figures' 0, 1, 2, …. */
const URL_SLOT = 95;
const W = 640;
const H = 420;
const M = 36;
const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;

function points(c: FeatureSpaceConfig, s: LabStrings): { pts: Point[]; explained: number[] } {
  const fit = pca([...c.imageFeatures, ...c.textFeatures]);
  const n = c.texts.length;
  const pts: Point[] = [
    ...c.images.map((g, i) => ({
      kind: 'image' as const,
      word: `${s.fsImage} ${i + 1}`,
      label: GALLERY[g]?.caption ?? String(g),
      short: `I${i + 1}`,
      xy: fit.projections[i]!,
    })),
    ...c.texts.map((t, j) => ({
      kind: 'text' as const,
      word: `${s.fsText} ${j + 1}`,
      label: t,
      short: `T${j + 1}`,
      xy: fit.projections[n + j]!,
    })),
    {
      kind: 'yours',
      word: s.fsYours,
      label: c.caption,
      short: s.fsYours,
      xy: project(fit, c.captionFeature),
    },
    ...fillTemplates(c.label).map((t, k) => ({
      kind: 'template' as const,
      word: s.fsTemplate,
      label: t,
      short: '',
      xy: project(fit, c.templateFeatures[k]!),
    })),
    {
      kind: 'ensemble',
      word: s.fsEnsemble,
      label: c.label,
      short: s.fsEnsemble,
      xy: project(fit, ensembleMean(c.templateFeatures)),
    },
  ];
  return { pts, explained: fit.explained };
}

const SYMBOL: Record<Kind, string> = {
  image: 'M0,-6A6,6 0 1 1 0,6A6,6 0 1 1 0,-6Z',
  text: 'M-5.5,-5.5H5.5V5.5H-5.5Z',
  yours: 'M0,-8L2.4,-2.5L8,-2.5L3.5,1.2L5.2,7L0,3.6L-5.2,7L-3.5,1.2L-8,-2.5L-2.4,-2.5Z',
  template: 'M0,-4A4,4 0 1 1 0,4A4,4 0 1 1 0,-4Z',
  ensemble: 'M0,-8L8,0L0,8L-8,0Z',
};

/** Draws the scatter plot and its readout into body; returns the table of coordinates. */
export function drawFeatureSpace(body: HTMLElement, c: FeatureSpaceConfig, s: LabStrings): Matrix {
  const { pts, explained } = points(c, s);
  const xs = pts.map((p) => p.xy[0]!);
  const ys = pts.map((p) => p.xy[1] ?? 0);
  const span = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys), 1e-6);
  const unit = Math.min((W - 2 * M) / span, (H - 2 * M) / span); // equal units on both axes
  const cx = (Math.max(...xs) + Math.min(...xs)) / 2;
  const cy = (Math.max(...ys) + Math.min(...ys)) / 2;
  const x = scaleLinear()
    .domain([cx - W / 2 / unit, cx + W / 2 / unit])
    .range([0, W]);
  const y = scaleLinear()
    .domain([cy - H / 2 / unit, cy + H / 2 / unit])
    .range([H, 0]);
  const root = part(body, 'plot');
  root.classList.add('viz');
  root.dataset.sym = 'features_normalized';
  const { live, helpId } = liveRegion(root, `${s.fsTitle}. ${s.fsHelp(pts.length)}`);
  const svgEl = ensure(root, 'svg', 'viz-svg') as SVGSVGElement;
  root.insertBefore(svgEl, root.firstChild);
  const svg = sel(svgEl)
    .attr('viewBox', `0 0 ${W} ${H + 30}`)
    .attr('width', W)
    .attr('role', 'application')
    .attr('aria-roledescription', 'scatter plot')
    .attr('aria-label', s.fsTitle)
    .attr('aria-describedby', helpId);
  const axes = sel(ensure(svgEl, 'g', 'lab-axis'));
  axes
    .selectAll('line')
    .data([0, 1])
    .join('line')
    .attr('x1', (k) => (k ? x(0) : 0))
    .attr('x2', (k) => (k ? x(0) : W))
    .attr('y1', (k) => (k ? 0 : y(0)))
    .attr('y2', (k) => (k ? H : y(0)));
  axes
    .selectAll('text')
    .data([0, 1])
    .join('text')
    .attr('x', (k) => (k ? 4 : W - 4))
    .attr('y', (k) => (k ? 12 : H + 16))
    .attr('text-anchor', (k) => (k ? 'start' : 'end'))
    .text((k) => s.fsAxis(k + 1, pct(explained[k] ?? 0)));
  const n = c.texts.length;
  sel(ensure(svgEl, 'g', 'lab-pairs-lines'))
    .selectAll('line')
    .data(Array.from({ length: n }, (_, i) => i))
    .join('line')
    .attr('class', 'lab-pair-line')
    .attr('x1', (i) => x(pts[i]!.xy[0]!))
    .attr('y1', (i) => y(pts[i]!.xy[1] ?? 0))
    .attr('x2', (i) => x(pts[n + i]!.xy[0]!))
    .attr('y2', (i) => y(pts[n + i]!.xy[1] ?? 0));
  const g = sel(ensure(svgEl, 'g', 'lab-points'))
    .selectAll<SVGGElement, Point>('g.lab-pt')
    .data(pts)
    .join('g')
    .attr('class', (p) => `lab-pt lab-pt-${p.kind}`)
    .attr('data-kind', (p) => p.kind)
    .attr('transform', (p) => `translate(${x(p.xy[0]!)},${y(p.xy[1] ?? 0)})`);
  g.selectAll('path')
    .data((p) => [p])
    .join('path')
    .attr('d', (p) => SYMBOL[p.kind]);
  g.selectAll('text')
    .data((p) => (p.short ? [p] : []))
    .join('text')
    .attr('class', 'lab-pt-label')
    .attr('x', 9)
    .attr('dy', '0.35em')
    .text((p) => p.short);
  const marker = sel(ensure(svgEl, 'circle', 'lab-focus'))
    .attr('r', 11)
    .attr('visibility', 'hidden');
  const table: Matrix = {
    rows: pts.length,
    cols: 2,
    values: Float32Array.from(pts.flatMap((p) => [p.xy[0]!, p.xy[1] ?? 0])),
    rowLabels: pts.map((p) => `${p.word}: ${p.label}`),
    colLabels: ['PC1', 'PC2'],
  };
  dataTable(root, table, s.fsTable, 40);
  gridNav(svg, {
    rows: pts.length,
    cols: 1,
    live,
    onMove(r) {
      if (r < 0) {
        marker.attr('visibility', 'hidden');
        return '';
      }
      const p = pts[r]!;
      marker
        .attr('visibility', 'visible')
        .attr('cx', x(p.xy[0]!))
        .attr('cy', y(p.xy[1] ?? 0));
      return s.fsPoint(p.word, p.label, formatValue(p.xy[0]!), formatValue(p.xy[1] ?? 0));
    },
  });
  const gap =
    c.texts.reduce(
      (a, _, i) => a + Math.hypot(...[0, 1].map((k) => (pts[i]!.xy[k] ?? 0) - (pts[n + i]!.xy[k] ?? 0))),
      0,
    ) / n;
  const note = ensure(part(body, 'notes'), 'p', 'lab-note lab-gap');
  note.textContent = s.fsGap(formatValue(gap));
  (note as HTMLElement).dataset.gap = String(gap);
  return table;
}

class FeatureSpacePage {
  private readonly s: LabStrings;
  private readonly client = getClient(import.meta.env.BASE_URL);
  private table: Matrix | undefined;
  private caption: string;
  private label: string;
  /** The model the shown features come from (tiny at build time). */
  private model = 'tiny';

  constructor(
    private readonly fig: HTMLElement,
    private c: FeatureSpaceConfig,
    slot: number,
  ) {
    this.s = labStrings(c.lang);
    // A shared view: ?fig95={"t":[caption, label]}.
    const shared = readState(slot)?.t;
    const fromUrl = shared?.length === 2 && shared.every((t) => t.trim() !== '');
    this.caption = fromUrl ? shared[0]!.slice(0, 2000) : c.caption;
    this.label = fromUrl ? shared[1]!.slice(0, 2000) : c.label;
    const controls = fig.querySelector<HTMLElement>(':scope > .fig-controls')!;
    const edit = (apply: (v: string) => void) => (v: string) => {
      if (!v.trim()) return this.say(this.s.fsEmpty, true);
      apply(v);
      writeState(slot, { t: [this.caption, this.label] });
      void this.compute();
    };
    controls.append(
      textField(
        this.s.fsYourCaption,
        this.caption,
        edit((v) => (this.caption = v)),
      ),
      textField(
        this.s.fsLabel,
        this.label,
        edit((v) => (this.label = v)),
      ),
    );
    controls.hidden = false;
    exportToolbar(fig, 'inside-clip-feature-space', () => ({ matrix: this.table, json: this.table }));
    this.client.onModel((e) => {
      if (e.type !== 'ready' || e.model === this.model) return;
      this.model = e.model;
      void this.compute();
    });
    this.redraw();
    if (fromUrl) void this.compute();
  }

  private say(message: string, problem: boolean): void {
    const status = this.fig.querySelector<HTMLElement>(':scope > .fig-status')!;
    status.textContent = message;
    status.classList.toggle('fig-problem', problem);
  }

  /** Every feature again, in one request, so all points come from the model in use. */
  private async compute(): Promise<void> {
    const { texts, images } = this.c;
    const caption = this.caption;
    const label = this.label;
    const templates = fillTemplates(label);
    this.fig.setAttribute('aria-busy', 'true');
    this.say(this.client.loaded ? this.s.computing : this.s.loading, false);
    const out = await this.client.run(this.fig.id, {
      texts: [...texts, caption, ...templates],
      images: images.map((index) => ({ kind: 'world' as const, index })),
      capture: ['image.features_normalized', 'text.features_normalized'],
    });
    if (out.status === 'stale') return;
    this.fig.removeAttribute('aria-busy');
    if (out.status === 'error') return this.say(out.message, true);
    const r = out.result;
    const img = r.trace['image.features_normalized'];
    const txt = r.trace['text.features_normalized'];
    if (!img || !txt) return;
    const rows = featureRows(txt.data, texts.length + 1 + templates.length).map((x) => Array.from(x));
    this.c = {
      ...this.c,
      caption,
      label,
      imageFeatures: featureRows(img.data, images.length).map((x) => Array.from(x)),
      textFeatures: rows.slice(0, texts.length),
      captionFeature: rows[texts.length]!,
      templateFeatures: rows.slice(texts.length + 1),
    };
    this.redraw();
    this.say([this.s.fsBackend(r.backend, r.ms, r.model), ...r.notes].join(' '), r.notes.length > 0);
    this.fig.dispatchEvent(new CustomEvent('lab:result', { bubbles: true }));
  }

  private redraw(): void {
    this.table = drawFeatureSpace(this.fig.querySelector<HTMLElement>(':scope > .fig-body')!, this.c, this.s);
  }
}

/** Hydrates every prerendered feature-space lab of the page. */
export function hydrateFeatureSpaces(): void {
  const labs = 'figure[data-lab="feature-space"]';
  if (document.querySelector(labs)) followModelChoice(getClient(import.meta.env.BASE_URL));
  hydrateLabs<FeatureSpaceConfig>(labs, 'script.lab-config', 'feature space', (fig, c, k) => {
    new FeatureSpacePage(fig, c, URL_SLOT + k);
  });
}
