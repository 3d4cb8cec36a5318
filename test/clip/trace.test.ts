// The Recorder's answers about keys: which are recorded, and which a pass may still be asked for.
import { describe, expect, it } from 'vitest';
import { Recorder } from '../../src/clip/trace';

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
});
