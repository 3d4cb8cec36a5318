// The logits lab's batch across model kinds (logits-batch.ts): the lesson's batch becomes the photographs
// with "a photo of a …" captions on a real CLIP and comes back whole on tiny; a caption or image the reader
// chose survives both switches; pairs beyond the lesson's follow their image's own caption.
import { describe, expect, it } from 'vitest';
import { GALLERY } from '../../src/runtime/gallery';
import { PHOTOS, photoCaption } from '../../site/lib/photos';
import { captionOf, followBatch, imageCount } from '../../site/components/labs/logits-batch';

const tiny = { texts: ['a big circle', 'a small square', 'a big star', 'a big heart'], images: [0, 1, 2, 3] };

describe('followBatch', () => {
  it('turns the lesson batch into photos with their captions, and back', () => {
    const real = followBatch(tiny, tiny, true);
    expect(real.images).toEqual([0, 1, 2, 3]);
    expect(real.texts).toEqual([0, 1, 2, 3].map(photoCaption));
    expect(real.texts[0]).toBe('a photo of a cat');
    expect(followBatch(real, tiny, false)).toEqual(tiny);
  });

  it('keeps a caption the reader wrote and an image they picked', () => {
    const mine = { texts: ['my words', ...tiny.texts.slice(1)], images: [0, 9, 2, 3] };
    const real = followBatch(mine, tiny, true);
    expect(real.texts[0]).toBe('my words');
    expect(real.images[1]).toBe(9 % PHOTOS.length); // kept, inside the photo picker's range
    expect(real.texts[1]).toBe('a small square'); // not the scene's own caption: the reader's, kept
    expect(real.texts.slice(2)).toEqual([photoCaption(2), photoCaption(3)]);
    expect(followBatch(real, tiny, false).texts[0]).toBe('my words');
  });

  it('lets an added pair follow its image caption', () => {
    const five = { texts: [...tiny.texts, GALLERY[4]!.caption], images: [...tiny.images, 4] };
    const real = followBatch(five, tiny, true);
    expect(real.texts[4]).toBe(photoCaption(4));
    expect(followBatch(real, tiny, false)).toEqual(five);
  });

  it('offers photos on a real model and the gallery on tiny', () => {
    expect(imageCount(true)).toBe(PHOTOS.length);
    expect(imageCount(false)).toBe(GALLERY.length);
    expect(captionOf(0, false)).toBe(GALLERY[0]!.caption);
  });
});
