// The pieces of the sharded web format: int8 rows in safetensors, shards within a byte budget, and shards
// (tensors cut into parts included) merged back exactly.
import { describe, expect, it } from 'vitest';
import { dequantizeRows, quantizeRows } from '../../src/clip/quantize';
import { CheckpointError, readSafetensors, writeSafetensors } from '../../src/clip/safetensors';
import { mergeShards, planShards } from '../../src/weights/shards';

const ramp = (n: number, f = (i: number) => Math.sin(i * 0.37) * (1 + (i % 7))): Float32Array =>
  Float32Array.from({ length: n }, (_, i) => f(i));

describe('int8 rows', () => {
  it('maps each row to [-127, 127] by its own scale, zeros exactly', () => {
    const data = Float32Array.from([0.5, -1, 0.25, 0, 0, 0, 3, 2, -1.5]); // [3, 3]
    const { q, scale } = quantizeRows(data, 3);
    expect(Array.from(q)).toEqual([64, -127, 32, 0, 0, 0, 127, 85, -64]);
    expect(Array.from(scale)).toEqual([Math.fround(1 / 127), 0, Math.fround(3 / 127)]);
    const back = dequantizeRows(q.slice(), scale);
    for (let i = 0; i < 9; i++)
      expect(Math.abs(back[i]! - data[i]!)).toBeLessThanOrEqual(scale[Math.floor(i / 3)]! / 2);
  });

  it('is read back dequantised from an I8 tensor and its :scale, other tensors untouched', () => {
    const w = ramp(4 * 5);
    const { q, scale } = quantizeRows(w, 4);
    const exact = ramp(5, (i) => Math.PI * i);
    const bytes = writeSafetensors([
      ['w', { shape: [4, 5], data: q, storeAs: 'I8' }],
      ['w:scale', { shape: [4], data: scale }],
      ['b', { shape: [5], data: exact }],
    ]);
    const ckpt = readSafetensors(bytes);
    expect([...ckpt.tensors.keys()]).toEqual(['w', 'b']);
    expect(ckpt.tensors.get('w')!.dtype).toBe('I8');
    expect(ckpt.tensors.get('w')!.data).toEqual(dequantizeRows(q.slice(), scale));
    expect(ckpt.tensors.get('b')!.data).toEqual(exact);
    const bad = writeSafetensors([
      ['w', { shape: [4, 5], data: q, storeAs: 'I8' }],
      ['w:scale', { shape: [3], data: scale.subarray(0, 3) }],
    ]);
    expect(() => readSafetensors(bad)).toThrow(CheckpointError);
  });
});

describe('shards', () => {
  const tensors = new Map([
    ['big', { shape: [100, 50], data: ramp(5000) }], // 20,000 bytes in F32
    ['small', { shape: [50], data: ramp(50) }],
    ['scalar', { shape: [], data: Float32Array.of(2.5) }],
  ]);

  it('keeps every shard within the budget, cutting a big tensor into parts, and merges back exactly', () => {
    const plan = planShards(tensors, 'F32', 6000);
    expect(plan.length).toBeGreaterThan(3);
    const files = plan.map((entries) => writeSafetensors(entries));
    for (const f of files) expect(f.byteLength).toBeLessThanOrEqual(6000);
    expect(plan.flat().map(([n]) => n)).toContain('big#0');
    const merged = mergeShards(files.map((f) => readSafetensors(f)));
    expect(merged.tensors.get('big')!.shape).toEqual([100, 50]);
    for (const [name, t] of tensors) expect(merged.tensors.get(name)!.data, name).toEqual(t.data);
  });

  it('cuts int8 rows with their scales', () => {
    const plan = planShards(tensors, 'I8', 2000);
    const merged = mergeShards(plan.map((e) => readSafetensors(writeSafetensors(e))));
    const { q, scale } = quantizeRows(tensors.get('big')!.data, 100);
    expect(merged.tensors.get('big')!.data).toEqual(dequantizeRows(q, scale));
    expect(merged.tensors.get('small')!.data).toEqual(tensors.get('small')!.data); // 1-D stays float32
  });

  it('refuses a missing part and a tensor in two shards', () => {
    const shards = planShards(tensors, 'F32', 6000).map((e) => readSafetensors(writeSafetensors(e)));
    const partOne = shards.findIndex((s) => s.tensors.has('big#1'));
    expect(() => mergeShards(shards.filter((_, i) => i !== partOne))).toThrow(/"big" lacks part #1/);
    expect(() => mergeShards([...shards, shards.at(-1)!])).toThrow(/in more than one shard/);
  });
});
