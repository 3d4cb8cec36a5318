// The reader-image helpers that need no decoder: the SVG raster size (capped, or a default when the SVG has
// no size of its own) and the transparency check behind the figures' note.
import { describe, expect, it } from 'vitest';
import { MAX_IMAGE_SIDE } from '../../src/runtime/inputs';
import { SVG_DEFAULT_SIDE, hasTransparency, looksLikeImage, svgSize } from '../../src/runtime/image-file';

describe('svgSize', () => {
  it('keeps an SVG’s own size when it fits', () => expect(svgSize(300, 150)).toEqual([300, 150]));
  it('caps the long side of a huge SVG', () =>
    expect(svgSize(100_000, 50_000)).toEqual([MAX_IMAGE_SIDE, MAX_IMAGE_SIDE / 2]));
  it('draws an SVG without a size at the default side', () =>
    expect(svgSize(0, 0)).toEqual([SVG_DEFAULT_SIDE, SVG_DEFAULT_SIDE]));
});

describe('hasTransparency', () => {
  it('is false when every alpha is 255', () =>
    expect(hasTransparency(new Uint8ClampedArray([9, 9, 9, 255, 0, 0, 0, 255]))).toBe(false));
  it('is true when one alpha is below 255', () =>
    expect(hasTransparency(new Uint8ClampedArray([9, 9, 9, 255, 0, 0, 0, 254]))).toBe(true));
});

describe('looksLikeImage', () => {
  it('takes an SVG by its type or its name', () => {
    expect(looksLikeImage({ type: 'image/svg+xml' })).toBe(true);
    expect(looksLikeImage({ type: '', name: 'logo.SVG' })).toBe(true);
  });
});
