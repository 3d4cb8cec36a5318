// The tiny CLIP the site ships: sized to train in under 30 minutes on a 2-core CPU (wasm backend),
// with the real CLIP tokenizer and a token table reduced to the ids the world uses.
import type { ClipConfig } from '../clip/config';

export interface TinySizes {
  image_resolution: number;
  vision_patch_size: number;
  vision_width: number;
  vision_layers: number;
  vision_heads: number;
  transformer_width: number;
  transformer_layers: number;
  transformer_heads: number;
  embed_dim: number;
}

export const TINY_SIZES: TinySizes = {
  image_resolution: 48,
  vision_patch_size: 8,
  vision_width: 96,
  vision_layers: 3,
  vision_heads: 4,
  transformer_width: 64,
  transformer_layers: 3,
  transformer_heads: 4,
  embed_dim: 64,
};

/** A full config from the sizes (the shipped tiny model's by default, or a lab preset's) and the BPE ids that keep their own embedding row. */
export function configFromSizes(tokenIds: readonly number[], sizes: TinySizes = TINY_SIZES): ClipConfig {
  return {
    ...sizes,
    context_length: 77,
    vocab_size: tokenIds.length + 1,
    token_ids: [...tokenIds],
  };
}
