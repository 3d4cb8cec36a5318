// Which kind of model a config describes, on its own so the page's words (model-text.ts) can ask without
// loading the photos and the world they are drawn from.
import type { ClipConfig } from '../../src/clip/config';

/** True for a model with OpenAI's whole vocabulary (real CLIP), false for the tiny model's reduced table. */
export function isRealModel(cfg: Pick<ClipConfig, 'token_ids'> | null | undefined): boolean {
  return Boolean(cfg) && !(cfg!.token_ids && cfg!.token_ids.length > 0);
}
