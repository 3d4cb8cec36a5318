// The logits lab's batch across a change of model kind (lib/photos.ts): on a real CLIP the images are the
// photographs and the default captions name them ("a photo of a cat"); on the tiny model they are the world's
// scenes and the lesson's captions. Pure, so the rule is unit-tested without a page (test/site/logits-batch).
import { GALLERY } from '../../../src/runtime/gallery';
import { PHOTOS, photoCaption } from '../../lib/photos';

export interface Batch {
  texts: string[];
  images: number[];
}

/** How many images the picker offers: photographs on a real model, the world's gallery on tiny. */
export const imageCount = (real: boolean): number => (real ? PHOTOS.length : GALLERY.length);

/** Image k's own caption: the photo's "a photo of a …" on a real model, the scene's description on tiny. */
export function captionOf(image: number, real: boolean): string {
  return real ? photoCaption(image) : (GALLERY[image]?.caption ?? '');
}

/** Pair k's default image: the lesson's on tiny (`tiny`, the build's batch), photo k on a real model. */
function defaultImage(k: number, tiny: Batch, real: boolean): number {
  return real ? k % PHOTOS.length : (tiny.images[k] ?? k % GALLERY.length);
}

/** Pair k's default caption for its image: the lesson's text where both are the lesson's, else the image's own. */
function defaultText(k: number, image: number, tiny: Batch, real: boolean): string[] {
  const own = captionOf(image, real);
  return !real && image === tiny.images[k] && tiny.texts[k] !== undefined ? [tiny.texts[k]!, own] : [own];
}

/**
 * The batch after a switch of model kind (`real` is the new kind). Pair by pair: an image still at the old
 * default becomes the new default, another is kept (brought into the new picker's range); a caption still
 * at its image's old default becomes the new image's caption, one the reader wrote is kept. The batch size
 * is the reader's and never changes.
 */
export function followBatch(batch: Batch, tiny: Batch, real: boolean): Batch {
  const texts: string[] = [];
  const images: number[] = [];
  batch.images.forEach((image, k) => {
    const wasDefault = image === defaultImage(k, tiny, !real);
    const next = wasDefault ? defaultImage(k, tiny, real) : image % imageCount(real);
    const text = batch.texts[k] ?? '';
    const textDefault = defaultText(k, image, tiny, !real).includes(text);
    images.push(next);
    texts.push(textDefault ? (defaultText(k, next, tiny, real)[0] ?? '') : text);
  });
  return { texts, images };
}
