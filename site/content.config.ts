// The `lessons` content collection (docs/site-contract.md): lessons/en/<slug>.mdx and lessons/es/<slug>.mdx.
// An entry's id is its path without the extension, "en/tokenizer", so language and slug come from the id.
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

const lessons = defineCollection({
  loader: glob({
    pattern: '{en,es}/*.mdx',
    base: './lessons',
    generateId: ({ entry }) => entry.replace(/\.mdx$/, ''),
  }),
  schema: z.object({
    title: z.string().min(1),
    order: z.number().int().min(1).max(20),
    part: z.enum(['text', 'vision', 'shared', 'labs', 'notebook']),
    summary: z.string().min(1),
  }),
});

export const collections = { lessons };
