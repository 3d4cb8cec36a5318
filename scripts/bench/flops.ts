// Floating-point operations of one encoder pass (2 per multiply-add), from a config.
import { type ClipConfig, dims } from '../../src/clip/config';
import { usedLength } from '../../src/clip/speed';
import { type Encoder, benchInputs } from './page/inputs';

function towerMacs(width: number, tokens: number, layers: number): number {
  const perLayer = 12 * width * width * tokens + 2 * tokens * tokens * width;
  return perLayer * layers;
}

export function imageFlops(cfg: ClipConfig): number {
  const d = dims(cfg);
  const patches = d.grid * d.grid;
  const conv = patches * d.visionWidth * 3 * d.patch * d.patch;
  return (
    2 * (conv + towerMacs(d.visionWidth, d.visionTokens, cfg.vision_layers) + d.visionWidth * cfg.embed_dim)
  );
}

/** The text encoder over `tokens` positions (the whole context unless given). */
export function textFlops(cfg: ClipConfig, tokens = cfg.context_length): number {
  const w = cfg.transformer_width;
  return 2 * (towerMacs(w, tokens, cfg.transformer_layers) + w * cfg.embed_dim);
}

/** What the project's model computes for a bench input: the caption only up to its EOT. */
export function encoderFlops(cfg: ClipConfig, encoder: Encoder): number {
  if (encoder === 'image') return imageFlops(cfg);
  if (encoder === 'text') return textFlops(cfg);
  const len = cfg.context_length;
  return textFlops(cfg, usedLength(benchInputs(cfg).captionIds, 1, len));
}
