// @vitest-environment happy-dom
// What follows the kind of model: isRealModel (tiny's reduced token table or OpenAI's whole vocabulary), the
// photographs and their captions (every file present and small, licensed in LICENSE.md, alt text in both
// languages), followDefault (a reader's own input is never replaced), and applyModel, which shows and hides
// the tiny-only and real-only words and fills the live facts from the picked model's config.
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ClipConfig } from '../../src/clip/config';
import { PRESETS } from '../../src/clip/config';
import { applyModel } from '../../site/components/figures/model-text';
import {
  PHOTOS,
  REAL_LABELS,
  followDefault,
  isRealModel,
  photoAlt,
  photoCaption,
  photoUrl,
} from '../../site/lib/photos';
import { configFact } from '../../site/lib/config-fact';

const tiny = (JSON.parse(readFileSync('public/models/tiny/manifest.json', 'utf8')) as { config: ClipConfig })
  .config;
const tinyClipA = JSON.parse(
  readFileSync('../shared/reference/tiny-clip-a/config.json', 'utf8'),
) as ClipConfig;

describe('isRealModel', () => {
  it('is false for the tiny model, whose config lists its kept token ids', () => {
    expect(tiny.token_ids?.length).toBeGreaterThan(0);
    expect(isRealModel(tiny)).toBe(false);
  });
  it('is true for OpenAI presets and for tiny-clip-a, which have the whole vocabulary', () => {
    expect(isRealModel(PRESETS['ViT-B/32']!)).toBe(true);
    expect(isRealModel(tinyClipA)).toBe(true);
  });
  it('is false for a missing config and true for an empty id list', () => {
    expect(isRealModel(null)).toBe(false);
    expect(isRealModel(undefined)).toBe(false);
    expect(isRealModel({ token_ids: [] })).toBe(true);
  });
});

describe('the photographs', () => {
  it('are committed, small, and each named in the licence note', () => {
    const licence = readFileSync('public/photos/LICENSE.md', 'utf8');
    for (const p of PHOTOS) {
      const bytes = statSync(`public/photos/${p.file}`).size;
      expect(bytes).toBeGreaterThan(1000);
      expect(bytes).toBeLessThan(60_000);
      expect(licence).toContain(p.file);
    }
  });
  it('have alt text in English and Spanish, different from each other', () => {
    PHOTOS.forEach((p, k) => {
      expect(photoAlt(k, 'en')).toBe(p.alt.en);
      expect(photoAlt(k, 'es')).toBe(p.alt.es);
      expect(p.alt.es).not.toBe(p.alt.en);
    });
  });
  it('give English captions with the right article, and one label per photo plus a dog', () => {
    expect(photoCaption(0)).toBe('a photo of a cat');
    expect(photoCaption(1)).toBe('a photo of an astronaut');
    expect(photoCaption(99)).toBe('a photo of a cat');
    expect(REAL_LABELS).toEqual([...PHOTOS.map((p) => p.label), 'dog']);
    expect(new Set(REAL_LABELS).size).toBe(REAL_LABELS.length);
  });
  it('are addressed under the base URL, with or without its slash', () => {
    expect(photoUrl('/', 1)).toBe('/photos/astronaut.jpg');
    expect(photoUrl('/inside-clip', 0)).toBe('/inside-clip/photos/chelsea.jpg');
  });
});

describe('followDefault', () => {
  it("takes the new default when the reader still had the old one, and keeps the reader's own", () => {
    expect(followDefault('a photo of a red circle', 'a photo of a red circle', 'a photo of a cat')).toBe(
      'a photo of a cat',
    );
    expect(followDefault('my words', 'a photo of a red circle', 'a photo of a cat')).toBe('my words');
    expect(followDefault(['red circle'], ['red circle'], ['cat'])).toEqual(['cat']);
    expect(followDefault(['red circle', 'x'], ['red circle'], ['cat'])).toEqual(['red circle', 'x']);
  });
});

describe('applyModel', () => {
  const page = (): HTMLElement => {
    document.body.innerHTML = `
      <div data-only-tiny>shapes</div><span data-only-real hidden>real</span>
      <span data-live-field="grid">6</span><span data-live-field="parameters">0</span>
      <span data-live-field="nonsense">kept</span><span data-live-model>tiny</span>`;
    return document.body;
  };
  it('hides the tiny-only words and fills the facts for a real model', () => {
    const root = page();
    applyModel(document, 'tiny-clip-a', tinyClipA, 'en');
    expect(root.querySelector<HTMLElement>('[data-only-tiny]')!.hidden).toBe(true);
    expect(root.querySelector<HTMLElement>('[data-only-real]')!.hidden).toBe(false);
    expect(root.querySelector('[data-live-field="grid"]')!.textContent).toBe('4');
    expect(root.querySelector('[data-live-field="parameters"]')!.textContent).toBe(
      new Intl.NumberFormat('en').format(configFact(tinyClipA, 'parameters')),
    );
    expect(root.querySelector('[data-live-field="nonsense"]')!.textContent).toBe('kept');
    expect(root.querySelector('[data-live-model]')!.textContent).toBe('tiny-clip-a');
    expect(document.documentElement.dataset.modelKind).toBe('real');
  });
  it('brings everything back for the tiny model, numbers in the page language', () => {
    const root = page();
    applyModel(document, 'tiny-clip-a', tinyClipA, 'en');
    applyModel(document, 'tiny', tiny, 'es');
    expect(root.querySelector<HTMLElement>('[data-only-tiny]')!.hidden).toBe(false);
    expect(root.querySelector<HTMLElement>('[data-only-real]')!.hidden).toBe(true);
    expect(root.querySelector('[data-live-field="grid"]')!.textContent).toBe('6');
    expect(root.querySelector('[data-live-field="parameters"]')!.textContent).toBe(
      new Intl.NumberFormat('es').format(configFact(tiny, 'parameters')),
    );
    expect(document.documentElement.dataset.modelKind).toBe('tiny');
  });
});
