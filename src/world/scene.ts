// Sampling scenes: one object at one of five positions, or two objects side by side or one above
// the other, on a grey background with seeded noise. Geometry is stored as fractions of the image
// side (multiples of 1/128), so a scene renders at any size.

import {
  ALL_PAIRS,
  HELD_OUT_PAIRS,
  POSITIONS,
  RELATIONS,
  SIZES,
  TRAIN_PAIRS,
  type Colour,
  type ColourShape,
  type Position,
  type Relation,
  type Shape,
  type Size,
} from './attributes';
import type { Rng } from './random';

export interface WorldObject {
  colour: Colour;
  shape: Shape;
  size: Size;
  position: Position;
  /** Centre and radius as fractions of the image side. */
  x: number;
  y: number;
  radius: number;
}

export interface Background {
  /** Base colour: a grey with a slight tint. */
  rgb: readonly [number, number, number];
  /** Per-pixel noise amplitude in levels (0 is a plain background). */
  noise: number;
  /** Seed of the noise pattern. */
  seed: number;
}

export interface Scene {
  objects: WorldObject[];
  /** For two objects: where objects[0] stands relative to objects[1]. */
  relation?: Relation;
  background: Background;
}

/** 'train' never draws a held-out colour–shape pair; 'heldout' draws one held-out object; 'any' draws all. */
export type Split = 'train' | 'heldout' | 'any';

export interface SceneOptions {
  split?: Split;
  /** Objects per scene; left out, two with probability `pairProbability`. */
  objectCount?: 1 | 2;
  /** Default 0.5. */
  pairProbability?: number;
}

/** Position centres as multiples of 1/128 of the image side. */
export const CENTRE_128: Readonly<Record<Position, readonly [number, number]>> = {
  'top left': [32, 32],
  'top right': [96, 32],
  'bottom left': [32, 96],
  'bottom right': [96, 96],
  center: [64, 64],
};

/** Radius ranges in 1/128 of the side: small 5.5–7 px, big 10.5–12.5 px at 64 px. */
const RADIUS_128: Readonly<Record<Size, readonly [number, number]>> = { small: [11, 14], big: [21, 25] };

/** Centre jitter of up to ±4/128 (±2 px at 64): a big corner object stays inside its quadrant. */
const JITTER_128 = 4;

function placeObject(rng: Rng, pair: ColourShape, position: Position): WorldObject {
  const size = rng.pick(SIZES);
  const [lo, hi] = RADIUS_128[size];
  const [cx, cy] = CENTRE_128[position];
  const jitter = (): number => rng.int(2 * JITTER_128 + 1) - JITTER_128;
  return {
    ...pair,
    size,
    position,
    x: (cx + jitter()) / 128,
    y: (cy + jitter()) / 128,
    radius: (lo + rng.int(hi - lo + 1)) / 128,
  };
}

function sampleBackground(rng: Rng): Background {
  const grey = 96 + rng.int(65);
  const tint = (): number => grey + rng.int(13) - 6;
  return { rgb: [tint(), tint(), tint()], noise: rng.int(9), seed: rng.uint32() };
}

/** Corner positions of two objects in a relation: a row (left/right) or a column (above/below). */
function cornersFor(relation: Relation, rng: Rng): [Position, Position] {
  if (relation === 'left of' || relation === 'right of') {
    const row = rng.pick(['top', 'bottom'] as const);
    const left = `${row} left` as Position;
    const right = `${row} right` as Position;
    return relation === 'left of' ? [left, right] : [right, left];
  }
  const column = rng.pick(['left', 'right'] as const);
  const top = `top ${column}` as Position;
  const bottom = `bottom ${column}` as Position;
  return relation === 'above' ? [top, bottom] : [bottom, top];
}

function pairsFor(split: Split): readonly ColourShape[] {
  return split === 'train' ? TRAIN_PAIRS : split === 'heldout' ? HELD_OUT_PAIRS : ALL_PAIRS;
}

/** Draws a scene. The 'heldout' split only makes single-object scenes. */
export function sampleScene(rng: Rng, options: SceneOptions = {}): Scene {
  const split = options.split ?? 'train';
  if (split === 'heldout' && options.objectCount === 2) throw new Error("the 'heldout' split has one object");
  const pairs = pairsFor(split);
  const count =
    split === 'heldout' ? 1 : (options.objectCount ?? (rng.chance(options.pairProbability ?? 0.5) ? 2 : 1));
  const background = sampleBackground(rng);
  if (count === 1) return { objects: [placeObject(rng, rng.pick(pairs), rng.pick(POSITIONS))], background };

  const first = rng.pick(pairs);
  let second = rng.pick(pairs);
  while (second.colour === first.colour && second.shape === first.shape) second = rng.pick(pairs);
  const relation = rng.pick(RELATIONS);
  const [at0, at1] = cornersFor(relation, rng);
  return { objects: [placeObject(rng, first, at0), placeObject(rng, second, at1)], relation, background };
}
