// <VisionFilters />'s build time: the config shipped in the page and the first paint are the tiny model's
// own weights (read here straight from public/models/tiny), through the same math the page runs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSafetensors } from '../../src/clip/safetensors';
import { filterTiles, positionSimilarity } from '../../src/lab/vision-weights';
import { staticVision } from '../../site/components/figures/vision-static';

const tiny = readSafetensors(new Uint8Array(readFileSync('public/models/tiny/model.safetensors')));
const conv = tiny.tensors.get('visual.conv1.weight')!;
const pos = tiny.tensors.get('visual.positional_embedding')!;
const manifest = JSON.parse(readFileSync('public/models/tiny/manifest.json', 'utf8')) as {
  config: { vision_width: number; vision_patch_size: number; image_resolution: number };
};

describe('VisionFilters at build time', () => {
  it("ships conv1's tiles and ranges as the tiny checkpoint holds them", async () => {
    const { config, html } = await staticVision('filters', 'en');
    const cfg = manifest.config;
    expect(config.filters!.count).toBe(cfg.vision_width);
    expect(config.filters!.patch).toBe(cfg.vision_patch_size);
    const tiles = filterTiles(conv.data, conv.shape);
    expect(Buffer.from(config.filters!.rgb, 'base64')).toEqual(Buffer.from(tiles.rgb));
    // Filter 0's range, recomputed by hand from its 3·P·P weights.
    const size = 3 * cfg.vision_patch_size ** 2;
    const first = Array.from(conv.data.subarray(0, size));
    expect(config.filters!.min[0]).toBe(Math.fround(Math.min(...first)));
    expect(config.filters!.max[0]).toBe(Math.fround(Math.max(...first)));
    expect(config.positions).toBeUndefined();
    // The first paint: the first page of filters, one image, and the caption's numbers from the model.
    expect(html).toContain('viz-filters');
    expect(html.match(/<tr>/g)!.length).toBeGreaterThan(1);
  });

  it('ships the cosine grid of the tiny positional embedding, class token left out', async () => {
    const { config, note, html } = await staticVision('positions', 'es');
    const g = cfg().image_resolution / cfg().vision_patch_size;
    expect(config.positions!.grid).toBe(g);
    const sim = positionSimilarity(pos.data, pos.shape);
    expect(config.positions!.values).toHaveLength(g ** 4);
    config.positions!.values.forEach((v, i) => expect(v).toBeCloseTo(sim.values[i]!, 4));
    // Row p·g² + p is a patch with itself.
    expect(config.positions!.values[0]).toBeCloseTo(1, 4);
    // Cosine of patches 0 and 1, by hand from rows 1 and 2 (row 0 is the class token).
    const w = pos.shape[1]!;
    const a = pos.data.subarray(w, 2 * w);
    const b = pos.data.subarray(2 * w, 3 * w);
    const dot = a.reduce((s, v, i) => s + v * b[i]!, 0);
    const norm = (x: Float32Array): number => Math.hypot(...x);
    expect(config.positions!.values[1]).toBeCloseTo(dot / (norm(a) * norm(b)), 4);
    expect(config.selected).toBe(Math.floor(g / 2) * g + Math.floor(g / 2));
    expect(note).toContain(`${g * g} posiciones`);
    expect(html).toContain('viz-positions');
    expect(html).toContain('fig-part-position-map');
  });
});

function cfg(): { image_resolution: number; vision_patch_size: number } {
  return manifest.config;
}
