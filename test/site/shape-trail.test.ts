// The running example's shape table: every row names a stage the model records, its symbols have as many
// dimensions as the tiny model's shape, and every lesson it points at exists in both languages.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { trailEntries } from '../../site/lib/shape-trail';
import { tinyConfig } from '../../site/lib/model';

const root = path.resolve(import.meta.dirname, '../..');

describe('the shape trail', () => {
  it('lists recorded stages whose symbols match the tiny model shapes, dimension by dimension', async () => {
    const cfg = tinyConfig();
    const entries = await trailEntries();
    expect(entries.length).toBeGreaterThan(10);
    for (const e of entries) expect(e.symbols).toHaveLength(e.shape.length);
    const byStage = Object.fromEntries(entries.map((e) => [e.stage, e.shape]));
    expect(byStage['text.tokens']).toEqual([1, cfg.context_length]);
    expect(byStage['token_embedding.out']).toEqual([1, cfg.context_length, cfg.transformer_width]);
    expect(byStage['visual.embeddings']).toEqual([
      1,
      (cfg.image_resolution / cfg.vision_patch_size) ** 2 + 1,
      cfg.vision_width,
    ]);
    expect(byStage['text.features']).toEqual([1, cfg.embed_dim]);
    expect(byStage['image.features']).toEqual([1, cfg.embed_dim]);
  });

  it('points only at lessons that exist in English and Spanish', async () => {
    const slugs = new Set((await trailEntries()).flatMap((e) => e.lessons));
    for (const slug of slugs) {
      for (const lang of ['en', 'es'])
        expect(existsSync(path.join(root, 'lessons', lang, `${slug}.mdx`))).toBe(true);
    }
  });
});
