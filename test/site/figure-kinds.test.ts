// @vitest-environment happy-dom
// The lesson figures' registry (site/components/figures/kinds.ts) and the controls built from it
// (figure-controls.ts): which inputs each kind's run takes, what it captures, and which controls, in which
// order, each kind shows for the inputs a lesson gives it.
import { describe, expect, it } from 'vitest';
import type { FigureConfig } from '../../site/components/figures/config';
import { figureControls } from '../../site/components/figures/figure-controls';
import { FIGURE_KINDS, type FigureKind } from '../../site/components/figures/kinds';
import { figureStrings } from '../../site/lib/figure-strings';

const config = (kind: FigureKind, extra: Partial<FigureConfig> = {}): FigureConfig => ({
  kind,
  lang: 'en',
  texts: [],
  images: [],
  layer: 0,
  head: 0,
  layers: 2,
  heads: 2,
  patch: 8,
  resolution: 32,
  contextLength: 16,
  ...extra,
});

/** The labels of the controls a figure shows, in order ('picker' for the image picker). */
function controlsOf(c: FigureConfig): string[] {
  const els = figureControls(FIGURE_KINDS[c.kind].controls, {
    c,
    s: figureStrings('en'),
    fig: document.createElement('figure'),
    texts: c.texts,
    layer: 0,
    head: 0,
    tau: 0.07,
    image: -1,
    photo: -1,
    photos: null,
    signal: new AbortController().signal,
    setText: () => {},
    setLayer: () => {},
    setHead: () => {},
    setTau: () => {},
    setImage: () => {},
    problem: () => {},
  });
  return els.map((el) =>
    el.classList.contains('fig-picker') ? 'picker' : (el.querySelector('label')?.textContent ?? el.className),
  );
}

describe('the figure registry', () => {
  it('has a spec for each of the six kinds', () => {
    expect(Object.keys(FIGURE_KINDS).sort()).toEqual(
      ['attention', 'loss', 'patch', 'similarity', 'tensor', 'tokenizer'].sort(),
    );
  });

  it('drops the texts of vision-only figures and the images of text-only ones', () => {
    expect(FIGURE_KINDS.attention.inputs('vision')).toEqual({ texts: false, images: true });
    expect(FIGURE_KINDS.attention.inputs('text')).toEqual({ texts: true, images: false });
    expect(FIGURE_KINDS.patch.inputs('text')).toEqual({ texts: false, images: true });
    expect(FIGURE_KINDS.tokenizer.inputs('text')).toEqual({ texts: true, images: false });
    expect(FIGURE_KINDS.loss.inputs('text')).toEqual({ texts: true, images: true });
  });

  it('captures every layer for attention and the stage for a tensor', () => {
    const c = config('attention', { tower: 'vision' });
    expect(FIGURE_KINDS.attention.capture(c)).toEqual([
      'visual.transformer.resblocks.0.attn.probs',
      'visual.transformer.resblocks.1.attn.probs',
    ]);
    expect(FIGURE_KINDS.tensor.capture(config('tensor', { stage: 'ln_final' }))).toEqual(['ln_final']);
    expect(FIGURE_KINDS.loss.capture(config('loss'))).toEqual(['logits_per_image', 'logit_scale.exp']);
  });

  it('keeps the build-time run only for the temperature figures, and exports all but the tokenizer', () => {
    const kinds = Object.entries(FIGURE_KINDS);
    expect(kinds.filter(([, k]) => k.keepsRun).map(([n]) => n)).toEqual(['similarity', 'loss']);
    expect(kinds.filter(([, k]) => !k.exports).map(([n]) => n)).toEqual(['tokenizer']);
  });
});

describe('the controls of each kind', () => {
  it('gives an attention figure on a text its text, layer and head', () => {
    expect(controlsOf(config('attention', { tower: 'text', texts: ['a dog'] }))).toEqual([
      'Text',
      'Layer',
      'Head',
    ]);
  });

  it('gives a vision attention figure the layer, head and image picker', () => {
    expect(controlsOf(config('attention', { tower: 'vision', images: [3] }))).toEqual([
      'Layer',
      'Head',
      'picker',
    ]);
  });

  it('shows the head select on a tensor only for per-head stages', () => {
    const probs = 'transformer.resblocks.0.attn.probs';
    expect(controlsOf(config('tensor', { stage: probs, texts: ['a'] }))).toEqual(['Text', 'Head']);
    expect(controlsOf(config('tensor', { stage: 'ln_final', texts: ['a'] }))).toEqual(['Text']);
  });

  it('gives similarity and loss a field per text, the temperature, a slot select and the picker', () => {
    for (const kind of ['similarity', 'loss'] as const) {
      const c = config(kind, { texts: ['a', 'b'], images: [0, 1], tau: 0.07 });
      expect(controlsOf(c)).toEqual(['Text 0', 'Text 1', 'Temperature τ', 'Replace image', 'picker']);
    }
  });

  it('gives the tokenizer its text field even without a text, and the patch figure only the picker', () => {
    expect(controlsOf(config('tokenizer'))).toEqual(['Text']);
    expect(controlsOf(config('patch', { images: [2] }))).toEqual(['picker']);
  });
});
