// The attributes of the synthetic world: colours (with their exact RGB), shapes, sizes, positions,
// relations between two objects, and the colour–shape pairs held out of training for zero-shot tests.

export const COLOURS = ['red', 'green', 'blue', 'yellow', 'purple', 'orange', 'white', 'black'] as const;
export type Colour = (typeof COLOURS)[number];

/** The exact sRGB value each object of that colour is filled with. None is a mid grey. */
export const COLOUR_RGB: Readonly<Record<Colour, readonly [number, number, number]>> = {
  red: [220, 30, 30],
  green: [30, 170, 50],
  blue: [30, 80, 225],
  yellow: [245, 215, 35],
  purple: [140, 50, 190],
  orange: [245, 135, 20],
  white: [250, 250, 250],
  black: [20, 20, 20],
};

export const SHAPES = [
  'circle',
  'square',
  'triangle',
  'star',
  'cross',
  'diamond',
  'heart',
  'hexagon',
] as const;
export type Shape = (typeof SHAPES)[number];

export const SIZES = ['small', 'big'] as const;
export type Size = (typeof SIZES)[number];

export const POSITIONS = ['top left', 'top right', 'bottom left', 'bottom right', 'center'] as const;
export type Position = (typeof POSITIONS)[number];

/** How the first object of a two-object scene stands relative to the second. */
export const RELATIONS = ['left of', 'right of', 'above', 'below'] as const;
export type Relation = (typeof RELATIONS)[number];

export interface ColourShape {
  colour: Colour;
  shape: Shape;
}

/** One pair per shape, each colour used once: never drawn by the 'train' split. */
export const HELD_OUT_PAIRS: readonly ColourShape[] = [
  { colour: 'green', shape: 'circle' },
  { colour: 'purple', shape: 'square' },
  { colour: 'black', shape: 'triangle' },
  { colour: 'blue', shape: 'star' },
  { colour: 'orange', shape: 'cross' },
  { colour: 'red', shape: 'diamond' },
  { colour: 'yellow', shape: 'heart' },
  { colour: 'white', shape: 'hexagon' },
];

export function isHeldOut(colour: Colour, shape: Shape): boolean {
  return HELD_OUT_PAIRS.some((p) => p.colour === colour && p.shape === shape);
}

/** Every colour × shape pair, colour-major (the order of the zero-shot labels). */
export const ALL_PAIRS: readonly ColourShape[] = COLOURS.flatMap((colour) =>
  SHAPES.map((shape) => ({ colour, shape })),
);

export const TRAIN_PAIRS: readonly ColourShape[] = ALL_PAIRS.filter((p) => !isHeldOut(p.colour, p.shape));
