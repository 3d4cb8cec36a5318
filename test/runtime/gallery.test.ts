// The sample-image gallery: each caption reads back (parseCaption) to exactly its scene, the pixels are
// deterministic, and the held-out marks agree with the world's split.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GALLERY, galleryScene, renderGalleryItem } from '../../src/runtime/gallery';
import { galleryItem } from '../../src/runtime/inputs';
import { parseCaption } from '../../src/world';

describe('gallery', () => {
  it.each(GALLERY.map((g, k) => [k, g.caption] as const))('image %i: "%s" describes its scene', (k) => {
    const scene = galleryScene(k);
    const parsed = parseCaption(GALLERY[k]!.caption);
    expect(parsed.objects).toEqual(
      scene.objects.map(({ colour, shape, size, position }) => {
        const o: Record<string, string> = { colour, shape, size };
        if (scene.objects.length === 1) o.position = position;
        return o;
      }),
    );
    if (scene.relation) expect(parsed.relation).toBe(scene.relation);
  });

  it('renders the same pixels every time, at the model resolution', () => {
    const a = renderGalleryItem(3, 48);
    const b = renderGalleryItem(3, 48);
    expect(a.image).toEqual(b.image);
    expect(a.image.length).toBe(48 * 48 * 3);
    expect(createHash('sha256').update(a.image).digest('hex')).toHaveLength(64);
  });

  it('marks held-out colour–shape pairs', () => {
    expect(renderGalleryItem(0, 16).heldOut).toBe(false); // red circle
    expect(renderGalleryItem(3, 16).heldOut).toBe(true); // yellow heart
  });

  it('refuses an index outside the gallery', () => {
    expect(() => galleryItem(GALLERY.length, 48)).toThrow(/no sample image/);
    expect(() => galleryItem(-1, 48)).toThrow(/no sample image/);
  });
});
