// Node-only image file reading for the CLI and tests: PNG (fast-png) and JPEG (jpeg-js) decoded to a
// DecodedImage in the mode Pillow 9.4 would report, so that `preprocess` matches OpenAI's pipeline.
//
// PNG modes, as Pillow's PngImagePlugin assigns them:
//   grey 2/4/8-bit -> 'L' (2/4-bit scaled to 0..255), grey 1-bit -> Pillow '1', given here as 'P' with
//   black/white expanded (both are resized with NEAREST and convert to the same RGB), grey 16-bit -> 'L'
//   from the high byte (Pillow opens it as 32-bit 'I' and its convert('RGB') clips at 255: not copied),
//   RGB 8/16 -> 'RGB', palette -> 'P' (with or without tRNS), grey+alpha 8 -> 'LA',
//   grey+alpha 16 -> 'RGBA', RGBA 8/16 -> 'RGBA'. 16-bit samples keep their high byte, as Pillow does.
//   A single transparent colour (tRNS on grey or RGB) does not change the mode, as in Pillow.
// JPEG: 'L' for one component, else 'RGB'. jpeg-js upsamples chroma and runs its IDCT differently from
// libjpeg-turbo, so JPEG pixels (and everything after) can differ from Pillow's by a few levels.

import { readFileSync } from 'node:fs';
import { decode as decodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import type { DecodedImage } from '../clip/preprocess';

/** A file that cannot be read as an image; `message` is one line naming the file and the problem. */
export class ImageFileError extends Error {
  override name = 'ImageFileError';
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const startsWith = (bytes: Uint8Array, sig: number[]): boolean =>
  bytes.length >= sig.length && sig.every((b, i) => bytes[i] === b);

const oneLine = (err: unknown): string => (err instanceof Error ? err.message : String(err)).split('\n')[0]!;

/** Reads and decodes a PNG or JPEG file. Throws ImageFileError with a one-line message. */
export function readImageFile(path: string): DecodedImage {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ImageFileError(`${path}: file not found`);
    if (code === 'EISDIR') throw new ImageFileError(`${path}: is a directory, not an image file`);
    throw new ImageFileError(`${path}: cannot read file (${oneLine(err)})`);
  }
  return decodeImage(bytes, path);
}

/** Decodes PNG or JPEG bytes; `name` labels error messages. */
export function decodeImage(bytes: Uint8Array, name: string): DecodedImage {
  if (bytes.length === 0) throw new ImageFileError(`${name}: empty file, not an image`);
  if (startsWith(bytes, PNG_SIGNATURE)) return decodePngBytes(bytes, name);
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return decodeJpegBytes(bytes, name);
  throw new ImageFileError(`${name}: not a PNG or JPEG image (unrecognised file signature)`);
}

/** Unpacks 1/2/4/8-bit samples (rows padded to whole bytes) to one byte per sample. */
function unpackSamples(data: Uint8Array, width: number, height: number, depth: number): Uint8Array {
  if (depth === 8) return data;
  const out = new Uint8Array(width * height);
  const rowBytes = Math.ceil((width * depth) / 8);
  const mask = (1 << depth) - 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bit = x * depth;
      const byte = data[y * rowBytes + (bit >> 3)]!;
      out[y * width + x] = (byte >> (8 - depth - (bit & 7))) & mask;
    }
  }
  return out;
}

function decodePngBytes(bytes: Uint8Array, name: string): DecodedImage {
  // IHDR is the first chunk: bit depth at byte 24, interlace method at byte 28.
  if (bytes.length > 28 && bytes[28] === 1 && bytes[24]! < 8) {
    // fast-png 8 de-interlaces Adam7 with whole bytes per pixel only.
    throw new ImageFileError(`${name}: interlaced PNG with ${bytes[24]}-bit samples is not supported`);
  }
  let png: ReturnType<typeof decodePng>;
  try {
    png = decodePng(bytes, { checkCrc: true });
  } catch (err) {
    throw new ImageFileError(`${name}: truncated or corrupt PNG data (${oneLine(err)})`);
  }
  const { width, height, depth, channels, palette } = png;
  const pixels = width * height;
  const expected = depth < 8 ? Math.ceil((width * depth) / 8) * height : pixels * channels;
  if (width < 1 || height < 1 || png.data.length !== expected) {
    throw new ImageFileError(
      `${name}: truncated or corrupt PNG data (image data does not fill ${width}x${height})`,
    );
  }
  // 8-bit view: 16-bit samples keep their high byte.
  const data8 =
    depth === 16 ? Uint8Array.from(png.data as Uint16Array, (v) => v >> 8) : (png.data as Uint8Array);

  if (palette) {
    const index = unpackSamples(data8, width, height, depth);
    const c = palette.some((entry) => entry.length === 4) ? 4 : 3;
    const out = new Uint8Array(pixels * c);
    for (let i = 0; i < pixels; i++) {
      const k = index[i]!;
      const entry = palette[k] ?? [k, k, k, 255]; // past the palette: Pillow's default entry, grey k
      for (let ch = 0; ch < c; ch++) out[i * c + ch] = entry[ch] ?? 255;
    }
    return { width, height, mode: 'P', data: out };
  }
  if (channels === 1) {
    const grey = unpackSamples(data8, width, height, depth);
    if (depth === 1) {
      // Pillow mode '1': NEAREST resize and 0/255 grey, i.e. exactly a black/white palette image.
      const out = new Uint8Array(pixels * 3);
      for (let i = 0; i < pixels; i++) out.fill(grey[i]! ? 255 : 0, i * 3, i * 3 + 3);
      return { width, height, mode: 'P', data: out };
    }
    const scale = depth === 2 ? 85 : depth === 4 ? 17 : 1;
    return { width, height, mode: 'L', data: scale === 1 ? grey : grey.map((v) => v * scale) };
  }
  if (channels === 2 && depth === 16) {
    const out = new Uint8Array(pixels * 4); // Pillow opens 16-bit grey+alpha as RGBA
    for (let i = 0; i < pixels; i++) {
      out.fill(data8[i * 2]!, i * 4, i * 4 + 3);
      out[i * 4 + 3] = data8[i * 2 + 1]!;
    }
    return { width, height, mode: 'RGBA', data: out };
  }
  const mode = channels === 2 ? 'LA' : channels === 3 ? 'RGB' : 'RGBA';
  return { width, height, mode, data: data8 };
}

/** Number of components in the JPEG frame header (SOFn), or 0 if none is found. */
function jpegComponents(bytes: Uint8Array): number {
  let p = 2;
  while (p + 9 < bytes.length) {
    if (bytes[p] !== 0xff) return 0;
    const marker = bytes[p + 1]!;
    if (marker === 0xff) {
      p++;
      continue;
    }
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) return bytes[p + 9]!;
    p += 2 + ((bytes[p + 2]! << 8) | bytes[p + 3]!);
  }
  return 0;
}

function decodeJpegBytes(bytes: Uint8Array, name: string): DecodedImage {
  let img: { width: number; height: number; data: Uint8Array };
  try {
    img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false });
  } catch (err) {
    throw new ImageFileError(`${name}: truncated or corrupt JPEG data (${oneLine(err)})`);
  }
  const { width, height, data } = img;
  if (width < 1 || height < 1 || data.length !== width * height * 3) {
    throw new ImageFileError(`${name}: truncated or corrupt JPEG data (no image of ${width}x${height})`);
  }
  if (jpegComponents(bytes) === 1) {
    const grey = new Uint8Array(width * height);
    for (let i = 0; i < grey.length; i++) grey[i] = data[i * 3]!;
    return { width, height, mode: 'L', data: grey };
  }
  return { width, height, mode: 'RGB', data };
}
