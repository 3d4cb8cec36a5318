// Scene sampling: the held-out split contract, attribute coverage, and two-object layouts.
import { describe, expect, it } from 'vitest';
import { COLOURS, HELD_OUT_PAIRS, SHAPES, TRAIN_PAIRS, isHeldOut } from '../../src/world/attributes';
import { createRng } from '../../src/world/random';
import { sampleScene, type Scene, type Split } from '../../src/world/scene';

const scenes = (split: Split, n: number, seed = 1): Scene[] => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => sampleScene(rng, { split }));
};
const key = (o: { colour: string; shape: string }) => `${o.colour} ${o.shape}`;

describe('held-out pairs', () => {
  it('hold out one colour per shape and each colour once', () => {
    expect(HELD_OUT_PAIRS.map((p) => p.shape).sort()).toEqual([...SHAPES].sort());
    expect(HELD_OUT_PAIRS.map((p) => p.colour).sort()).toEqual([...COLOURS].sort());
    expect(TRAIN_PAIRS).toHaveLength(COLOURS.length * SHAPES.length - HELD_OUT_PAIRS.length);
  });

  it("never appear in any object of a 'train' scene, while every training pair does", () => {
    const seen = new Set<string>();
    for (const scene of scenes('train', 6000)) {
      for (const o of scene.objects) {
        expect(isHeldOut(o.colour, o.shape), key(o)).toBe(false);
        seen.add(key(o));
      }
    }
    expect(seen).toEqual(new Set(TRAIN_PAIRS.map(key)));
  });

  it("are the only objects of the 'heldout' split, one per scene", () => {
    const seen = new Set<string>();
    for (const scene of scenes('heldout', 2000)) {
      expect(scene.objects).toHaveLength(1);
      expect(scene.relation).toBeUndefined();
      expect(isHeldOut(scene.objects[0]!.colour, scene.objects[0]!.shape)).toBe(true);
      seen.add(key(scene.objects[0]!));
    }
    expect(seen).toEqual(new Set(HELD_OUT_PAIRS.map(key)));
    expect(() => sampleScene(createRng(1), { split: 'heldout', objectCount: 2 })).toThrow();
  });

  it("all mix in the 'any' split", () => {
    const seen = new Set(scenes('any', 6000).flatMap((s) => s.objects.map(key)));
    expect(seen.size).toBe(COLOURS.length * SHAPES.length);
  });
});

describe('sampleScene', () => {
  const all = scenes('any', 4000, 2);

  it('uses every size and position, and one or two objects', () => {
    const objects = all.flatMap((s) => s.objects);
    expect(new Set(objects.map((o) => o.size)).size).toBe(2);
    expect(new Set(objects.map((o) => o.position)).size).toBe(5);
    const pairs = all.filter((s) => s.objects.length === 2).length;
    expect(pairs).toBeGreaterThan(1700);
    expect(pairs).toBeLessThan(2300);
  });

  it('keeps objects inside the image, and corner objects inside their quadrant', () => {
    for (const o of all.flatMap((s) => s.objects)) {
      expect(o.x - o.radius).toBeGreaterThan(0);
      expect(o.y + o.radius).toBeLessThan(1);
      if (o.position === 'center') continue;
      const [row, column] = o.position.split(' ');
      const [xlo, ylo] = [column === 'left' ? 0 : 0.5, row === 'top' ? 0 : 0.5];
      expect(o.x - o.radius >= xlo && o.x + o.radius <= xlo + 0.5).toBe(true);
      expect(o.y - o.radius >= ylo && o.y + o.radius <= ylo + 0.5).toBe(true);
    }
  });

  it('places two distinct objects as their relation says', () => {
    for (const scene of all.filter((s) => s.objects.length === 2)) {
      const [a, b] = scene.objects as [Scene['objects'][0], Scene['objects'][0]];
      expect(key(a)).not.toBe(key(b));
      const [rowA, colA] = a.position.split(' ');
      const [rowB, colB] = b.position.split(' ');
      const expected = {
        'left of': rowA === rowB && colA === 'left' && colB === 'right',
        'right of': rowA === rowB && colA === 'right' && colB === 'left',
        above: colA === colB && rowA === 'top' && rowB === 'bottom',
        below: colA === colB && rowA === 'bottom' && rowB === 'top',
      };
      expect(expected[scene.relation!], JSON.stringify(scene)).toBe(true);
    }
  });

  it('honours a fixed object count', () => {
    const rng = createRng(4);
    for (let i = 0; i < 50; i++) {
      expect(sampleScene(rng, { objectCount: 1 }).objects).toHaveLength(1);
      expect(sampleScene(rng, { objectCount: 2 }).objects).toHaveLength(2);
    }
  });

  it('draws a grey background that no object colour resembles', () => {
    for (const { background } of all) {
      const [r, g, b] = background.rgb;
      expect(Math.max(r, g, b) - Math.min(r, g, b)).toBeLessThanOrEqual(12);
      expect(Math.min(r, g, b)).toBeGreaterThanOrEqual(90);
      expect(Math.max(r, g, b)).toBeLessThanOrEqual(166);
      expect(background.noise).toBeLessThanOrEqual(8);
    }
  });
});
