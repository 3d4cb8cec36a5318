// The training lab's sizes, without TF.js, so the page can name them: the model presets, the probe and the
// logits view.
import { TINY_SIZES, type TinySizes } from './tiny-config';

export type LabPresetName = 'xs' | 's' | 'lit';

/** Model sizes per preset; 'lit' keeps the shipped tiny model's image tower (LiT: locked, pretrained). */
export const LAB_PRESETS: Readonly<Record<LabPresetName, TinySizes>> = {
  xs: {
    image_resolution: 32,
    vision_patch_size: 8,
    vision_width: 32,
    vision_layers: 1,
    vision_heads: 2,
    transformer_width: 32,
    transformer_layers: 1,
    transformer_heads: 2,
    embed_dim: 32,
  },
  s: {
    image_resolution: 32,
    vision_patch_size: 8,
    vision_width: 48,
    vision_layers: 2,
    vision_heads: 4,
    transformer_width: 48,
    transformer_layers: 2,
    transformer_heads: 4,
    embed_dim: 32,
  },
  lit: {
    ...TINY_SIZES,
    transformer_width: 32,
    transformer_layers: 1,
    transformer_heads: 2,
  },
};

/** Images the probe classifies and projects (fixed for every run, so runs compare). */
export const PROBE_IMAGES = 64;
/** Pairs of the current batch shown as a logits matrix. */
export const VIEW_PAIRS = 8;
