// Figure views of a run: symbols, towers, text rows cut at EOT with token labels, the causal mask,
// vision token labels, cosine from logits, and the contrastive loss pieces.
import { describe, expect, it } from 'vitest';
import { lossParts, similarityData, symOf, tensorView, type Run } from '../../site/components/figures/views';
import { towerOf } from '../../site/lib/towers';
import { tokenLabels } from '../../src/viz/tokens';
import { fromRows, valueAt } from '../../src/viz/matrix';

const seq = (n: number) => Float32Array.from({ length: n }, (_, i) => i);

const textRun = (): Run => ({
  trace: {
    'text.embeddings': { shape: [1, 77, 4], data: seq(77 * 4) },
    'transformer.resblocks.1.attn.probs': { shape: [1, 2, 77, 77], data: seq(2 * 77 * 77) },
    'text.features': { shape: [1, 3], data: seq(3) },
  },
  texts: [
    {
      text: 'a dog',
      ids: [49406, 320, 1929, 49407],
      tokens: ['<|startoftext|>', 'a</w>', 'dog</w>', '<|endoftext|>'],
      fullCount: 4,
      truncated: false,
    },
  ],
  images: [],
  notes: [],
});

describe('symbols and towers', () => {
  it('drops the block prefix and turns dots into dashes', () => {
    expect(symOf('transformer.resblocks.3.attn.probs')).toBe('attn-probs');
    expect(symOf('visual.transformer.resblocks.0.ln_1.out')).toBe('ln_1-out');
    expect(symOf('token_embedding.out')).toBe('token_embedding-out');
    expect(symOf('visual.ln_pre.out')).toBe('visual-ln_pre-out');
  });
  it('tells which tower a stage belongs to', () => {
    expect(towerOf('ln_final.out')).toBe('text');
    expect(towerOf('visual.patches')).toBe('vision');
    expect(towerOf('image.features')).toBe('vision');
    expect(towerOf('logits_per_image')).toBe('both');
  });
  it('labels SOT, EOT and word ends', () => {
    expect(tokenLabels(['<|startoftext|>', 'dog</w>', '<|endoftext|>'])).toEqual(['SOT', 'dog·', 'EOT']);
  });
});

describe('tensorView', () => {
  it('cuts text rows at EOT, labels them with tokens and says what it left out', () => {
    const v = tensorView(textRun(), 'text.embeddings');
    expect([v.matrix.rows, v.matrix.cols]).toEqual([4, 4]);
    expect(v.matrix.rowLabels).toEqual(['SOT', 'a·', 'dog·', 'EOT']);
    expect(v.shape).toEqual([1, 77, 4]);
    expect(v.kind).toBe('diverging');
    expect(v.note).toMatch(/0–3 of 77/);
    expect(v.sym).toBe('text-embeddings');
  });
  it('shows one head of text attention as a square with the causal mask', () => {
    const v = tensorView(textRun(), 'transformer.resblocks.1.attn.probs', 1);
    expect([v.matrix.rows, v.matrix.cols]).toEqual([4, 4]);
    expect(valueAt(v.matrix, 1, 0)).toBe(77 * 77 + 77);
    expect(v.mask!(0, 1)).toBe(true);
    expect(v.mask!(1, 0)).toBe(false);
    expect(v.kind).toBe('sequential');
    expect(v.heads).toBe(2);
  });
  it('labels vision tokens CLS, p1… and patches p1…', () => {
    const run: Run = {
      trace: {
        'visual.embeddings': { shape: [1, 5, 2], data: seq(10) },
        'visual.patches': { shape: [1, 4, 2], data: seq(8) },
      },
      texts: [],
      images: [],
      notes: [],
    };
    expect(tensorView(run, 'visual.embeddings').matrix.rowLabels).toEqual(['CLS', 'p1', 'p2', 'p3', 'p4']);
    expect(tensorView(run, 'visual.patches').matrix.rowLabels).toEqual(['p1', 'p2', 'p3', 'p4']);
  });
  it('names a missing stage', () => {
    expect(() => tensorView(textRun(), 'nope')).toThrow(/no stage "nope"/);
  });
});

describe('similarity and loss', () => {
  it('recovers cosine similarities from the logits and the scale', () => {
    const run: Run = {
      trace: {
        logits_per_image: { shape: [1, 2], data: Float32Array.of(10, -5) },
        'logit_scale.exp': { shape: [], data: Float32Array.of(20) },
      },
      texts: [
        { text: 'x', ids: [], tokens: [], fullCount: 2, truncated: false },
        { text: 'y', ids: [], tokens: [], fullCount: 2, truncated: false },
      ],
      images: [{ rgb: new Uint8Array(0), size: 0, label: 'a cat' }],
      notes: [],
    };
    const { cosine, scale } = similarityData(run);
    expect(scale).toBe(20);
    expect(Array.from(cosine.values)).toEqual([0.5, -0.25]);
    expect(cosine.colLabels).toEqual(['x', 'y']);
  });
  it('computes both cross-entropies and their mean; a perfect diagonal gives a small loss', () => {
    const even = lossParts(
      fromRows([
        [0, 0],
        [0, 0],
      ]),
    );
    expect(even.loss).toBeCloseTo(Math.log(2), 6);
    const sharp = lossParts(
      fromRows([
        [20, 0],
        [0, 20],
      ]),
    );
    expect(sharp.loss).toBeLessThan(1e-6);
    const skew = lossParts(
      fromRows([
        [1, 0],
        [3, 2],
      ]),
    );
    expect(skew.lossImage).toBeCloseTo(
      (-Math.log(Math.exp(1) / (Math.exp(1) + 1)) - Math.log(Math.exp(2) / (Math.exp(3) + Math.exp(2)))) / 2,
      6,
    );
    expect(skew.lossText).toBeCloseTo(
      (-Math.log(Math.exp(1) / (Math.exp(1) + Math.exp(3))) - Math.log(Math.exp(2) / (1 + Math.exp(2)))) / 2,
      6,
    );
    expect(skew.loss).toBeCloseTo((skew.lossImage + skew.lossText) / 2, 9);
  });
});
