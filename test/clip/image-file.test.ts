// Image files as the command line reads them (src/node/image-file.ts): PNG and JPEG decoded to RGBA, and
// every file that is not one (missing, text, truncated, ...) refused with an ImageFileError naming it.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encode as encodePng } from 'fast-png';
import { afterAll, describe, expect, it } from 'vitest';
import { ImageFileError, readImageFile } from '../../src/node/image-file';

const REF = path.resolve(process.cwd(), '../shared/reference');
const PRE = path.join(REF, 'preprocess');

const GREY_JPEG_8X8 =
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAIBAQEBAQIBAQECAgICAgQDAgICAgUEBAMEBgUGBgYFBgYGBwkIBgcJBwYGCAsICQoKCgoKBggLDAsKDAkKCgr/wAALCAAIAAgBAREA/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/9oACAEBAAA/AP0gr//Z';

describe('readImageFile', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'clip-preprocess-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, bytes: Uint8Array | string) => {
    const file = path.join(dir, name);
    writeFileSync(file, bytes);
    return file;
  };

  it('reports a missing file', () => {
    const file = path.join(dir, 'nope.png');
    expect(() => readImageFile(file)).toThrow(ImageFileError);
    expect(() => readImageFile(file)).toThrow(`${file}: file not found`);
  });

  it('reports a text file as not an image', () => {
    const file = write('notes.txt', 'a photo of a cat\n');
    expect(() => readImageFile(file)).toThrow(
      `${file}: not a PNG or JPEG image (unrecognised file signature)`,
    );
  });

  it('reports a truncated PNG', () => {
    const png = readFileSync(path.join(PRE, 'tiny_rgb_7x5.png'));
    const file = write('cut.png', png.subarray(0, Math.floor(png.length / 2)));
    expect(() => readImageFile(file)).toThrow(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: truncated or corrupt PNG data`),
    );
  });

  it('reports a truncated JPEG', () => {
    const jpg = readFileSync(path.join(REF, 'data/images/skimage/rocket.jpg'));
    const file = write('cut.jpg', jpg.subarray(0, 5000));
    expect(() => readImageFile(file)).toThrow(/cut\.jpg: truncated or corrupt JPEG data/);
  });

  it('gives one-line messages', () => {
    const file = write('empty.png', new Uint8Array(0));
    try {
      readImageFile(file);
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).toBe(`${file}: empty file, not an image`);
      expect((err as Error).message).not.toContain('\n');
    }
  });

  it('decodes a palette PNG with transparency as mode P with RGBA entries', () => {
    const palette = [
      [255, 0, 0, 0],
      [0, 255, 0, 128],
      [0, 0, 255, 255],
    ];
    const file = write(
      'pal.png',
      encodePng({ width: 3, height: 1, depth: 8, channels: 1, palette, data: Uint8Array.from([2, 0, 1]) }),
    );
    const img = readImageFile(file);
    expect(img.mode).toBe('P');
    expect(Array.from(img.data)).toEqual([0, 0, 255, 255, 255, 0, 0, 0, 0, 255, 0, 128]);
  });

  it('keeps the high byte of 16-bit samples and reads grey+alpha as LA', () => {
    const rgb16 = write(
      'rgb16.png',
      encodePng({
        width: 1,
        height: 1,
        depth: 16,
        channels: 3,
        data: Uint16Array.from([0x1234, 0xff00, 0x00ff]),
      }),
    );
    expect(readImageFile(rgb16)).toEqual({
      width: 1,
      height: 1,
      mode: 'RGB',
      data: Uint8Array.from([0x12, 0xff, 0x00]),
    });
    const la = write(
      'la.png',
      encodePng({ width: 2, height: 1, depth: 8, channels: 2, data: Uint8Array.from([9, 8, 7, 6]) }),
    );
    expect(readImageFile(la)).toMatchObject({ mode: 'LA', data: Uint8Array.from([9, 8, 7, 6]) });
  });

  it('reads a greyscale JPEG as L and a colour JPEG as RGB', () => {
    // 8x8 flat grey (200) JPEG written by Pillow 9.4 (one component).
    const grey = write('grey.jpg', Buffer.from(GREY_JPEG_8X8, 'base64'));
    expect(readImageFile(grey)).toEqual({
      width: 8,
      height: 8,
      mode: 'L',
      data: new Uint8Array(64).fill(200),
    });
    expect(readImageFile(path.join(REF, 'data/images/skimage/rocket.jpg'))).toMatchObject({
      mode: 'RGB',
      width: 640,
      height: 427,
    });
    const white = readImageFile(path.join(REF, 'data/clipcpp-golden/white.jpg'));
    expect(white.mode).toBe('RGB');
    expect(white.data.length).toBe(white.width * white.height * 3);
  });
});
