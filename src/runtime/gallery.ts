// The sample images every figure can use (`image={k}`): twelve scenes of the world, chosen rather than
// drawn at random, so a lesson's captions can describe them. Index → scene is part of the site contract:
// add new scenes at the end, never reorder. Held-out colour–shape pairs (never seen in training) are marked.
import {
  type Colour,
  type Position,
  type Relation,
  type Shape,
  type Size,
  isHeldOut,
} from '../world/attributes';
import { renderScene } from '../world/render';
import { CENTRE_128, type Scene, type WorldObject } from '../world/scene';
import { deriveSeed } from '../world/random';

interface Placed {
  colour: Colour;
  shape: Shape;
  size: Size;
  position: Position;
}

export interface GallerySpec {
  objects: Placed[];
  relation?: Relation;
  caption: string;
}

export const GALLERY: readonly GallerySpec[] = [
  {
    objects: [{ colour: 'red', shape: 'circle', size: 'big', position: 'top left' }],
    caption: 'a big red circle at the top left',
  },
  {
    objects: [{ colour: 'blue', shape: 'square', size: 'small', position: 'center' }],
    caption: 'a small blue square in the center',
  },
  {
    objects: [{ colour: 'yellow', shape: 'star', size: 'big', position: 'bottom right' }],
    caption: 'a big yellow star at the bottom right',
  },
  {
    objects: [{ colour: 'yellow', shape: 'heart', size: 'big', position: 'center' }],
    caption: 'a big yellow heart in the center',
  },
  {
    objects: [{ colour: 'white', shape: 'hexagon', size: 'big', position: 'top right' }],
    caption: 'a big white hexagon at the top right',
  },
  {
    objects: [{ colour: 'green', shape: 'square', size: 'big', position: 'bottom left' }],
    caption: 'a big green square at the bottom left',
  },
  {
    objects: [{ colour: 'purple', shape: 'cross', size: 'big', position: 'center' }],
    caption: 'a big purple cross in the center',
  },
  {
    objects: [{ colour: 'blue', shape: 'star', size: 'big', position: 'center' }],
    caption: 'a big blue star in the center',
  },
  {
    objects: [{ colour: 'orange', shape: 'diamond', size: 'small', position: 'bottom right' }],
    caption: 'a small orange diamond at the bottom right',
  },
  {
    objects: [
      { colour: 'red', shape: 'triangle', size: 'big', position: 'top left' },
      { colour: 'green', shape: 'star', size: 'big', position: 'top right' },
    ],
    relation: 'left of',
    caption: 'a big red triangle to the left of a big green star',
  },
  {
    objects: [
      { colour: 'blue', shape: 'circle', size: 'big', position: 'top left' },
      { colour: 'yellow', shape: 'square', size: 'big', position: 'bottom left' },
    ],
    relation: 'above',
    caption: 'a big blue circle above a big yellow square',
  },
  {
    objects: [{ colour: 'green', shape: 'circle', size: 'big', position: 'center' }],
    caption: 'a big green circle in the center',
  },
];

/** Radii in 1/128 of the side, inside the ranges the world's sampler draws from (src/world/scene.ts). */
const RADIUS_128: Readonly<Record<Size, number>> = { small: 12, big: 23 };

export function galleryScene(index: number): Scene {
  const spec = GALLERY[index];
  if (!spec)
    throw new Error(`There is no sample image ${index}; the gallery has images 0 to ${GALLERY.length - 1}.`);
  const objects: WorldObject[] = spec.objects.map((o) => ({
    ...o,
    x: CENTRE_128[o.position][0] / 128,
    y: CENTRE_128[o.position][1] / 128,
    radius: RADIUS_128[o.size] / 128,
  }));
  const grey = 112 + ((index * 37) % 33);
  const background = { rgb: [grey, grey, grey + 4] as const, noise: 4, seed: deriveSeed(2024, index) };
  return spec.relation ? { objects, relation: spec.relation, background } : { objects, background };
}

export interface GalleryItem {
  image: Uint8Array;
  caption: string;
  scene: Scene;
  /** True when a colour–shape pair in it never appears in training. */
  heldOut: boolean;
}

export function renderGalleryItem(index: number, size: number): GalleryItem {
  const scene = galleryScene(index);
  return {
    image: renderScene(scene, size),
    caption: GALLERY[index]!.caption,
    scene,
    heldOut: scene.objects.some((o) => isHeldOut(o.colour, o.shape)),
  };
}
