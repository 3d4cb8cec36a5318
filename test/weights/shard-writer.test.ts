// The streaming packer against the in-memory one: the tiny model's real weights through ShardWriter, one
// tensor at a time, give packShards' files byte for byte and the same manifest, read back to the same
// checkpoint; each shard comes out with the add that completes it, and bad input is named.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectedShapes } from '../../src/clip/shapes';
import { type TensorEntry, readSafetensors } from '../../src/clip/safetensors';
import { type Manifest, readManifest } from '../../src/weights/manifest';
import { packShards } from '../../src/weights/pack';
import { type PackedShard, ShardWriter } from '../../src/weights/shard-writer';
import { type StoreDtype, mergeShards } from '../../src/weights/shards';

const manifest = readManifest(
  JSON.parse(readFileSync('public/models/tiny/manifest.json', 'utf8')),
  'tiny manifest',
);
const ckpt = readSafetensors(new Uint8Array(readFileSync('public/models/tiny/model.safetensors')));
const config = manifest.config;
// The parameters in OpenAI's order, as a converter hands them over.
const weights = [...expectedShapes(config).keys()].map(
  (n) => [n, ckpt.tensors.get(n)!] as [string, TensorEntry],
);

async function stream(
  dtype: StoreDtype,
  maxBytes: number,
  order = weights,
): Promise<{ manifest: Manifest; shards: PackedShard[]; emittedBy: Map<string, string> }> {
  const writer = new ShardWriter({ name: 'tiny', config, dtype, maxBytes });
  const shards: PackedShard[] = [];
  const emittedBy = new Map<string, string>();
  for (const [name, w] of order) {
    for (const s of await writer.add(name, w.shape, w.data)) {
      shards.push(s);
      emittedBy.set(s.path, name);
    }
  }
  return { manifest: writer.finish(), shards, emittedBy };
}

const baseName = (entry: string): string => entry.replace(/:scale$/, '').replace(/#\d+$/, '');

describe('ShardWriter', () => {
  it.each([
    ['F32', 100_000],
    ['F16', 60_000],
    ['I8', 20_000],
    ['F32', 50_000_000],
  ] as const)('writes %s shards of at most %i bytes exactly as packShards does', async (dtype, maxBytes) => {
    const packed = await packShards('tiny', config, weights, { dtype, maxBytes });
    const { manifest: m, shards } = await stream(dtype, maxBytes);
    expect(m).toEqual(packed.manifest);
    expect(shards.map((s) => s.path)).toEqual([...packed.files.keys()]);
    for (const s of shards) {
      expect(s.bytes.byteLength, s.path).toBeLessThanOrEqual(maxBytes);
      expect(s.bytes, s.path).toEqual(packed.files.get(s.path));
      expect(s.sha256).toBe(m.files.find((f) => f.path === s.path)!.sha256);
    }
    const ours = mergeShards(shards.map((s) => readSafetensors(s.bytes)));
    const theirs = mergeShards([...packed.files.values()].map((b) => readSafetensors(b)));
    expect([...ours.tensors.keys()].sort()).toEqual([...expectedShapes(config).keys()].sort());
    for (const [name, entry] of theirs.tensors) expect(ours.tensors.get(name), name).toEqual(entry);
    if (dtype === 'F32')
      for (const [name, w] of weights) expect(ours.tensors.get(name)!.data, name).toEqual(w.data);
  });

  it('cuts a tensor too big for one shard into parts across shards', async () => {
    const { shards } = await stream('F32', 100_000);
    const names = shards.flatMap((s) => [...readSafetensors(s.bytes).tensors.keys()]);
    expect(names).toContain('visual.transformer.resblocks.0.mlp.c_fc.weight#1');
    expect(shards.length).toBeGreaterThan(5);
  });

  it('hands out each shard with the add of the last tensor it holds, not later', async () => {
    const { shards, emittedBy } = await stream('I8', 20_000);
    for (const s of shards) {
      const entries = [...readSafetensors(s.bytes).tensors.keys()];
      expect(emittedBy.get(s.path), s.path).toBe(baseName(entries.at(-1)!));
    }
  });

  it('takes the tensors in any order and writes the same files', async () => {
    const forward = await stream('F16', 60_000);
    const backward = await stream('F16', 60_000, [...weights].reverse());
    expect(backward.manifest).toEqual(forward.manifest);
    const byPath = new Map(backward.shards.map((s) => [s.path, s.bytes]));
    for (const s of forward.shards) expect(byPath.get(s.path), s.path).toEqual(s.bytes);
  });

  it('names a tensor outside the layout, a wrong shape, a second add and a missing tensor', async () => {
    const layout = [
      ['a', [2, 3]],
      ['b', [4]],
    ] as const;
    const writer = new ShardWriter({ name: 'x', config, dtype: 'F32', maxBytes: 1e6, layout });
    await expect(writer.add('c', [1], new Float32Array(1))).rejects.toThrow(
      'tensor "c" is not in the layout',
    );
    await expect(writer.add('a', [3, 2], new Float32Array(6))).rejects.toThrow(
      'tensor "a" has shape [3, 2]; the layout says [2, 3]',
    );
    await expect(writer.add('a', [2, 3], new Float32Array(5))).rejects.toThrow('tensor "a" has 5 values');
    expect(await writer.add('a', [2, 3], new Float32Array(6))).toEqual([]);
    await expect(writer.add('a', [2, 3], new Float32Array(6))).rejects.toThrow(
      'tensor "a" was already added',
    );
    expect(() => writer.finish()).toThrow('tensor "b" was never added (1 missing in all)');
    expect(await writer.add('b', [4], new Float32Array(4))).toHaveLength(1);
    expect(writer.finish().files.map((f) => f.path)).toEqual(['model-00001-of-00001.safetensors']);
    expect(
      () =>
        new ShardWriter({ name: 'x', config, dtype: 'F32', maxBytes: 1e6, layout: [...layout, layout[0]] }),
    ).toThrow('the layout lists tensor "a" twice');
  });
});
