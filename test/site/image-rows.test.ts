// @vitest-environment happy-dom
// Image rows as images (issue 18.8): the similarity, loss and logits-lab matrices label each image row with
// its thumbnail, named by the image's caption, in the first paint's pixels and in a slim run's thumbnails;
// the words stay in the table, the announcements and the exported SVG's names.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { drawLoss, drawSimilarity } from '../../site/components/figures/draw';
import { figureStrings } from '../../site/lib/figure-strings';
import type { Run } from '../../site/components/figures/views';
import { drawLogitsLab } from '../../site/components/labs/logits-lab-views';
import { labStrings } from '../../site/components/labs/logits-strings';
import { GALLERY } from '../../src/runtime/gallery';
import { serializeSvg } from '../../src/viz/export';
import { heatmap } from '../../src/viz/heatmap';
import { fromRows } from '../../src/viz/matrix';
import { setPngEncoder } from '../../src/viz/raster';
import { THUMB_PX, shrinkRgb, thumbHref } from '../../src/viz/thumbs';

let root: HTMLElement;
beforeEach(() => {
  setPngEncoder((rgba, w, h) => `data:image/png;fake,${w}x${h},${rgba[0]}`);
  root = document.createElement('div');
  document.body.appendChild(root);
});
afterEach(() => {
  root.remove();
  setPngEncoder(null);
});

/** The accessible name of an SVG <image>: its aria-label, else its <title>. */
const nameOf = (el: Element): string =>
  el.getAttribute('aria-label') ?? el.querySelector('title')?.textContent ?? '';

const imageRun = (size: number, slim = false): Run => {
  const px = (v: number) => new Uint8Array(size * size * 3).fill(v);
  const captions = ['a big red circle at the top left', 'a small blue square in the center'];
  return {
    trace: {
      logits_per_image: { shape: [2, 2], data: Float32Array.of(30, 10, 5, 25) },
      'logit_scale.exp': { shape: [1], data: Float32Array.of(100) },
    },
    texts: captions.map((text) => ({ text, ids: [], tokens: [], fullCount: 0, truncated: false })),
    images: captions.map((label, i) =>
      slim
        ? { rgb: new Uint8Array(0), size, label, thumb: `data:image/png;kept,${i}` }
        : { rgb: px(40 + i), size, label },
    ),
    notes: [],
  };
};

describe('heatmap image rows', () => {
  const m = () => ({
    ...fromRows([
      [0.1, 0.9],
      [0.5, 0.5],
    ]),
    rowLabels: ['0: a big red circle at the top left', '1: a small blue square'],
    rowImages: ['data:image/png;a', 'data:image/png;b'],
    colLabels: ['red', 'blue'],
    rowName: 'image',
  });

  it('draws one <image> per row, named by its caption, instead of the cut words', () => {
    heatmap(root, m(), { title: 'Cosine' });
    const images = [...root.querySelectorAll('.viz-row-images image')];
    expect(images).toHaveLength(2);
    expect(images.map((im) => im.getAttribute('href'))).toEqual(['data:image/png;a', 'data:image/png;b']);
    expect(images.map(nameOf)).toEqual(['0: a big red circle at the top left', '1: a small blue square']);
    expect(images.every((im) => im.getAttribute('role') === 'img')).toBe(true);
    expect(images[0]!.querySelector('title')!.textContent).toBe('0: a big red circle at the top left');
    expect(root.querySelectorAll('.viz-row-labels text')).toHaveLength(0);
  });

  it('keeps the words in the table and in what the arrow keys announce', () => {
    heatmap(root, m(), { title: 'Cosine' });
    expect(root.querySelector('tbody th')!.textContent).toBe('0: a big red circle at the top left');
    const svg = root.querySelector('svg')!;
    svg.dispatchEvent(new FocusEvent('focus'));
    expect(root.querySelector('[aria-live]')!.textContent).toContain('a big red circle at the top left');
  });

  it('leaves room for the thumbnails, not for the words, and fits each in its row', () => {
    heatmap(root, m(), { title: 'Cosine' });
    const im = root.querySelector('.viz-row-images image')!;
    const side = Number(im.getAttribute('width'));
    expect(side).toBeGreaterThan(0);
    expect(side).toBeLessThanOrEqual(THUMB_PX);
    const cell = Number(root.querySelector('rect.viz-cell')!.getAttribute('height'));
    expect(side).toBeLessThanOrEqual(cell);
    // The labels' margin: a thumbnail's width, not 26 characters of caption.
    const left = Number(
      /translate\(([\d.]+)/.exec(root.querySelector('.viz-cells')!.getAttribute('transform')!)![1],
    );
    expect(left).toBeLessThan(THUMB_PX + 20);
  });

  it('keeps the thumbnails in the exported SVG, which still stands alone', () => {
    heatmap(root, m(), { title: 'Cosine' });
    const svg = serializeSvg(root.querySelector('svg')!);
    expect(svg).toContain('href="data:image/png;a"');
    expect(svg).toMatch(/<title[^>]*>1: a small blue square<\/title>/);
  });

  it('falls back to the words for a row without an image', () => {
    heatmap(root, { ...m(), rowImages: ['data:image/png;a', undefined] }, { title: 'Cosine' });
    expect(root.querySelectorAll('.viz-row-images image')).toHaveLength(1);
    expect([...root.querySelectorAll('.viz-row-labels text')].map((t) => t.textContent)).toEqual([
      '1: a small blue square',
    ]);
  });
});

describe('thumbnails', () => {
  it('shrinks big crops to THUMB_PX by averaging boxes of pixels', () => {
    const size = THUMB_PX * 2;
    const rgb = new Uint8Array(size * size * 3);
    for (let i = 0; i < size * size; i++) rgb[i * 3] = i % 2 ? 200 : 100; // stripes average to 150
    const small = shrinkRgb(rgb, size, THUMB_PX);
    expect(small).toHaveLength(THUMB_PX * THUMB_PX * 3);
    expect(small[0]).toBe(150);
    expect(thumbHref(rgb, size)).toBe(`data:image/png;fake,${THUMB_PX}x${THUMB_PX},150`);
  });

  it('gives no thumbnail, rather than an error, where no PNG can be encoded', () => {
    setPngEncoder(() => {
      throw new Error('no canvas');
    });
    expect(thumbHref(new Uint8Array(4 * 4 * 3), 4)).toBeUndefined();
  });
});

describe('figures with image rows', () => {
  const s = figureStrings('en');

  it('labels every image row of the similarity figure with its thumbnail', () => {
    drawSimilarity(root, imageRun(48), s, 0.01);
    for (const name of ['cosine', 'logits', 'probs']) {
      const images = [...root.querySelectorAll(`.fig-part-${name} .viz-row-images image`)];
      expect(images).toHaveLength(2);
      expect(images.map(nameOf)).toEqual([
        '0: a big red circle at the top left',
        '1: a small blue square in the center',
      ]);
      expect(images[1]!.getAttribute('href')).toBe('data:image/png;fake,48x48,41');
    }
  });

  it('labels the loss figure rows, the column softmax included, from the thumbnails a slim run kept', () => {
    drawLoss(root, imageRun(224, true), s, 0.01);
    for (const name of ['logits', 'rows', 'cols']) {
      const images = [...root.querySelectorAll(`.fig-part-${name} .viz-row-images image`)];
      expect(images.map((im) => im.getAttribute('href'))).toEqual([
        'data:image/png;kept,0',
        'data:image/png;kept,1',
      ]);
      expect(images.every((im) => nameOf(im).length > 0)).toBe(true);
    }
  });

  it('labels the logits lab rows with the gallery images', () => {
    const unit = (i: number) => Array.from({ length: 4 }, (_, k) => (k === i ? 1 : 0));
    const config = {
      lang: 'en',
      texts: ['red', 'blue', 'star'],
      images: [0, 1, 2],
      tau: 0.07,
      learnedTau: 0.07,
      imageFeatures: [0, 1, 2].map(unit),
      textFeatures: [0, 1, 2].map(unit),
    };
    drawLogitsLab(root, config, labStrings('en'));
    const panels = root.querySelectorAll('.viz-heatmap');
    expect(panels).toHaveLength(6);
    for (const panel of panels) {
      const images = [...panel.querySelectorAll('.viz-row-images image')];
      expect(images.map(nameOf)).toEqual([0, 1, 2].map((k) => `${k}: ${GALLERY[k]!.caption}`));
      expect(images.every((im) => im.getAttribute('href')!.startsWith('data:image/png'))).toBe(true);
    }
  });
});
