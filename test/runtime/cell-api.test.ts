// The code cells' API and runner in Node on the cpu backend, over the same Engine and tiny model as the
// figures: encoders and forward equal Engine.run, tokenize shows its work, show picks the figure a value
// needs, errors name their line, and runs leave no tensor behind.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../src/node/backend';
import { loadNamedModel } from '../../src/node/models';
import { loadTokenizer } from '../../src/node/vocab';
import { MAX_ITEMS, cellApi } from '../../src/runtime/cell-api';
import { runCell, syntaxPosition } from '../../src/runtime/cell-exec';
import type { CellItem } from '../../src/runtime/cell-protocol';
import { showItem } from '../../src/runtime/cell-show';
import { Engine } from '../../src/runtime/engine';
import CELL_GLOBALS from '../../lessons/cells/globals.json';

let engine: Engine;
beforeAll(async () => {
  await useBackend('cpu');
  engine = Engine.from('cpu', loadNamedModel('tiny'), await loadTokenizer());
});

const NO_IMAGES = { mine: null, page: [] };

async function run(
  code: string,
): Promise<{ items: CellItem[]; outcome: Awaited<ReturnType<typeof runCell>> }> {
  const items: CellItem[] = [];
  const outcome = await runCell(
    code,
    cellApi(engine, NO_IMAGES, (i) => items.push(i), 'en'),
  );
  return { items, outcome };
}

describe('the cell API', () => {
  it('offers exactly the names the starter programs are linted against', () => {
    expect(Object.keys(cellApi(engine, NO_IMAGES, () => undefined)).sort()).toEqual([...CELL_GLOBALS].sort());
  });

  it('encodes texts and images as Engine.run does', async () => {
    const { items, outcome } = await run(`
      const t = encodeText(['a red circle', 'a blue star']);
      const i = encodeImage([0, gallery[3]]);
      show(t); show(i); show(t.shape); show(i.shape);
    `);
    expect(outcome.ok).toBe(true);
    const want = engine.run({
      type: 'run',
      id: 1,
      channel: 'x',
      texts: ['a red circle', 'a blue star'],
      images: [
        { kind: 'world', index: 0 },
        { kind: 'world', index: 3 },
      ],
      capture: ['text.features', 'image.features'],
    });
    const [t, i] = items as Extract<CellItem, { kind: 'heatmap' }>[];
    expect(t!.kind).toBe('heatmap');
    expect(Array.from(t!.values)).toEqual(Array.from(want.trace['text.features']!.data));
    expect(Array.from(i!.values)).toEqual(Array.from(want.trace['image.features']!.data));
    const dim = engine.config.embed_dim;
    expect(items[2]).toMatchObject({ kind: 'bars', values: [2, dim] });
  });

  it('forward records the trace keys the figures use', async () => {
    const { items, outcome } = await run(`
      const { trace } = forward({ texts: ['a cross'], images: [1], capture: ['transformer.resblocks.0.attn.probs', 'logits_per_image'] });
      show(Object.keys(trace).sort());
      show(trace['transformer.resblocks.0.attn.probs'], { head: 1, title: 'head 1' });
      show(trace.logits_per_image);
    `);
    expect(outcome.ok).toBe(true);
    expect(items[0]).toMatchObject({ kind: 'table' });
    const probs = items[1] as Extract<CellItem, { kind: 'heatmap' }>;
    expect(probs.title).toBe('head 1');
    const want = engine.run({
      type: 'run',
      id: 1,
      channel: 'x',
      texts: ['a cross'],
      capture: ['transformer.resblocks.0.attn.probs'],
    }).trace['transformer.resblocks.0.attn.probs']!;
    const n = want.shape[2]!;
    expect(Array.from(probs.values)).toEqual(Array.from(want.data.subarray(n * n, 2 * n * n)));
    expect(items[2]).toMatchObject({ kind: 'number' });
  });

  it('tokenize returns ids, tokens and the merges, shown as a token strip', async () => {
    const { items } = await run(`const t = tokenize('Hello, world!'); show(t); show(t, { as: 'merges' });`);
    const strip = items[0] as Extract<CellItem, { kind: 'tokens' }>;
    const tok = await loadTokenizer();
    expect(strip.ids).toEqual([tok.sot, ...tok.encode('Hello, world!'), tok.eot]);
    expect(strip.steps).toBeUndefined();
    expect((items[1] as Extract<CellItem, { kind: 'tokens' }>).steps!.pretokens.length).toBeGreaterThan(1);
  });

  it('sends console.log to the output, in order with show', async () => {
    const { items } = await run(`console.log('a', 1, [1, 2]); show(2); console.warn({ x: 1 });`);
    expect(items).toEqual([
      { kind: 'text', level: 'log', text: 'a 1 [1, 2]' },
      { kind: 'number', value: 2, title: undefined },
      { kind: 'text', level: 'warn', text: '{ x: 1 }' },
    ]);
  });

  it('stops the output of a program that shows in a loop', async () => {
    const { items, outcome } = await run(`for (let i = 0; i < 100000; i++) show(i);`);
    expect(outcome.ok).toBe(true);
    expect(items).toHaveLength(MAX_ITEMS + 1);
    expect(items.at(-1)).toMatchObject({ kind: 'text', level: 'warn' });
  });

  it('supports top-level await', async () => {
    const { items, outcome } = await run(`const x = await Promise.resolve(41); show(x + 1);`);
    expect(outcome.ok).toBe(true);
    expect(items[0]).toMatchObject({ value: 42 });
  });

  it('names the line and column of a thrown error and of a syntax error', async () => {
    const thrown = await run(`const a = 1;\n\nconst b = null;\nb.c;`);
    expect(thrown.outcome).toMatchObject({ ok: false, error: { line: 4, column: 3 } });
    expect(thrown.outcome.ok || thrown.outcome.error.message).toMatch(/TypeError/);
    const api = await run(`\nencodeImage('nope');`);
    expect(api.outcome).toMatchObject({ ok: false, error: { line: 2 } });
    expect(api.outcome.ok || api.outcome.error.message).toMatch(/gallery index/);
    const syntax = await run(`const a = 1;\nconst b = ;`);
    expect(syntax.outcome).toMatchObject({ ok: false, error: { line: 2, column: 11 } });
    expect(await syntaxPosition('const ok = await f();')).toBeNull();
  });

  it('frees the tensors a program forgets, and those it keeps, run after run', async () => {
    await run(`encodeText('warm up').dispose();`);
    const before = tf.memory().numTensors;
    for (let k = 0; k < 50; k++) {
      const { outcome } = await run(`const t = encodeText('a star'); tf.keep(t.add(1)); show(tf.sum(t));`);
      expect(outcome.ok).toBe(true);
    }
    const { outcome } = await run(`tf.keep(tf.ones([2]));`);
    expect(outcome).toMatchObject({ ok: true, leaked: 1 });
    const variable = await run(`tf.variable(tf.zeros([3]));`);
    expect(variable.outcome).toMatchObject({ ok: true, leaked: 1 });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('show', () => {
  it('draws probabilities as percent bars and other short vectors as plain bars', () => {
    expect(showItem([0.25, 0.75])).toMatchObject({ kind: 'bars', percent: true });
    expect(showItem([2, -1])).toMatchObject({ kind: 'bars', percent: false, labels: ['0', '1'] });
  });
  it('draws a long vector or a matrix as a heat map, and an image as an image', () => {
    expect(showItem(new Float32Array(100))).toMatchObject({ kind: 'heatmap', rows: 1, cols: 100 });
    expect(
      showItem([
        [1, 2],
        [3, 4],
      ]),
    ).toMatchObject({ kind: 'heatmap', rows: 2, cols: 2 });
    expect(showItem({ rgb: new Uint8Array(12), size: 2 })).toMatchObject({ kind: 'image', width: 2 });
    expect(() => showItem({ rgb: new Uint8Array(11), size: 2 })).toThrow(/rgb/);
  });
  it('falls back to a table for objects and arrays of records', () => {
    expect(showItem([{ a: 1, b: 'x' }, { a: 2 }])).toEqual({
      kind: 'table',
      title: '',
      columns: ['a', 'b'],
      rows: [
        ['1', '"x"'],
        ['2', 'undefined'],
      ],
    });
  });
});
