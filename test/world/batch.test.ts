// Batches: byte-for-byte determinism pinned by a golden hash, random access by index, labels, gallery.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { COLOURS, SHAPES } from '../../src/world/attributes';
import { gallery, makeBatch, makeItem, zeroShotLabels } from '../../src/world/batch';
import { parseCaption } from '../../src/world/parse';

function digest(batch: { images: Uint8Array[]; captions: string[] }): string {
  const hash = createHash('sha256');
  for (const image of batch.images) hash.update(image);
  hash.update(batch.captions.join('\n'));
  return hash.digest('hex');
}

describe('makeBatch', () => {
  it('is identical for the same seed and differs for another', () => {
    const a = makeBatch(42, 16);
    const b = makeBatch(42, 16);
    expect(a.captions).toEqual(b.captions);
    a.images.forEach((image, i) => expect(Buffer.compare(image, b.images[i]!)).toBe(0));
    const c = makeBatch(43, 16);
    expect(c.captions).not.toEqual(a.captions);
    a.images.forEach((image, i) => expect(Buffer.compare(image, c.images[i]!)).not.toBe(0));
  });

  it('matches the pinned golden hash (any drift across engines or edits shows here)', () => {
    expect(digest(makeBatch(2024, 32, { split: 'any' }))).toBe(
      'cebb78153f244d5f84cee9f6e6968530c4a16684087f105ad07b453031c9d1b2',
    );
    expect(digest(makeBatch(7, 8, { size: 96, objectCount: 2 }))).toBe(
      '7cc4f776e5137bfe0679cd7f6c95c258f75b84580d97428ddcbb0d976c737ca7',
    );
  });

  it('makes item i from (seed, i) alone', () => {
    const batch = makeBatch(9, 12);
    const item = makeItem(9, 7);
    expect(item.caption).toBe(batch.captions[7]);
    expect(Buffer.compare(item.image, batch.images[7]!)).toBe(0);
    expect(item.scene).toEqual(batch.scenes[7]);
  });

  it('passes the split, size and template options through', () => {
    const held = makeBatch(1, 40, { split: 'heldout', size: 32, template: 'photo' });
    held.images.forEach((image) => expect(image.length).toBe(32 * 32 * 3));
    held.captions.forEach((caption) => expect(caption).toMatch(/^a photo of an? \w+ \w+$/));
    expect(held.scenes.every((s) => s.objects.length === 1)).toBe(true);
  });
});

describe('zeroShotLabels', () => {
  it('lists every colour × shape once, colour-major, with its prompt and held-out flag', () => {
    const labels = zeroShotLabels();
    expect(labels).toHaveLength(COLOURS.length * SHAPES.length);
    expect(labels[0]).toEqual({
      colour: 'red',
      shape: 'circle',
      prompt: 'a photo of a red circle',
      heldOut: false,
    });
    expect(labels[SHAPES.length]!.colour).toBe('green');
    expect(new Set(labels.map((l) => l.prompt)).size).toBe(labels.length);
    expect(labels.filter((l) => l.heldOut).map((l) => `${l.colour} ${l.shape}`)).toContain('green circle');
    expect(labels.filter((l) => l.heldOut)).toHaveLength(8);
    for (const l of labels)
      expect(parseCaption(l.prompt).objects).toEqual([{ colour: l.colour, shape: l.shape }]);
  });
});

describe('gallery', () => {
  it('gives n captioned 64 px images that agree with their scenes, reproducibly', () => {
    const items = gallery(3, 10);
    expect(items).toHaveLength(10);
    for (const item of items) {
      expect(item.image.length).toBe(64 * 64 * 3);
      const parsed = parseCaption(item.caption);
      expect(parsed.objects.map((o) => o.colour)).toEqual(item.scene.objects.map((o) => o.colour));
    }
    expect(gallery(3, 10).map((i) => i.caption)).toEqual(items.map((i) => i.caption));
  });
});
