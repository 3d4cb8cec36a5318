// @vitest-environment happy-dom
// The feature-space lab in a DOM, from synthetic unit features (no model): scales covering every point, data
// joins that update in place, arrow-key navigation announced through aria-live, the PCA/UMAP switch (no
// model round trip, UMAP cached per features), and the data table holding the drawn numbers.
// happy-dom lacks nothing these tests use, so nothing is stubbed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seededNormal } from '../../src/clip/init';
import { umap } from '../../src/lab/umap';
import { formatValue } from '../../src/viz/scales';
import { drawFeatureSpace, plotScales, H, W } from '../../site/components/labs/feature-space-draw';
import {
  type FeatureSpaceConfig,
  TEMPLATES,
  layoutFeatures,
  pcaLayout,
  pointsOf,
} from '../../site/components/labs/feature-space-points';
import { umapLayout } from '../../site/components/labs/feature-space-umap';
import { FeatureSpaceView, projectionSwitch } from '../../site/components/labs/feature-space-view';
import { labStrings } from '../../site/components/labs/logits-strings';

const s = labStrings('en');
const E = 8;

/** Unit vectors near axis `axis` (images near 0, captions near 1: a modality gap). */
function near(axis: number, count: number, g: () => number): number[][] {
  return Array.from({ length: count }, () => {
    const v = Array.from({ length: E }, (_, j) => (j === axis ? 1 : 0) + 0.2 * g());
    const len = Math.hypot(...v);
    return v.map((x) => x / len);
  });
}

function config(n: number, seed = 1): FeatureSpaceConfig {
  const g = seededNormal(seed);
  return {
    lang: 'en',
    texts: Array.from({ length: n }, (_, i) => `caption ${i}`),
    images: Array.from({ length: n }, (_, i) => i),
    caption: 'a small green star',
    label: 'red circle',
    imageFeatures: near(0, n, g),
    textFeatures: near(1, n, g),
    captionFeature: near(1, 1, g)[0]!,
    templateFeatures: near(2, TEMPLATES.length, g),
  };
}
const count = (n: number) => 2 * n + 1 + TEMPLATES.length + 1;

let body: HTMLElement;
beforeEach(() => {
  body = document.createElement('div');
  body.className = 'fig-body';
  document.body.appendChild(body);
});
afterEach(() => body.remove());

const key = (el: Element, k: string) =>
  el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
const translate = (el: Element): number[] =>
  /translate\(([^,]+),([^)]+)\)/.exec(el.getAttribute('transform')!)!.slice(1).map(Number);
const tableRows = (): string[][] =>
  [...body.querySelectorAll('tbody tr')].map((tr) =>
    [...tr.querySelectorAll('td')].map((td) => td.textContent!),
  );

describe('drawFeatureSpace', () => {
  it('draws one mark per point and one line per pair, and updates in place (data join)', () => {
    drawFeatureSpace(body, config(3), s);
    expect(body.querySelectorAll('g.lab-pt')).toHaveLength(count(3));
    expect(body.querySelectorAll('.lab-pt-image')).toHaveLength(3);
    expect(body.querySelectorAll('.lab-pt-text')).toHaveLength(3);
    expect(body.querySelectorAll('.lab-pt-template')).toHaveLength(TEMPLATES.length);
    expect(body.querySelectorAll('.lab-pt-yours, .lab-pt-ensemble')).toHaveLength(2);
    expect(body.querySelectorAll('line.lab-pair-line')).toHaveLength(3);
    const svg = body.querySelector('svg');
    drawFeatureSpace(body, config(5, 2), s);
    drawFeatureSpace(body, config(5, 2), s);
    expect(body.querySelector('svg')).toBe(svg);
    expect(body.querySelectorAll('svg')).toHaveLength(1);
    expect(body.querySelectorAll('g.lab-pt')).toHaveLength(count(5));
    expect(body.querySelectorAll('g.lab-pt path')).toHaveLength(count(5));
    expect(body.querySelectorAll('line.lab-pair-line')).toHaveLength(5);
    expect(body.querySelectorAll('details.viz-table')).toHaveLength(1);
    expect(body.querySelectorAll('.lab-gap')).toHaveLength(1);
  });

  it('has equal-unit scales whose domains cover every point, all drawn inside the plot', () => {
    for (const layout of [pcaLayout(config(4)), umapLayout(config(4))]) {
      const pts = pointsOf(config(4), s, layout);
      const { x, y } = plotScales(pts);
      const [x0, x1] = x.domain() as [number, number];
      const [y0, y1] = y.domain() as [number, number];
      for (const p of pts) {
        expect(p.xy[0]!).toBeGreaterThanOrEqual(x0);
        expect(p.xy[0]!).toBeLessThanOrEqual(x1);
        expect(p.xy[1]!).toBeGreaterThanOrEqual(y0);
        expect(p.xy[1]!).toBeLessThanOrEqual(y1);
      }
      expect((x1 - x0) / W).toBeCloseTo((y1 - y0) / H, 9);
    }
    drawFeatureSpace(body, config(4), s);
    for (const g of body.querySelectorAll('g.lab-pt')) {
      const [px, py] = translate(g);
      expect(px).toBeGreaterThan(0);
      expect(px).toBeLessThan(W);
      expect(py).toBeGreaterThan(0);
      expect(py).toBeLessThan(H);
    }
  });

  it('moves between points with the arrow keys and announces each one with its coordinates', () => {
    const c = config(3);
    const table = drawFeatureSpace(body, c, s);
    const svg = body.querySelector('svg')!;
    const live = body.querySelector('[aria-live]')!;
    expect(svg.getAttribute('tabindex')).toBe('0');
    svg.dispatchEvent(new FocusEvent('focus'));
    const say = (r: number) =>
      s.fsPoint(
        r < 3 ? `image ${r + 1}` : `caption ${r - 2}`,
        table.rowLabels![r]!.split(': ').slice(1).join(': '),
        formatValue(table.values[2 * r]!),
        formatValue(table.values[2 * r + 1]!),
      );
    expect(live.textContent).toBe(say(0));
    key(svg, 'ArrowDown');
    key(svg, 'ArrowDown');
    key(svg, 'ArrowDown');
    expect(live.textContent).toBe(say(3));
    key(svg, 'ArrowUp');
    expect(live.textContent).toBe(say(2));
    const marker = body.querySelector('circle.lab-focus')!;
    expect(marker.getAttribute('visibility')).toBe('visible');
    const [px, py] = translate(body.querySelectorAll('g.lab-pt')[2]!);
    expect(Number(marker.getAttribute('cx'))).toBeCloseTo(px!);
    expect(Number(marker.getAttribute('cy'))).toBeCloseTo(py!);
    svg.dispatchEvent(new FocusEvent('blur'));
    expect(marker.getAttribute('visibility')).toBe('hidden');
  });

  it('offers a data table with the same numbers as the plot', () => {
    const c = config(3);
    const table = drawFeatureSpace(body, c, s);
    const xy = pcaLayout(c).xy;
    const rows = tableRows();
    expect(rows).toHaveLength(count(3));
    rows.forEach((cells, r) => {
      expect(cells).toEqual([formatValue(xy[r]![0]!), formatValue(xy[r]![1]!)]);
      expect(table.values[2 * r]).toBeCloseTo(xy[r]![0]!, 5);
    });
    const heads = [...body.querySelectorAll('thead th')].map((th) => th.textContent);
    expect(heads.slice(1)).toEqual(['PC1', 'PC2']);
    expect(body.querySelector('tbody th')!.textContent).toBe(`image 1: ${table.rowLabels![0]!.slice(9)}`);
  });
});

describe('the PCA/UMAP switch', () => {
  it('is a labelled radio group in both languages, PCA checked by default', () => {
    for (const lang of ['en', 'es']) {
      const t = labStrings(lang);
      const set = projectionSwitch(t, 'pca', () => {});
      expect(set.querySelector('legend')!.textContent).toBe(t.fsProjection);
      const radios = [...set.querySelectorAll<HTMLInputElement>('input[type=radio]')];
      expect(radios.map((r) => r.value)).toEqual(['pca', 'umap']);
      expect(radios.map((r) => r.checked)).toEqual([true, false]);
      expect(new Set(radios.map((r) => r.name)).size).toBe(1);
      expect(radios.map((r) => r.closest('label')!.textContent!.trim())).toEqual([t.fsPca, t.fsUmap]);
    }
    expect(labStrings('es').fsProjection).not.toBe(labStrings('en').fsProjection);
  });

  it('redraws from the features already there, says it is computing, and caches the UMAP layout', async () => {
    const c = config(3);
    const said: string[] = [];
    let loads = 0;
    const view = new FeatureSpaceView(
      body,
      s,
      c,
      (m) => said.push(m),
      async () => {
        loads += 1;
        return umapLayout;
      },
    );
    const set = projectionSwitch(s, view.method, (m) => void view.use(m));
    body.appendChild(set);
    const plot = body.querySelector<HTMLElement>('.fig-part-plot > .fig-plot')!;
    expect(plot.dataset.method).toBe('pca');
    expect(body.querySelectorAll('.lab-axis line')).toHaveLength(2);
    const [pca, umapRadio] = [...set.querySelectorAll<HTMLInputElement>('input')];
    umapRadio!.checked = true;
    umapRadio!.dispatchEvent(new Event('change'));
    expect(said).toEqual([s.fsUmapComputing]);
    await view.ready;
    expect(plot.dataset.method).toBe('umap');
    expect(said.at(-1)).toMatch(new RegExp(`^UMAP layout of ${count(3)} points`));
    expect(body.querySelectorAll('g.lab-pt')).toHaveLength(count(3));
    expect(body.querySelectorAll('svg')).toHaveLength(1);
    expect(body.querySelectorAll('.lab-axis line')).toHaveLength(0);
    expect([...body.querySelectorAll('thead th')].slice(1).map((th) => th.textContent)).toEqual([
      'UMAP1',
      'UMAP2',
    ]);
    const expected = umap(layoutFeatures(c)).projections;
    tableRows().forEach((cells, r) => expect(cells).toEqual(expected[r]!.map(formatValue)));
    expect(body.querySelector('.lab-gap')!.textContent).toContain('UMAP');
    pca!.checked = true;
    pca!.dispatchEvent(new Event('change'));
    await view.ready;
    expect(plot.dataset.method).toBe('pca');
    expect(said.at(-1)).toBe(s.fsPcaShown);
    expect(tableRows()[0]).toEqual(pcaLayout(c).xy[0]!.map(formatValue));
    await view.use('umap');
    expect(loads).toBe(1);
    expect(said.filter((m) => m === s.fsUmapComputing)).toHaveLength(1);
    // New features (a model run) make a new config: UMAP is fitted again, for them.
    await view.show(config(4, 9));
    expect(loads).toBe(2);
    expect(body.querySelectorAll('g.lab-pt')).toHaveLength(count(4));
    expect(plot.dataset.method).toBe('umap');
  });

  it('falls back to PCA and says why when UMAP fails', async () => {
    const said: [string, boolean][] = [];
    const view = new FeatureSpaceView(
      body,
      s,
      config(3),
      (m, p) => said.push([m, p]),
      async () => () => {
        throw new Error('boom');
      },
    );
    await view.use('umap');
    expect(said.at(-1)).toEqual([s.fsUmapFailed('boom'), true]);
    expect(body.querySelector<HTMLElement>('.fig-part-plot > .fig-plot')!.dataset.method).toBe('pca');
    expect(view.table!.colLabels).toEqual(['PC1', 'PC2']);
  });
});
