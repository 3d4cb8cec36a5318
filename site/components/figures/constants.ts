// <Const name="..."/> values: constants of the labs' code (src/lab, src/train, src/clip and the lab
// components), read by importing the constants themselves, never retyped. An unknown name fails the build.
import { LN_EPS } from '../../../src/clip/config';
import { INITIAL_TEMPERATURE } from '../../../src/clip/init';
import { UMAP_NEIGHBOURS } from '../../../src/lab/umap';
import { TEMPLATES as ZERO_SHOT_TEMPLATES } from '../../../src/lab/zero-shot';
import { ADAMW_DEFAULTS } from '../../../src/train/adamw';
import {
  DEFAULT_LAB_SETTINGS,
  LAB_WEIGHT_DECAY,
  PROBE_EVERY,
  WARMUP_STEPS,
} from '../../../src/train/training-lab';
import { LAB_PRESETS, PROBE_IMAGES, VIEW_PAIRS } from '../../../src/train/training-lab-sizes';
import { MAX_LOGIT_SCALE } from '../../../src/train/trainer';
import { MAX_ITEMS as CELL_MAX_ITEMS } from '../../../src/runtime/cell-api';
import { DEFAULT_LIMIT_MS as CELL_LIMIT_MS } from '../../../src/runtime/cell-client';
import { zeroShotLabels } from '../../../src/world';
import { MAX_PAIRS, MIN_PAIRS } from '../labs/logits-lab-views';
import { TEMPLATES as FEATURE_SPACE_TEMPLATES } from '../labs/feature-space-points';
import { BATCH_CHOICES } from '../labs/training-settings';
import { MAX_URL_CHARS } from '../../lib/url-state';

const { xs, s } = LAB_PRESETS;

/** name → value; each entry says where the number lives. */
export const CONSTANTS: Readonly<Record<string, number>> = {
  // The code cells: a run's time limit (src/runtime/cell-client.ts), the items it may show
  // (src/runtime/cell-api.ts), and the longest link the site writes (site/lib/url-state.ts).
  'cells.time-limit-s': CELL_LIMIT_MS / 1000,
  'cells.max-items': CELL_MAX_ITEMS,
  'cells.max-url-chars': MAX_URL_CHARS,
  // The logits lab (site/components/labs/logits-lab-views.ts).
  'logits-lab.min-pairs': MIN_PAIRS,
  'logits-lab.max-pairs': MAX_PAIRS,
  // Training: the clip on the logit scale exp(t) (src/train/trainer.ts), the initial temperature (src/clip/init.ts).
  'train.max-logit-scale': Math.exp(MAX_LOGIT_SCALE),
  'train.initial-temperature': INITIAL_TEMPERATURE,
  'train.initial-logit-scale': 1 / INITIAL_TEMPERATURE,
  // LayerNorm's epsilon, PyTorch's default (src/clip/config.ts).
  'clip.ln-eps': LN_EPS,
  // The feature-space lab: its ensemble templates and UMAP's neighbourhood rule (src/lab/umap.ts).
  'feature-space.templates': FEATURE_SPACE_TEMPLATES.length,
  'umap.neighbours-factor': UMAP_NEIGHBOURS.factor,
  'umap.min-neighbours': UMAP_NEIGHBOURS.min,
  'umap.max-neighbours': UMAP_NEIGHBOURS.max,
  // The zero-shot playground's templates (src/lab/zero-shot.ts).
  'zero-shot.templates': ZERO_SHOT_TEMPLATES.length,
  // The training lab (src/train/training-lab.ts, src/train/adamw.ts, site/components/labs/training-settings.ts).
  'training-lab.image-resolution': xs.image_resolution,
  'training-lab.patch-size': xs.vision_patch_size,
  'training-lab.layers-xs': xs.transformer_layers,
  'training-lab.layers-s': s.transformer_layers,
  'training-lab.width-xs': xs.transformer_width,
  'training-lab.width-s': s.transformer_width,
  'training-lab.depth-ratio': s.transformer_layers / xs.transformer_layers,
  'training-lab.width-ratio': s.transformer_width / xs.transformer_width,
  'training-lab.beta1': ADAMW_DEFAULTS.beta1,
  'training-lab.beta2': ADAMW_DEFAULTS.beta2,
  'training-lab.weight-decay': LAB_WEIGHT_DECAY,
  'training-lab.warmup-steps': WARMUP_STEPS,
  'training-lab.probe-images': PROBE_IMAGES,
  'training-lab.probe-prompts': zeroShotLabels().length,
  'training-lab.probe-every': PROBE_EVERY,
  'training-lab.view-pairs': VIEW_PAIRS,
  'training-lab.batch-size': DEFAULT_LAB_SETTINGS.batchSize,
  'training-lab.ln-batch-size': Math.log(DEFAULT_LAB_SETTINGS.batchSize),
  'training-lab.batch-min': Math.min(...BATCH_CHOICES),
  'training-lab.batch-max': Math.max(...BATCH_CHOICES),
};

export function constValue(name: string): number {
  const value = CONSTANTS[name];
  if (value === undefined) {
    throw new Error(`<Const name="${name}">: not a known constant (${Object.keys(CONSTANTS).join(', ')})`);
  }
  return value;
}
