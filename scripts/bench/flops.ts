// Floating-point operations of one encoder pass (2 per multiply-add), from a config.
import { type ClipConfig, dims } from '../../src/clip/config';

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

export function textFlops(cfg: ClipConfig): number {
  const w = cfg.transformer_width;
  return 2 * (towerMacs(w, cfg.context_length, cfg.transformer_layers) + w * cfg.embed_dim);
}
