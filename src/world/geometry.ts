// Shape outlines in unit coordinates: each shape fits the square [-1, 1]² (y grows downwards) and
// covers the origin. Vertices are fixed decimal tables (the star and heart were sampled once from
// their curves and rounded), so no trigonometry runs while drawing.

import type { Shape } from './attributes';

/** A closed polygon as flat [x0, y0, x1, y1, ...] pairs, filled by the even–odd rule. */
export type Polygon = readonly number[];

/** An outline: either a disc of the given radius around the origin or a polygon. */
export type Outline = { kind: 'disc'; radius: number } | { kind: 'polygon'; points: Polygon };

const CROSS_ARM = 0.32;
const SQUARE_HALF = 0.82;
const HALF_SQRT3 = 0.8660254037844386;

const STAR: Polygon = [
  0, -0.905, 0.247, -0.245, 0.951, -0.214, 0.399, 0.225, 0.588, 0.904, 0, 0.515, -0.588, 0.904, -0.399, 0.225,
  -0.951, -0.214, -0.247, -0.245,
];

/** The classic heart curve x = 16 sin³t, y = 13 cos t − 5 cos 2t − 2 cos 3t − cos 4t at 28 steps. */
const HEART: Polygon = [
  0, -0.471, 0.011, -0.533, 0.082, -0.682, 0.242, -0.835, 0.478, -0.904, 0.731, -0.842, 0.927, -0.66, 1,
  -0.409, 0.927, -0.143, 0.731, 0.107, 0.478, 0.335, 0.242, 0.544, 0.082, 0.726, 0.011, 0.856, 0, 0.904,
  -0.011, 0.856, -0.082, 0.726, -0.242, 0.544, -0.478, 0.335, -0.731, 0.107, -0.927, -0.143, -1, -0.409,
  -0.927, -0.66, -0.731, -0.842, -0.478, -0.904, -0.242, -0.835, -0.082, -0.682, -0.011, -0.533,
];

const w = CROSS_ARM;
const s = SQUARE_HALF;
const h = HALF_SQRT3;

export const OUTLINES: Readonly<Record<Shape, Outline>> = {
  circle: { kind: 'disc', radius: 0.92 },
  square: { kind: 'polygon', points: [-s, -s, s, -s, s, s, -s, s] },
  triangle: { kind: 'polygon', points: [0, -0.95, 1, 0.8, -1, 0.8] },
  star: { kind: 'polygon', points: STAR },
  cross: {
    kind: 'polygon',
    points: [-w, -1, w, -1, w, -w, 1, -w, 1, w, w, w, w, 1, -w, 1, -w, w, -1, w, -1, -w, -w, -w],
  },
  diamond: { kind: 'polygon', points: [0, -1, 1, 0, 0, 1, -1, 0] },
  heart: { kind: 'polygon', points: HEART },
  hexagon: { kind: 'polygon', points: [1, 0, 0.5, h, -0.5, h, -1, 0, -0.5, -h, 0.5, -h] },
};
