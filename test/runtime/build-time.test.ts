// Build-time helpers (site/lib): Facts from the configs, Shapes from the tiny model's run on the default
// input, cached runs, and static markup drawn by the page's own figure code.
import { describe, expect, it } from 'vitest';
import { factValue } from '../../site/lib/facts';
import { staticFigure } from '../../site/components/figures/static-figure';
import { stageShape, staticRun } from '../../site/lib/traces';

describe('Fact', () => {
  it('reads config fields and derived sizes of ViT-B/32', () => {
    expect(factValue('ViT-B/32', 'transformer_width')).toBe(512);
    expect(factValue('ViT-B/32', 'grid')).toBe(7);
    expect(factValue('ViT-B/32', 'vision_tokens')).toBe(50);
    expect(factValue('ViT-B/32', 'vision_heads')).toBe(12);
    expect(factValue('ViT-B/32', 'text_head_dim')).toBe(64);
    expect(factValue('ViT-B/32', 'parameters')).toBe(151277313);
  });
  it('reads the shipped tiny model', () => {
    expect(factValue('tiny', 'context_length')).toBe(77);
  });
  it('fails the build on an unknown model or field', () => {
    expect(() => factValue('RN50', 'embed_dim')).toThrow(/use ViT-B\/32/);
    expect(() => factValue('ViT-B/32', 'depth')).toThrow(/not a config field/);
  });
});

describe('build-time runs', () => {
  it('gives the shapes of stages on the default input', async () => {
    expect(await stageShape('text.embeddings')).toEqual([1, 77, 64]);
    expect((await stageShape('visual.patches')).slice(0, 1)).toEqual([1]);
    expect(await stageShape('transformer.resblocks.0.attn.probs')).toEqual([1, 4, 77, 77]);
    await expect(stageShape('nope.out')).rejects.toThrow(/no stage "nope.out"/);
  });
  it('computes each input once', async () => {
    expect(staticRun({ texts: ['a cat'] })).toBe(staticRun({ texts: ['a cat'] }));
  });
  it('prerenders a figure as markup with its config, text as text', async () => {
    const fig = await staticFigure('tensor', { stage: 'text.embeddings', text: '<b>bold</b> cat' }, 'en');
    expect(fig.html).toMatch(/^<div class="fig-body"/);
    expect(fig.html).toContain('data-sym="text-embeddings"');
    expect(fig.html).not.toContain('<b>');
    expect(fig.shape).toEqual([1, 77, 64]);
    expect(fig.config.texts).toEqual(['<b>bold</b> cat']);
  });
});
