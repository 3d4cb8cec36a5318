// The sample-image gallery: each caption reads back (parseCaption) to exactly its scene, each image draws its
// objects in their exact colours at the positions and sizes the caption says (and touches nothing else), the
// pixels are deterministic, and the held-out marks agree with the world's split.
import { describe, expect, it } from 'vitest';
import { GALLERY, galleryScene, renderGalleryItem } from '../../src/runtime/gallery';
import { galleryItem } from '../../src/runtime/inputs';
import { parseCaption } from '../../src/world';
import { COLOUR_RGB } from '../../src/world/attributes';

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

  // Background pixels are a neutral grey (red = green, blue = red + 4, src/runtime/gallery.ts) plus noise shared
  // by the three channels, so a pixel an object touched is one that breaks that rule.
  const touched = (img: Uint8Array, p: number) =>
    !(img[3 * p] === img[3 * p + 1] && img[3 * p + 2] === img[3 * p]! + 4);

  it.each(GALLERY.map((g, k) => [k, g.caption] as const))(
    'image %i ("%s") draws each object in its colour, at its position, nowhere else',
    (k) => {
      const size = 48;
      const { image, scene } = renderGalleryItem(k, size);
      expect(image).toHaveLength(size * size * 3);
      expect(touched(image, 0)).toBe(false); // the top-left corner is background
      const centres: Record<string, [number, number]> = {
        'top left': [0.25, 0.25],
        'top right': [0.75, 0.25],
        'bottom left': [0.25, 0.75],
        'bottom right': [0.75, 0.75],
        center: [0.5, 0.5],
      };
      const radius = { small: 12 / 128, big: 23 / 128 }; // the radii the gallery promises
      let claimed = 0;
      for (const o of scene.objects) {
        const [cx, cy] = centres[o.position]!.map((v) => v * size) as [number, number];
        const r = radius[o.size] * size;
        const rgb = Array.from(COLOUR_RGB[o.colour]);
        const centre = (Math.floor(cy) * size + Math.floor(cx)) * 3;
        expect(Array.from(image.subarray(centre, centre + 3)), `${o.colour} ${o.shape} centre`).toEqual(rgb);
        let exact = 0;
        for (let y = 0; y < size; y++) {
          for (let x = 0; x < size; x++) {
            const p = y * size + x;
            if (image[3 * p] !== rgb[0] || image[3 * p + 1] !== rgb[1] || image[3 * p + 2] !== rgb[2])
              continue;
            exact++;
            // Fully covered pixels lie inside the object's box (centre ± radius, one pixel of slack).
            expect(Math.abs(x + 0.5 - cx), `${o.colour} at x ${x}`).toBeLessThanOrEqual(r + 1);
            expect(Math.abs(y + 0.5 - cy), `${o.colour} at y ${y}`).toBeLessThanOrEqual(r + 1);
          }
        }
        // At least a tenth of the circle of that radius, at most the whole box.
        expect(exact).toBeGreaterThan(0.1 * Math.PI * r * r);
        expect(exact).toBeLessThanOrEqual(4 * r * r);
        claimed += (2 * r + 2) ** 2;
      }
      // Only the objects change pixels: what is touched fits in their boxes.
      let changed = 0;
      for (let p = 0; p < size * size; p++) if (touched(image, p)) changed++;
      expect(changed).toBeGreaterThan(0);
      expect(changed).toBeLessThanOrEqual(claimed);
    },
  );

  it('renders the same pixels every time, and a big circle of the area of its radius', () => {
    const a = renderGalleryItem(3, 48);
    renderGalleryItem(5, 48); // nothing carries over from another image
    const b = renderGalleryItem(3, 48);
    expect(b.image).toEqual(a.image);
    expect(renderGalleryItem(3, 64).image).toHaveLength(64 * 64 * 3);
    // Image 0 is a lone big red circle: radius 23/128 of the side, so about pi r^2 pixels touched (within
    // its perimeter, where coverage is partial).
    const size = 96;
    const { image } = renderGalleryItem(0, size);
    const r = (23 / 128) * size;
    let changed = 0;
    for (let p = 0; p < size * size; p++) if (touched(image, p)) changed++;
    expect(Math.abs(changed - Math.PI * r * r)).toBeLessThan(2 * Math.PI * r);
    // Two images differ (their backgrounds have their own seeds even where nothing is drawn).
    expect(renderGalleryItem(1, 48).image.subarray(0, 48 * 3)).not.toEqual(
      renderGalleryItem(2, 48).image.subarray(0, 48 * 3),
    );
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
