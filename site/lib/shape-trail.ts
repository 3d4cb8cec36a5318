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

/** The rows, in the order of the forward pass; the blocks' rows use the last layer (`last`). */
export function trailRows(): TrailRow[] {
  const cfg = tinyConfig();
  const textLast = cfg.transformer_layers - 1;
  const visionLast = cfg.vision_layers - 1;
  return [
    { stage: 'text.tokens', tower: 'text', label: 'tokens', symbols: ['1', nCtx], lessons: ['tokenizer'] },
    {
      stage: 'token_embedding.out',
      tower: 'text',
      label: 'tokenEmbedding',
      symbols: ['1', nCtx, 'D'],
      lessons: ['token-embedding'],
    },
    {
      stage: 'text.embeddings',
      tower: 'text',
      label: 'textPositions',
      symbols: ['1', nCtx, 'D'],
      lessons: ['positional-embedding'],
    },
    {
      stage: `transformer.resblocks.${textLast}.out`,
      tower: 'text',
      label: 'textBlocks',
      symbols: ['1', nCtx, 'D'],
      lessons: ['transformer-block'],
    },
    {
      stage: 'ln_final.out',
      tower: 'text',
      label: 'lnFinal',
      symbols: ['1', nCtx, 'D'],
      lessons: ['final-norm-eot'],
    },
    {
      stage: 'text.pooled',
      tower: 'text',
      label: 'eotRow',
      symbols: ['1', 'D'],
      lessons: ['final-norm-eot'],
    },
    {
      stage: 'text.features',
      tower: 'text',
      label: 'textFeatures',
      symbols: ['1', 'E'],
      lessons: ['final-norm-eot', 'overview'],
    },
    {
      stage: 'image.pixels',
      tower: 'vision',
      label: 'pixels',
      symbols: ['1', '3', 'R', 'R'],
      lessons: ['image-patches'],
    },
    {
      stage: 'visual.conv1.out',
      tower: 'vision',
      label: 'conv1',
      symbols: ['1', 'D', 'g', 'g'],
      lessons: ['image-patches'],
    },
    {
      stage: 'visual.patches',
      tower: 'vision',
      label: 'patches',
      symbols: ['1', patches, 'D'],
      lessons: ['image-patches'],
    },
    {
      stage: 'visual.embeddings',
      tower: 'vision',
      label: 'visionEmbeddings',
      symbols: ['1', { ...patches, plus: 1 }, 'D'],
      lessons: ['class-embedding', 'image-position-ln-pre'],
    },
    {
      stage: 'visual.ln_pre.out',
      tower: 'vision',
      label: 'lnPre',
      symbols: ['1', { ...patches, plus: 1 }, 'D'],
      lessons: ['image-position-ln-pre'],
    },
    {
      stage: `visual.transformer.resblocks.${visionLast}.out`,
      tower: 'vision',
      label: 'visionBlocks',
      symbols: ['1', { ...patches, plus: 1 }, 'D'],
      lessons: ['vision-transformer'],
    },
    {
      stage: 'visual.ln_post.out',
      tower: 'vision',
      label: 'lnPost',
      symbols: ['1', 'D'],
      lessons: ['vision-transformer'],
    },
    {
      stage: 'image.features',
      tower: 'vision',
      label: 'imageFeatures',
      symbols: ['1', 'E'],
      lessons: ['vision-transformer', 'overview'],
    },
    {
      stage: 'logits_per_image',
      tower: 'shared',
      label: 'logits',
      symbols: ['N', 'M'],
      lessons: ['overview', 'similarity-temperature', 'contrastive-loss'],
    },
  ];
}

export interface TrailEntry extends TrailRow {
  shape: number[];
}

/** The rows with their shapes on the running example, read from the build-time run. */
export async function trailEntries(): Promise<TrailEntry[]> {
  return Promise.all(trailRows().map(async (row) => ({ ...row, shape: await stageShape(row.stage) })));
}
