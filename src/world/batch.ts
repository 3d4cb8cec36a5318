// Batches for training and evaluation, zero-shot labels, and a captioned gallery for the site.
// Item i of a batch depends only on (seed, i), so any item can be regenerated on its own.

import { ALL_PAIRS, isHeldOut, type Colour, type Shape } from './attributes';
import { captionScene, promptFor, type Template } from './caption';
import { createRng, deriveSeed } from './random';
import { DEFAULT_IMAGE_SIZE, renderScene } from './render';
import { sampleScene, type Scene, type SceneOptions } from './scene';

export interface BatchOptions extends SceneOptions {
  /** Image side in pixels (default 64). */
  size?: number;
  /** A fixed caption template; left out, drawn per item. */
  template?: Template;
}

export interface Batch {
  /** RGB uint8 HWC, size × size × 3 each. */
  images: Uint8Array[];
  captions: string[];
  scenes: Scene[];
}

export interface WorldItem {
  image: Uint8Array;
  caption: string;
  scene: Scene;
}

/** Item `index` of the world stream `seed`. */
export function makeItem(seed: number, index: number, options: BatchOptions = {}): WorldItem {
  const rng = createRng(deriveSeed(seed, index));
  const scene = sampleScene(rng, options);
  const caption = captionScene(scene, rng, options.template);
  return { image: renderScene(scene, options.size ?? DEFAULT_IMAGE_SIZE), caption, scene };
}

export function makeBatch(seed: number, n: number, options: BatchOptions = {}): Batch {
  const batch: Batch = { images: [], captions: [], scenes: [] };
  for (let i = 0; i < n; i++) {
    const item = makeItem(seed, i, options);
    batch.images.push(item.image);
    batch.captions.push(item.caption);
    batch.scenes.push(item.scene);
  }
  return batch;
}

export interface ZeroShotLabel {
  colour: Colour;
  shape: Shape;
  prompt: string;
  heldOut: boolean;
}

/** All colour × shape labels, colour-major, with their prompts. */
export function zeroShotLabels(): ZeroShotLabel[] {
  return ALL_PAIRS.map(({ colour, shape }) => ({
    colour,
    shape,
    prompt: promptFor(colour, shape),
    heldOut: isHeldOut(colour, shape),
  }));
}

/** Sample images with captions for the site (training split unless told otherwise). */
export function gallery(seed: number, n: number, options: BatchOptions = {}): WorldItem[] {
  return Array.from({ length: n }, (_, i) => makeItem(seed, i, options));
}
