// The engine's 'explain' request on the shipped tiny model (wasm backend; cpu is ten times slower here), the
// adapter over src/clip/relevance.ts (whose math test/clip/relevance.test.ts checks): the shapes of the
// answer, the default step, the relevance map of the request's image and caption, head ablations that change
// only the layers after them, patch masks that change the similarity and reach the deletion curves, input
// errors, no leaks over 200 calls; and the client's explain, which drops stale requests per channel as run
// does.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { dims } from '../../src/clip/config';
import { deletionCounts, relevanceForCaption } from '../../src/clip/relevance';
import { toTensor } from '../../src/clip/preprocess';
import { useBackend } from '../../src/node/backend';
import { loadNamedModel } from '../../src/node/models';
import { loadTokenizer } from '../../src/node/vocab';
import { Engine } from '../../src/runtime/engine';
import { InputError } from '../../src/runtime/engine-inputs';
import { galleryItem } from '../../src/runtime/inputs';
import type { ExplainRequest, ExplanationMessage, PortRequest, Response } from '../../src/runtime/protocol';

// The client's side over a fake in-page engine that answers each request after 5 ms unless a newer one of the
// same channel arrived (as worker.ts and in-page.ts do), echoing the request's type and text.
vi.mock('../../src/runtime/in-page', () => ({
  createInPage(reply: (m: Response) => void) {
    const pending = new Map<string, PortRequest>();
    return {
      send(msg: PortRequest) {
        if (msg.type === 'init')
          return void setTimeout(() =>
            reply({ type: 'ready', backend: 'cpu', threads: 0, model: 'tiny', config: {} as never }),
          );
        if (msg.type === 'load') return;
        const older = pending.get(msg.channel);
        if (older && older.type !== 'init' && older.type !== 'load')
          reply({ type: 'stale', id: older.id, channel: older.channel });
        pending.set(msg.channel, msg);
        setTimeout(() => {
          if (pending.get(msg.channel) !== msg) return;
          pending.delete(msg.channel);
          const note =
            msg.type === 'explain'
              ? `explain ${msg.text}`
              : msg.type === 'run'
                ? `run ${msg.texts?.[0]}`
                : 'weights';
          if (msg.type === 'explain' && msg.text === '') {
            return reply({ type: 'error', id: msg.id, channel: msg.channel, message: 'empty' });
          }
          reply({
            type: msg.type === 'explain' ? 'explanation' : 'result',
            id: msg.id,
            channel: msg.channel,
            notes: [note],
          } as unknown as Response);
        }, 5);
      },
    };
  },
}));

let engine: Engine;
beforeAll(async () => {
  await useBackend('wasm');
  engine = Engine.from('wasm', loadNamedModel('tiny'), await loadTokenizer());
});

const req = (r: Partial<ExplainRequest> = {}): ExplainRequest => ({
  type: 'explain',
  id: 1,
  channel: 'x',
  image: { kind: 'world', index: 0 },
  text: 'a big red circle at the top left',
  ...r,
});

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = a.length === b.length ? 0 : Infinity;
  for (let i = 0; i < Math.min(a.length, b.length); i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Layer l of classAttention [layers, H, g*g]. */
function layerOf(e: ExplanationMessage, l: number): Float32Array {
  const [, heads, patches] = e.classAttention.shape as [number, number, number];
  return e.classAttention.data.slice(l * heads * patches, (l + 1) * heads * patches) as Float32Array;
}

describe('Engine.explain', () => {
  it('answers with the right shapes and consistent numbers', () => {
    const cfg = engine.config;
    const d = dims(cfg);
    const total = d.grid * d.grid;
    const e = engine.explain(req());
    expect(e.type).toBe('explanation');
    expect(e.grid).toBe(d.grid);
    expect(e.classAttention.shape).toEqual([cfg.vision_layers, d.visionHeads, total]);
    for (const map of [e.attentionMap, e.rollout, e.relevance]) expect(map.length).toBe(total);
    expect(e.imageFeatures.shape).toEqual([1, cfg.embed_dim]);
    expect(e.textFeatures.shape).toEqual([1, cfg.embed_dim]);
    // The default step: about a twelfth of the patches.
    expect(e.deletion.counts).toEqual(deletionCounts(total, Math.ceil(total / 12)));
    for (const curve of [e.deletion.attention, e.deletion.rollout, e.deletion.relevance]) {
      expect(curve).toHaveLength(e.deletion.counts.length);
    }
    expect(e.similarityPlain).toBe(e.similarity);
    expect(e.text.tokens[0]).toBe('<|startoftext|>');
    expect(e.image.rgb.length).toBe(cfg.image_resolution ** 2 * 3);
  });

  it('gives the relevance map of src/clip/relevance.ts, and a different one for another caption', async () => {
    const tokenizer = await loadTokenizer();
    const size = engine.config.image_resolution;
    const red = engine.explain(req());
    const want = tf.tidy(() => {
      const pixels = tf.tensor4d(toTensor(galleryItem(0, size).image, size, size), [1, 3, size, size]);
      const ids = tf.tensor2d(tokenizer.tokenize('a big red circle at the top left')[0]!, [1, 77], 'int32');
      const { map, similarity } = relevanceForCaption(engine.model, pixels, ids);
      return { map: map.dataSync().slice(), similarity };
    });
    expect(maxAbsDiff(red.relevance, want.map)).toBeLessThan(1e-5);
    expect(Math.abs(red.similarity - want.similarity)).toBeLessThan(1e-5);
    const blue = engine.explain(req({ text: 'a small blue star at the bottom' }));
    expect(maxAbsDiff(red.relevance, blue.relevance)).toBeGreaterThan(1e-4);
    expect(red.similarity).toBeGreaterThan(blue.similarity);
    // Rollout and attention do not depend on the caption.
    expect(maxAbsDiff(red.rollout, blue.rollout)).toBe(0);
  });

  it('switching a head off changes that layer’s attention output and what follows, not the earlier layers', () => {
    const layers = engine.config.vision_layers;
    const capture = Array.from({ length: layers }, (_, l) => `visual.transformer.resblocks.${l}.attn.out`);
    const plain = engine.explain(req({ capture }));
    const off = engine.explain(req({ capture, imageHeadMask: { 1: [2] } }));
    const out = (e: ExplanationMessage, l: number) =>
      e.trace[`visual.transformer.resblocks.${l}.attn.out`]!.data;
    expect(maxAbsDiff(out(plain, 0), out(off, 0))).toBe(0);
    expect(maxAbsDiff(out(plain, 1), out(off, 1))).toBeGreaterThan(1e-3);
    expect(maxAbsDiff(layerOf(plain, 0), layerOf(off, 0))).toBe(0);
    expect(maxAbsDiff(layerOf(plain, 1), layerOf(off, 1))).toBe(0); // masking acts after the softmax
    expect(maxAbsDiff(layerOf(plain, 2), layerOf(off, 2))).toBeGreaterThan(1e-5);
    expect(off.similarity).not.toBe(plain.similarity);
    expect(off.similarityPlain).toBe(plain.similarity);
  });

  it('masking patches changes the similarity, and the deletion curves start from it', () => {
    const plain = engine.explain(req());
    const top = [...plain.relevance.keys()]
      .sort((a, b) => plain.relevance[b]! - plain.relevance[a]!)
      .slice(0, 6);
    const masked = engine.explain(req({ patchMask: top }));
    expect(Math.abs(masked.similarity - plain.similarity)).toBeGreaterThan(1e-3);
    expect(masked.similarityPlain).toBe(plain.similarity);
    expect(Math.abs(masked.deletion.relevance[0]! - masked.similarity)).toBeLessThan(1e-5);
    // Deleting everything gives the same image whatever was masked before.
    expect(Math.abs(masked.deletion.relevance.at(-1)! - plain.deletion.relevance.at(-1)!)).toBeLessThan(1e-5);
  });

  it('a text head mask changes the text features and the similarity', () => {
    const plain = engine.explain(req());
    const off = engine.explain(req({ textHeadMask: { 0: [0, 1, 2, 3] } }));
    expect(maxAbsDiff(plain.textFeatures.data, off.textFeatures.data)).toBeGreaterThan(1e-3);
    expect(maxAbsDiff(plain.imageFeatures.data, off.imageFeatures.data)).toBe(0);
    expect(off.similarity).not.toBe(plain.similarity);
  });

  it.each([
    ['a patch outside the grid', { patchMask: [99] }, /outside 0 to 35/],
    ['a layer the model lacks', { imageHeadMask: { 7: [0] } }, /no layer 7/],
    ['a head the layer lacks', { imageHeadMask: { 0: [4] } }, /heads 0 to 3/],
    ['an empty caption', { text: '  ' }, /empty/],
  ])('refuses %s with an InputError', (_name, input, message) => {
    expect(() => engine.explain(req(input as Partial<ExplainRequest>))).toThrow(InputError);
    expect(() => engine.explain(req(input as Partial<ExplainRequest>))).toThrow(message);
  });

  it('a run can switch text heads off too', () => {
    const capture = ['text.features'];
    const plain = engine.run({ type: 'run', id: 1, channel: 'c', texts: ['a red circle'], capture });
    const off = engine.run({
      type: 'run',
      id: 2,
      channel: 'c',
      texts: ['a red circle'],
      capture,
      headMask: { text: { 2: [1] } },
    });
    expect(maxAbsDiff(plain.trace['text.features']!.data, off.trace['text.features']!.data)).toBeGreaterThan(
      1e-4,
    );
  });

  it('keeps tf.memory() flat over 200 explain calls', () => {
    const r = req({ imageHeadMask: { 0: [1] }, patchMask: [3, 4], step: 36 });
    engine.explain(r);
    const before = tf.memory().numTensors;
    let last: ExplanationMessage | null = null;
    for (let i = 0; i < 200; i++)
      last = engine.explain({ ...r, text: i % 2 ? 'a red circle' : 'a blue star' });
    expect(tf.memory().numTensors).toBe(before);
    expect(last!.tensors).toBe(before);
  });
});

describe('ModelClient.explain', () => {
  it('drops an older explain of the same channel as stale, like run, and keeps other channels', async () => {
    const { ModelClient } = await import('../../src/runtime/client');
    const client = new ModelClient({ base: '/', noWorker: true });
    const image = { kind: 'world' as const, index: 0 };
    const first = client.explain('map', { image, text: 'one' });
    const second = client.explain('map', { image, text: 'two' });
    const words = client.run('words', { texts: ['three'], capture: [] });
    const bad = client.explain('other', { image, text: '' });
    expect(await first).toEqual({ status: 'stale' });
    const ok = await second;
    expect(ok.status === 'ok' && ok.result.type).toBe('explanation');
    expect(ok.status === 'ok' && ok.result.notes).toEqual(['explain two']);
    const run = await words;
    expect(run.status === 'ok' && run.result.notes).toEqual(['run three']);
    expect(await bad).toEqual({ status: 'error', message: 'empty' });
  });
});
