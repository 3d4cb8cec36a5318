// <Const name="..."/> (site/components/figures/constants.ts): the registry holds the code's own values, and an unknown
// name fails (so a lesson that names one fails the build).
import { describe, expect, it } from 'vitest';
import { INITIAL_TEMPERATURE } from '../../src/clip/init';
import { UMAP_NEIGHBOURS, umapNeighbors } from '../../src/lab/umap';
import { ADAMW_DEFAULTS } from '../../src/train/adamw';
import { DEFAULT_LAB_SETTINGS, WARMUP_STEPS } from '../../src/train/training-lab';
import { LAB_PRESETS, PROBE_IMAGES } from '../../src/train/training-lab-sizes';
import { MAX_LOGIT_SCALE } from '../../src/train/trainer';
import { PROBE_EVERY } from '../../src/runtime/train-worker';
import { CONSTANTS, constValue } from '../../site/components/figures/constants';
import { MAX_PAIRS } from '../../site/components/labs/logits-lab-views';

describe('the <Const> registry', () => {
  it('holds the values of the code it names', () => {
    expect(constValue('logits-lab.max-pairs')).toBe(MAX_PAIRS);
    expect(constValue('training-lab.warmup-steps')).toBe(WARMUP_STEPS);
    expect(constValue('training-lab.probe-images')).toBe(PROBE_IMAGES);
    expect(constValue('training-lab.probe-every')).toBe(PROBE_EVERY);
    expect(constValue('training-lab.beta1')).toBe(ADAMW_DEFAULTS.beta1);
    expect(constValue('training-lab.beta2')).toBe(ADAMW_DEFAULTS.beta2);
    expect(constValue('training-lab.batch-size')).toBe(DEFAULT_LAB_SETTINGS.batchSize);
    expect(constValue('training-lab.ln-batch-size')).toBeCloseTo(
      Math.log(DEFAULT_LAB_SETTINGS.batchSize),
      12,
    );
    expect(constValue('training-lab.width-s')).toBe(LAB_PRESETS.s.transformer_width);
    expect(constValue('train.max-logit-scale')).toBeCloseTo(Math.exp(MAX_LOGIT_SCALE), 9);
    expect(constValue('train.initial-temperature')).toBe(INITIAL_TEMPERATURE);
    expect(constValue('umap.neighbours-factor')).toBe(UMAP_NEIGHBOURS.factor);
  });

  it('gives the numbers the lessons print (the lab defaults)', () => {
    expect(constValue('train.max-logit-scale')).toBeCloseTo(100, 9);
    expect(umapNeighbors(20)).toBe(Math.round(constValue('umap.neighbours-factor') * Math.sqrt(20)));
  });

  it('holds only finite numbers', () => {
    for (const [name, v] of Object.entries(CONSTANTS)) expect(Number.isFinite(v), name).toBe(true);
  });

  it('fails on an unknown name, listing the known ones', () => {
    expect(() => constValue('training-lab.no-such-thing')).toThrow(/not a known constant.*warmup-steps/);
  });
});
