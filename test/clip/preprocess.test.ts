// Golden tests for CLIP image preprocessing against OpenAI's `_transform` outputs (Pillow 9.4) in
// ../shared/reference/preprocess and ../shared/reference/tiny-clip-a. Image file decoding:
// image-file.test.ts.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  centerCropOffsets,
  CLIP_MEAN,
  CLIP_STD,
  fromImageData,
  preprocess,
  resizeShortSide,
  roundHalfEven,
  toTensor,
  type DecodedImage,
} from '../../src/clip/preprocess';
import { premultiply, resizeBicubic, unpremultiply } from '../../src/clip/resample';
import { readImageFile } from '../../src/node/image-file';

const REF = path.resolve(process.cwd(), '../shared/reference');
const PRE = path.join(REF, 'preprocess');

function readF32(file: string, offset = 0, length?: number): Float32Array {
  const buf = readFileSync(file);
  const n = length ?? (buf.length - offset) / 4;
  return new Float32Array(buf.buffer.slice(buf.byteOffset + offset, buf.byteOffset + offset + n * 4));
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

interface IndexEntry {
  name: string;
  png: string;
  mode: string;
  size_wh: [number, number];
  resized_wh: [number, number];
  crop_top_left: [number, number];
  tensor: { file: string };
  rgb_u8: { file: string };
}
const index = JSON.parse(readFileSync(path.join(PRE, 'index.json'), 'utf8')) as { images: IndexEntry[] };

describe('preprocess matches OpenAI _transform(224) on the reference images', () => {
  it('lists the six reference images', () => {
    expect(index.images.map((e) => e.mode).sort()).toEqual(['L', 'P', 'RGB', 'RGB', 'RGB', 'RGBA']);
  });

  for (const entry of index.images) {
    describe(entry.name, () => {
      const img = readImageFile(path.join(PRE, entry.png));
      const out = preprocess(img, 224);

      it('decodes to the mode and size Pillow reports', () => {
        expect(img.mode).toBe(entry.mode);
        expect([img.width, img.height]).toEqual(entry.size_wh);
      });

      it('resizes the short side to 224 and crops at the reference offsets', () => {
        expect(out.resized).toEqual(entry.resized_wh);
        expect(out.crop).toEqual(entry.crop_top_left);
      });

      it('produces the uint8 crop bit for bit', () => {
        const expected = readFileSync(path.join(PRE, entry.rgb_u8.file));
        expect(out.rgb.length).toBe(224 * 224 * 3);
        expect(Buffer.from(out.rgb).equals(expected)).toBe(true);
      });

      it('produces the normalised float32 tensor within 1e-6', () => {
        const expected = readF32(path.join(PRE, entry.tensor.file));
        expect(out.pixels.length).toBe(3 * 224 * 224);
        expect(maxAbsDiff(out.pixels, expected)).toBeLessThanOrEqual(1e-6);
      });
    });
  }
});

describe('preprocess matches image.pixels of the tiny-clip-a fixtures (size 32)', () => {
  const fixtures = JSON.parse(readFileSync(path.join(REF, 'tiny-clip-a/fixtures.json'), 'utf8'));
  const spec = fixtures.tensors['image.pixels'] as { shape: number[]; offset: number; length: number };
  const all = readF32(path.join(REF, 'tiny-clip-a/fixtures.bin'), spec.offset, spec.length);
  const images = fixtures.inputs.images as {
    file: string;
    mode: string;
    resized_wh: [number, number];
    crop_top_left: [number, number];
  }[];

  it('has three images of [3, 32, 32]', () => {
    expect(spec.shape).toEqual([3, 3, 32, 32]);
    expect(images).toHaveLength(3);
  });

  images.forEach((im, k) => {
    it(`${im.file} (${im.mode})`, () => {
      const img = readImageFile(path.join(REF, im.file));
      expect(img.mode).toBe(im.mode);
      const out = preprocess(img, 32);
      expect(out.resized).toEqual(im.resized_wh);
      expect(out.crop).toEqual(im.crop_top_left);
      const expected = all.subarray(k * 3 * 32 * 32, (k + 1) * 3 * 32 * 32);
      expect(maxAbsDiff(out.pixels, expected)).toBeLessThanOrEqual(1e-6);
    });
  });
});

describe('preprocess geometry and Pillow rules', () => {
  it('rounds crop offsets half to even like Python', () => {
    expect([0.5, 1.5, 2.5, 36.5, 44.5, 37, 36.4, 36.6].map(roundHalfEven)).toEqual([
      0, 2, 2, 36, 44, 37, 36, 37,
    ]);
    expect(centerCropOffsets(297, 224, 224)).toEqual([0, 36]);
    expect(centerCropOffsets(224, 280, 224)).toEqual([28, 0]);
  });

  it('truncates the long side', () => {
    expect(resizeShortSide(2162, 762, 224)).toEqual([635, 224]);
    expect(resizeShortSide(762, 2162, 32)).toEqual([32, 90]);
    expect(resizeShortSide(7, 5, 224)).toEqual([313, 224]);
    expect(resizeShortSide(50, 50, 224)).toEqual([224, 224]);
  });

  it('resizes palette images with NEAREST and its accumulated source coordinate', () => {
    // Pillow 9.4: 2x2 P image resized to 7x7; output index 3 maps to source 0, not trunc(3.5 * 2/7) = 1.
    const img: DecodedImage = {
      width: 2,
      height: 2,
      mode: 'P',
      data: Uint8Array.from([0, 0, 0, 10, 10, 10, 20, 20, 20, 30, 30, 30]),
    };
    const out = preprocess(img, 7);
    const red = Array.from({ length: 7 }, (_, y) =>
      Array.from({ length: 7 }, (_, x) => out.rgb[(y * 7 + x) * 3]),
    );
    const row = (a: number, b: number) => [a, a, a, a, b, b, b];
    expect(red).toEqual([...Array(4).fill(row(0, 10)), ...Array(3).fill(row(20, 30))]);
  });

  it('resizes LA premultiplied and drops alpha after the crop (Pillow 9.4 values)', () => {
    const la = [200, 255, 17, 0, 90, 128, 255, 1, 3, 77, 140, 200];
    const out = preprocess({ width: 3, height: 2, mode: 'LA', data: Uint8Array.from(la) }, 4);
    expect(out.resized).toEqual([6, 4]);
    expect(out.crop).toEqual([0, 1]);
    const grey = Array.from({ length: 16 }, (_, i) => out.rgb[i * 3]);
    expect(grey).toEqual([201, 239, 0, 75, 199, 171, 41, 97, 158, 40, 57, 121, 0, 0, 58, 129]);
    for (let i = 0; i < 16; i++) expect([out.rgb[i * 3 + 1], out.rgb[i * 3 + 2]]).toEqual([grey[i], grey[i]]);
  });

  it('premultiplies with MULDIV255 rounding and un-premultiplies by truncating division', () => {
    const px = {
      width: 3,
      height: 1,
      channels: 4,
      data: Uint8Array.from([255, 128, 1, 128, 9, 9, 9, 0, 7, 7, 7, 255]),
    };
    const pm = premultiply(px);
    expect(Array.from(pm.data)).toEqual([128, 64, 1, 128, 0, 0, 0, 0, 7, 7, 7, 255]);
    const back = unpremultiply({ ...px, data: Uint8Array.from([100, 200, 3, 201, 5, 0, 0, 0]) });
    // 255*100/201 = 126.87 -> 126; 255*200/201 = 253.7 -> 253; alpha 0 keeps the stored colour
    expect(Array.from(back.data)).toEqual([126, 253, 3, 201, 5, 0, 0, 0]);
  });

  it('computes a crop window bit-identical to the full resize then crop', () => {
    const w = 37;
    const h = 23;
    const data = Uint8Array.from({ length: w * h * 3 }, (_, i) => (i * 97 + ((i * i) % 251)) & 255);
    const src = { width: w, height: h, channels: 3, data };
    for (const [ow, oh] of [
      [80, 50],
      [11, 7],
      [37, 60],
    ] as const) {
      const full = resizeBicubic(src, ow, oh);
      const win = { left: 3, top: 2, width: 5, height: 4 };
      const part = resizeBicubic(src, ow, oh, win);
      for (let y = 0; y < win.height; y++) {
        for (let x = 0; x < win.width * 3; x++) {
          expect(part.data[y * win.width * 3 + x]).toBe(full.data[((y + win.top) * ow + win.left) * 3 + x]);
        }
      }
    }
  });

  it('normalises in float32 with the CLIP constants', () => {
    const t = toTensor(Uint8Array.from([0, 128, 255]), 1, 1);
    expect(t[0]).toBe(Math.fround(Math.fround(0 - Math.fround(CLIP_MEAN[0])) / Math.fround(CLIP_STD[0])));
    expect(t[1]).toBeCloseTo((128 / 255 - CLIP_MEAN[1]) / CLIP_STD[1], 6);
    expect(t[2]).toBeCloseTo((1 - CLIP_MEAN[2]) / CLIP_STD[2], 6);
  });

  it('maps canvas ImageData to an RGBA image and rejects bad buffers', () => {
    const img = fromImageData({ width: 2, height: 1, data: new Uint8ClampedArray([1, 2, 3, 4, 5, 6, 7, 8]) });
    expect(img).toEqual({
      width: 2,
      height: 1,
      mode: 'RGBA',
      data: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]),
    });
    expect(() => fromImageData({ width: 2, height: 2, data: new Uint8ClampedArray(8) })).toThrow(/bytes/);
    expect(() => preprocess({ width: 2, height: 1, mode: 'RGB', data: new Uint8Array(5) }, 4)).toThrow(
      /bytes/,
    );
  });
});
