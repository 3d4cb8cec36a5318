// The Recorder's answers about keys: which are recorded, and which a pass may still be asked for; and the
// values it keeps, which belong to the trace alone on every backend.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Recorder } from '../../src/clip/trace';
import { useBackend } from '../../src/node/backend';

describe('Recorder', () => {
  it('says which keys below a prefix may be recorded', () => {
    const r = new Recorder(['transformer.resblocks.1.attn.probs', 'visual', 'text.features']);
    expect(r.mayWant('transformer.resblocks.1')).toBe(true);
    expect(r.mayWant('transformer.resblocks.1.')).toBe(true);
    expect(r.mayWant('transformer')).toBe(true);
    expect(r.mayWant('transformer.resblocks.0')).toBe(false);
    expect(r.mayWant('transformer.resblocks.10')).toBe(false);
    expect(r.mayWant('visual.transformer.resblocks.3')).toBe(true); // below 'visual'
    expect(r.mayWant('text.features')).toBe(true);
    expect(r.mayWant('text.features_normalized')).toBe(false);
    expect(r.mayWant('ln_final')).toBe(false);
    expect(r.wants('text.features')).toBe(true);
    expect(r.wants('visual.ln_pre.out')).toBe(true);
  });

  it('answers everything for true or a predicate, nothing for false', () => {
    expect(new Recorder(true).mayWant('ln_final')).toBe(true);
    expect(new Recorder((k) => k === 'x').mayWant('ln_final')).toBe(true);
    expect(new Recorder(false).mayWant('ln_final')).toBe(false);
    expect(new Recorder([]).mayWant('ln_final')).toBe(false);
  });

  it.each(['cpu', 'wasm'] as const)('keeps values of its own on %s', async (backend) => {
    await useBackend(backend);
    const r = new Recorder(true);
    const t = tf.tensor1d([1, 2, 3]);
    const ids = tf.tensor1d([4, 5], 'int32');
    r.keep('x', t);
    r.keep('ids', ids);
    r.trace.x!.data[0] = 9;
    r.trace.ids!.data[0] = 9;
    expect(Array.from(t.dataSync())).toEqual([1, 2, 3]);
    expect(Array.from(ids.dataSync())).toEqual([4, 5]);
    tf.dispose([t, ids]);
    tf.tidy(() => tf.fill([64], 7).dataSync()); // reuses the freed memory
    expect(Array.from(r.trace.x!.data)).toEqual([9, 2, 3]);
    expect(r.trace.ids!.data).toBeInstanceOf(Int32Array);
  });
});
