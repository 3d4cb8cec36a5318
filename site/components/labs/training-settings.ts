// The training lab's settings as the page sees them: the choices each control offers and the defaults,
// kept here (types only from src/train/training-lab.ts) so the page bundle never pulls in TF.js.
import type { LabSettings } from '../../../src/train/training-lab';
import type { LabPresetName } from '../../../src/train/training-lab-sizes';

export const PRESET_CHOICES: readonly LabPresetName[] = ['xs', 's', 'lit'];
export const LR_CHOICES = [1e-3, 3e-3, 1e-2] as const;
export const BATCH_CHOICES = [16, 32, 64] as const;

/** The same as DEFAULT_LAB_SETTINGS in src/train/training-lab.ts (the browser test compares the two runs). */
export const PAGE_DEFAULTS: LabSettings = {
  preset: 'xs',
  lr: 3e-3,
  batchSize: 32,
  learnedTemperature: true,
  seed: 1,
};
