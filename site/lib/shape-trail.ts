// The running example's shapes, stage by stage: one caption and one image through the tiny model, the rows
// the ShapeTrail on every lesson page lists. Each row names a Trace key, its shape in symbols (the site's
// notation, docs/notation.md) and the lessons that compute it.
import { stageShape } from './traces';
import { tinyConfig } from './model';

export type TrailTower = 'text' | 'vision' | 'shared';

/** A symbolic dimension: a letter, optionally with a subscript, or a number. */
export type Dim = string | { base: string; sub?: string; sup?: string; plus?: number };

export interface TrailRow {
  stage: string;
  tower: TrailTower;
  /** The label's key in the interface strings (shapeTrail.stages). */
  label: string;
  symbols: Dim[];
  lessons: string[];
}

const nCtx: Dim = { base: 'n', sub: 'ctx' };
const patches = { base: 'g', sup: '2' };

/** The rows, in the order of the forward pass; the blocks' rows use the last layer. */
export function trailRows(): TrailRow[] {
  const cfg = tinyConfig();
  const row = (stage: string, tower: TrailTower, label: string, symbols: Dim[], lessons: string[]) => ({
    stage,
    tower,
    label,
    symbols,
    lessons,
  });
  const seq = ['1', nCtx, 'D'];
  const tokens = ['1', { ...patches, plus: 1 }, 'D'];
  return [
    row('text.tokens', 'text', 'tokens', ['1', nCtx], ['tokenizer']),
    row('token_embedding.out', 'text', 'tokenEmbedding', seq, ['token-embedding']),
    row('text.embeddings', 'text', 'textPositions', seq, ['positional-embedding']),
    row(`transformer.resblocks.${cfg.transformer_layers - 1}.out`, 'text', 'textBlocks', seq, [
      'transformer-block',
    ]),
    row('ln_final.out', 'text', 'lnFinal', seq, ['final-norm-eot']),
    row('text.pooled', 'text', 'eotRow', ['1', 'D'], ['final-norm-eot']),
    row('text.features', 'text', 'textFeatures', ['1', 'E'], ['final-norm-eot', 'overview']),
    row('image.pixels', 'vision', 'pixels', ['1', '3', 'R', 'R'], ['image-patches']),
    row('visual.conv1.out', 'vision', 'conv1', ['1', 'D', 'g', 'g'], ['image-patches']),
    row('visual.patches', 'vision', 'patches', ['1', patches, 'D'], ['image-patches']),
    row('visual.embeddings', 'vision', 'visionEmbeddings', tokens, [
      'class-embedding',
      'image-position-ln-pre',
    ]),
    row('visual.ln_pre.out', 'vision', 'lnPre', tokens, ['image-position-ln-pre']),
    row(`visual.transformer.resblocks.${cfg.vision_layers - 1}.out`, 'vision', 'visionBlocks', tokens, [
      'vision-transformer',
    ]),
    row('visual.ln_post.out', 'vision', 'lnPost', ['1', 'D'], ['vision-transformer']),
    row('image.features', 'vision', 'imageFeatures', ['1', 'E'], ['vision-transformer', 'overview']),
    row(
      'logits_per_image',
      'shared',
      'logits',
      ['N', 'M'],
      ['overview', 'similarity-temperature', 'contrastive-loss'],
    ),
  ];
}

export interface TrailEntry extends TrailRow {
  shape: number[];
}

/** The rows with their shapes on the running example, read from the build-time run. */
export async function trailEntries(): Promise<TrailEntry[]> {
  return Promise.all(trailRows().map(async (row) => ({ ...row, shape: await stageShape(row.stage) })));
}
