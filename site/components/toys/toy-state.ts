// The starting states of the attention toy and the circle lab, shared by the build's first paint and the page:
// the three tokens' q, k, v, the d_h choices read from the model configs, and the circle's points.
import type { ToyToken } from '../../../src/lab/attention-toy';

/** Position 2's query points where position 1's key does: the last token looks for what the middle one offers. */
export const TOY_TOKENS: ToyToken[] = [
  { q: [0.4, -0.7], k: [-1.2, 0.8], v: [-1.2, -0.6] },
  { q: [0.5, 0.9], k: [2, -0.3], v: [1.8, 0.5] },
  { q: [1.8, 0.6], k: [0.2, 1.8], v: [0.3, 1.8] },
];

/** How many random pairs measure var(q·k), and how many random keys one row has. */
export const DH_SAMPLES = 2000;
export const DH_KEYS = 8;

export interface DhOption {
  dh: number;
  label: string;
}

export interface AttentionToyConfig {
  lang: string;
  dhOptions: DhOption[];
  dh: number;
}

export interface SphereConfig {
  lang: string;
  n: number;
  tau: number;
  lr: number;
  gap: number;
  maxGap: number;
}

export const SPHERE_PAIRS = { min: 2, max: 6, start: 4 };
export const SPHERE_TAU = 0.1;
export const SPHERE_LR = 0.05;
export const SPHERE_MAX_GAP = Math.PI;

/** The concepts spread over this arc (a third of the circle), so a large enough gap leaves the clouds apart. */
export const SPHERE_SPREAD = (2 * Math.PI) / 3;

/** Where each image and each text sits from its concept, in units of the spacing (cycled past four). */
const IMAGE_OFFSETS = [0.35, -0.3, 0.2, -0.4];
const TEXT_OFFSETS = [-0.3, 0.35, -0.45, 0.25];

/**
 * N concepts spread over SPHERE_SPREAD around the top of the circle; each image and its text sit on either
 * side of their concept, so every pair starts some way apart and the first step has work to do.
 */
export function sphereStart(n: number): { imageAngles: number[]; textAngles: number[] } {
  const spacing = SPHERE_SPREAD / Math.max(1, n - 1);
  const base = (k: number) => (Math.PI - SPHERE_SPREAD) / 2 + k * spacing;
  return {
    imageAngles: Array.from({ length: n }, (_, k) => base(k) + IMAGE_OFFSETS[k % 4]! * spacing),
    textAngles: Array.from({ length: n }, (_, k) => base(k) + TEXT_OFFSETS[k % 4]! * spacing),
  };
}
