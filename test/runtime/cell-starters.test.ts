// Every starter program of the code cells (lessons/cells/<lang>/<name>.js) runs in Node on the cpu backend
// with the tiny model, as the cell worker runs it: it ends without an error and shows something. Every
// <CodeCell name> of a lesson has its program in both languages and every program is placed in a lesson; the
// loss lesson's cell computes, by hand, the loss of its page's <LossFigure> pairs.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { contrastiveLoss } from '../../src/clip/loss';
import { useBackend } from '../../src/node/backend';
import { loadNamedModel } from '../../src/node/models';
import { loadTokenizer } from '../../src/node/vocab';
import { cellApi, type ForwardInput } from '../../src/runtime/cell-api';
import { runCell } from '../../src/runtime/cell-exec';
import type { CellItem } from '../../src/runtime/cell-protocol';
import { Engine } from '../../src/runtime/engine';
import { lossParts } from '../../site/components/figures/views';

const root = path.resolve(import.meta.dirname, '../..');
const LANGS = ['en', 'es'] as const;
type Lang = (typeof LANGS)[number];

const starterNames = (lang: Lang): string[] =>
  readdirSync(path.join(root, 'lessons/cells', lang))
    .filter((f) => f.endsWith('.js'))
    .map((f) => f.slice(0, -'.js'.length))
    .sort();

const starterCode = (lang: Lang, name: string): string =>
  readFileSync(path.join(root, 'lessons/cells', lang, `${name}.js`), 'utf8');

/** The lessons of one language: slug → MDX source. */
function lessons(lang: Lang): Map<string, string> {
  const dir = path.join(root, 'lessons', lang);
  return new Map(
    readdirSync(dir)
      .filter((f) => f.endsWith('.mdx'))
      .map((f) => [f.slice(0, -'.mdx'.length), readFileSync(path.join(dir, f), 'utf8')]),
  );
}

const cellNames = (mdx: string): string[] =>
  [...mdx.matchAll(/<CodeCell\b[^>]*\bname="([^"]+)"/g)].map((m) => m[1]!);

/** The texts and images of a lesson's <LossFigure texts={[...]} images={[...]} />. */
function lossFigure(mdx: string): { texts: string[]; images: number[] } {
  const m = /<LossFigure\s+texts=\{(\[[\s\S]*?\])\}\s+images=\{(\[[\s\S]*?\])\}\s*\/>/.exec(mdx);
  if (!m) throw new Error('no <LossFigure texts={...} images={...} /> in the loss lesson');
  const json = (literal: string): unknown => JSON.parse(literal.replace(/'/g, '"').replace(/,\s*\]/g, ']'));
  return { texts: json(m[1]!) as string[], images: json(m[2]!) as number[] };
}

let engine: Engine;
beforeAll(async () => {
  await useBackend('cpu');
  engine = Engine.from('cpu', loadNamedModel('tiny'), await loadTokenizer());
});

/** Runs a starter program as the cell worker does; `forward`'s arguments are recorded too. */
async function run(code: string, lang: Lang) {
  const items: CellItem[] = [];
  const forwards: ForwardInput[] = [];
  const api = cellApi(engine, { mine: null, page: [] }, (item) => items.push(item), lang);
  const forward = api.forward as (input: ForwardInput) => unknown;
  api.forward = (input: ForwardInput) => {
    forwards.push(input);
    return forward(input);
  };
  const outcome = await runCell(code, api);
  return { items, forwards, outcome };
}

const starters = LANGS.flatMap((lang) => starterNames(lang).map((name) => ({ lang, name })));

describe('the starter programs', () => {
  it.each(starters)('$lang/$name runs, shows its output and logs no error', async ({ lang, name }) => {
    const before = tf.memory().numTensors;
    const { items, outcome } = await run(starterCode(lang, name), lang);
    expect(outcome, JSON.stringify(outcome)).toMatchObject({ ok: true });
    expect(items.length).toBeGreaterThan(0);
    const errors = items.filter((i) => i.kind === 'text' && i.level === 'error');
    expect(errors).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('the lessons and their cells', () => {
  it('every lesson has a cell, in both languages', () => {
    for (const lang of LANGS) {
      for (const [slug, mdx] of lessons(lang))
        expect(cellNames(mdx).length, `${lang}/${slug}`).toBeGreaterThan(0);
    }
  });

  it('every <CodeCell name> has its program in both languages, and every program is placed', () => {
    for (const lang of LANGS) {
      const used = new Set([...lessons(lang).values()].flatMap(cellNames));
      for (const name of used) {
        expect(name).toMatch(/^[a-z0-9-]+$/);
        for (const other of LANGS) expect(starterNames(other), `${other}/${name}.js`).toContain(name);
      }
      for (const name of starterNames(lang)) expect(used.has(name), `${lang}/${name}.js is used`).toBe(true);
    }
  });

  it('places the same cells in the same lessons in both languages', () => {
    const [en, es] = LANGS.map((lang) => lessons(lang));
    expect([...es!.keys()].sort()).toEqual([...en!.keys()].sort());
    for (const [slug, mdx] of en!)
      expect(cellNames(es!.get(slug)!).sort(), slug).toEqual(cellNames(mdx).sort());
  });
});

describe('the loss lesson’s cell', () => {
  it.each(LANGS)(
    '%s: computes by hand the loss of the page’s <LossFigure> pairs, within 1e-6',
    async (lang) => {
      const mdx = lessons(lang).get('contrastive-loss')!;
      const figure = lossFigure(mdx);
      const name = cellNames(mdx).find((n) => n.startsWith('contrastive-loss'))!;
      const { items, forwards, outcome } = await run(starterCode(lang, name), lang);
      expect(outcome.ok).toBe(true);
      // The cell runs the figure's texts and images.
      expect(forwards.some((f) => JSON.stringify(f.texts) === JSON.stringify(figure.texts))).toBe(true);
      expect(forwards.some((f) => JSON.stringify(f.images) === JSON.stringify(figure.images))).toBe(true);
      // The model's loss, computed here on Engine.run's logits.
      const r = engine.run({
        type: 'run',
        id: 1,
        channel: 'test',
        texts: figure.texts,
        images: figure.images.map((index) => ({ kind: 'world' as const, index })),
        capture: ['logits_per_image'],
      });
      const e = r.trace['logits_per_image']!;
      const want = tf.tidy(
        () => contrastiveLoss(tf.tensor2d(e.data, [e.shape[0]!, e.shape[1]!])).loss.dataSync()[0]!,
      );
      const figureLoss = lossParts({
        rows: e.shape[0]!,
        cols: e.shape[1]!,
        values: Float32Array.from(e.data),
      }).loss;
      const numbers = items.filter((i): i is Extract<CellItem, { kind: 'number' }> => i.kind === 'number');
      const byHand = numbers.find((i) => /TF\.js/.test(i.title ?? ''));
      expect(byHand, 'a number titled "… TF.js"').toBeDefined();
      expect(Math.abs(byHand!.value - want)).toBeLessThanOrEqual(1e-6);
      // And it shows the value the figure shows.
      expect(numbers.some((i) => i !== byHand && Math.abs(i.value - figureLoss) <= 1e-6)).toBe(true);
    },
  );
});
