// CLIP image preprocessing, bit-exact to OpenAI's `_transform(n_px)` on Pillow 9.4 / torchvision 0.14
// (seed section: patches and class embedding, the image that goes into the vision tower):
//   Resize(n_px, BICUBIC) -> CenterCrop(n_px) -> convert("RGB") -> ToTensor() -> Normalize(mean, std)
// Pure TypeScript: no DOM, no fs, no TF.js, so it runs the same in the browser and in Node.

import {
  premultiply,
  resizeBicubic,
  resizeNearest,
  unpremultiply,
  type Raster,
  type Window,
} from './resample';

/** Pillow's image modes that matter here. 'P' is a palette image whose data is already expanded. */
export type ImageMode = 'RGB' | 'RGBA' | 'L' | 'LA' | 'P';

/**
 * A decoded image, interleaved uint8, row-major. Channels: RGB 3, RGBA 4, L 1, LA 2, and for 'P'
 * the palette colours already expanded to RGB (3) or RGBA (4, palette with transparency). 'P' is
 * kept as a mode of its own because Pillow resizes palette images with NEAREST whatever is asked.
 */
export interface DecodedImage {
  width: number;
  height: number;
  mode: ImageMode;
  data: Uint8Array;
}

export interface Preprocessed {
  /** The `size x size` image after Resize + CenterCrop + convert('RGB'): uint8 HWC. */
  rgb: Uint8Array;
  /** ToTensor + Normalize: float32 CHW `[3, size, size]`. */
  pixels: Float32Array;
  /** Size after Resize, `[width, height]`. */
  resized: [number, number];
  /** CenterCrop offsets in the resized image, `[top, left]`. */
  crop: [number, number];
}

/** OpenAI CLIP's Normalize constants (per RGB channel). */
export const CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073] as const;
export const CLIP_STD = [0.26862954, 0.26130258, 0.27577711] as const;

const FIXED_CHANNELS = { RGB: 3, RGBA: 4, L: 1, LA: 2 } as const;

/** Channels per pixel of `img.data`, checking that the buffer has the right length. */
export function channelsOf(img: DecodedImage): number {
  const { width, height, mode, data } = img;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`invalid image size ${width}x${height}`);
  }
  const pixels = width * height;
  const channels = mode === 'P' ? data.length / pixels : FIXED_CHANNELS[mode];
  const ok = mode === 'P' ? channels === 3 || channels === 4 : data.length === pixels * channels;
  if (!ok) {
    throw new Error(`image data has ${data.length} bytes, not what a ${width}x${height} ${mode} image needs`);
  }
  return channels;
}

/** torchvision Resize(int): the short side becomes `size`, the long side `int(size * long / short)`. */
export function resizeShortSide(width: number, height: number, size: number): [number, number] {
  if (width <= height) return [size, Math.trunc((size * height) / width)];
  return [Math.trunc((size * width) / height), size];
}

/** Python's round(): half to even. */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d !== 0.5) return d < 0.5 ? f : f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/** torchvision CenterCrop offsets `[top, left]`: `int(round((dim - size) / 2))`. */
export function centerCropOffsets(width: number, height: number, size: number): [number, number] {
  return [roundHalfEven((height - size) / 2), roundHalfEven((width - size) / 2)];
}

/**
 * Resize (short side to `size`) then CenterCrop, in the image's own mode, as Pillow does: BICUBIC on
 * 8-bit channels, premultiplied for RGBA / LA, NEAREST for palette images. Only the crop window of the
 * resized grid is computed; that is bit-identical to resizing everything and cropping afterwards.
 */
export function resizeAndCrop(
  img: DecodedImage,
  size: number,
): { raster: Raster; resized: [number, number]; crop: [number, number] } {
  if (!Number.isInteger(size) || size < 1) throw new Error(`invalid target size ${size}`);
  const src: Raster = { width: img.width, height: img.height, channels: channelsOf(img), data: img.data };
  const resized = resizeShortSide(img.width, img.height, size);
  const [outW, outH] = resized;
  const crop = centerCropOffsets(outW, outH, size);
  const win: Window = { top: crop[0], left: crop[1], width: size, height: size };
  const sameSize = outW === img.width && outH === img.height; // torchvision returns the image untouched
  let raster: Raster;
  if (img.mode === 'P') {
    raster = resizeNearest(src, outW, outH, win);
  } else if ((img.mode === 'RGBA' || img.mode === 'LA') && !sameSize) {
    raster = unpremultiply(resizeBicubic(premultiply(src), outW, outH, win));
  } else {
    raster = resizeBicubic(src, outW, outH, win);
  }
  return { raster, resized, crop };
}

/** Pillow convert('RGB'): grey is replicated, alpha is dropped (not composited). */
export function toRgb(raster: Raster): Uint8Array {
  const { channels: c, data } = raster;
  const n = raster.width * raster.height;
  if (c === 3) return data.slice();
  const out = new Uint8Array(n * 3);
  for (let i = 0, p = 0, o = 0; i < n; i++, p += c) {
    if (c <= 2) {
      out[o++] = data[p]!;
      out[o++] = data[p]!;
      out[o++] = data[p]!;
    } else {
      out[o++] = data[p]!;
      out[o++] = data[p + 1]!;
      out[o++] = data[p + 2]!;
    }
  }
  return out;
}

/**
 * ToTensor + Normalize in float32, as torch does: `x = f32(u8 / 255)`, then `f32(f32(x - mean) / std)`
 * with mean and std as float32. HWC uint8 in, CHW float32 out.
 */
export function toTensor(rgb: Uint8Array, width: number, height: number): Float32Array {
  const plane = width * height;
  if (rgb.length !== plane * 3) throw new Error(`expected ${plane * 3} RGB bytes, got ${rgb.length}`);
  const lut = new Float32Array(3 * 256);
  for (let c = 0; c < 3; c++) {
    const mean = Math.fround(CLIP_MEAN[c]!);
    const std = Math.fround(CLIP_STD[c]!);
    for (let v = 0; v < 256; v++)
      lut[c * 256 + v] = Math.fround(Math.fround(Math.fround(v / 255) - mean) / std);
  }
  const out = new Float32Array(plane * 3);
  for (let i = 0; i < plane; i++) {
    out[i] = lut[rgb[i * 3]!]!;
    out[plane + i] = lut[256 + rgb[i * 3 + 1]!]!;
    out[2 * plane + i] = lut[512 + rgb[i * 3 + 2]!]!;
  }
  return out;
}

/** The whole `_transform(size)`: the cropped RGB bytes, the normalised tensor, and the geometry. */
export function preprocess(img: DecodedImage, size: number): Preprocessed {
  const { raster, resized, crop } = resizeAndCrop(img, size);
  const rgb = toRgb(raster);
  return { rgb, pixels: toTensor(rgb, size, size), resized, crop };
}

/**
 * Browser input: canvas `ImageData` (RGBA, not premultiplied) as an 'RGBA' image. A canvas has already
 * decoded, colour-managed and (internally premultiplied, then un-premultiplied) the pixels, so its values
 * can differ by rounding from Pillow's decode of the same file, above all where alpha is below 255.
 */
export function fromImageData(imageData: {
  width: number;
  height: number;
  data: Uint8ClampedArray | Uint8Array;
}): DecodedImage {
  const { width, height, data } = imageData;
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  const img: DecodedImage = { width, height, mode: 'RGBA', data: bytes };
  channelsOf(img);
  return img;
}
