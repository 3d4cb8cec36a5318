// Training batches: deterministic, of the training split, and limited to a few colours when asked.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { trainingBatch } from '../../src/train/batches';
import { isHeldOut } from '../../src/world';

const digest = (images: Uint8Array[]) => {
  const h = createHash('sha256');
  for (const img of images) h.update(img);
  return h.digest('hex');
};

describe('trainingBatch', () => {
  it('gives the same batch for the same seed and step, another for another step', () => {
    const a = trainingBatch(3, 10, 16, { size: 32, coloursPerBatch: 2 });
    const b = trainingBatch(3, 10, 16, { size: 32, coloursPerBatch: 2 });
    const c = trainingBatch(3, 11, 16, { size: 32, coloursPerBatch: 2 });
    expect(digest(a.images)).toBe(digest(b.images));
    expect(a.captions).toEqual(b.captions);
    expect(digest(a.images)).not.toBe(digest(c.images));
  });

  it('uses at most the asked number of colours, and never a held-out pair', () => {
    for (let step = 0; step < 20; step++) {
      const batch = trainingBatch(1, step, 64, { size: 16, coloursPerBatch: 2 });
      expect(batch.images).toHaveLength(64);
      const colours = new Set(batch.scenes.flatMap((s) => s.objects.map((o) => o.colour)));
      expect(colours.size).toBeLessThanOrEqual(2);
      for (const s of batch.scenes) for (const o of s.objects) expect(isHeldOut(o.colour, o.shape)).toBe(false);
      expect(batch.images[0]).toHaveLength(16 * 16 * 3);
    }
  });

  it('uses every colour across batches when not limited', () => {
    const colours = new Set(trainingBatch(2, 0, 64, { size: 8 }).scenes.flatMap((s) => s.objects.map((o) => o.colour)));
    expect(colours.size).toBe(8);
  });
});
