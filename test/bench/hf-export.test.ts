// The hub bench's repository maker (scripts/bench/hf-export.ts): its Hugging Face names and config.json read
// back through the project's own loaders give the weights and config it started from, and its cache keeps
// the manifest while dropping shard bodies.
import { describe, expect, it } from 'vitest';
import { type ClipConfig, PRESETS } from '../../src/clip/config';
import { detectScheme, toOpenAiNames } from '../../src/clip/checkpoint-names';
import { initWeights } from '../../src/clip/init';
import { readSafetensors, writeSafetensors } from '../../src/clip/safetensors';
import { fromHfConfig } from '../../src/weights/hf-config';
import { planConversion } from '../../src/weights/stream-convert';
import { safetensorsTensors } from '../../src/weights/source-tensors';
import { memorySource } from '../../src/weights/byte-source';
import { exportHf, hfConfig, transposed } from '../../scripts/bench/hf-export';
import { CountingCache } from '../../scripts/bench/hub-case';

const small: ClipConfig = { ...PRESETS['tiny-reference']!, vocab_size: 300 };

describe('the hub bench exporter', () => {
  it('transposes a [2, 3] matrix', () => {
    const t = transposed({ shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) });
    expect(t.shape).toEqual([3, 2]);
    expect([...t.data]).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it('writes Hugging Face names that map back to the same float32 tensors, bit for bit', () => {
    const weights = initWeights(small, { seed: 5 });
    const bytes = writeSafetensors(exportHf(small, weights));
    const read = readSafetensors(bytes);
    expect(detectScheme(read.tensors.keys())).toBe('hf');
    const { checkpoint, scheme } = toOpenAiNames(read);
    expect(scheme).toBe('hf');
    expect([...checkpoint.tensors.keys()].sort()).toEqual([...weights.keys()].sort());
    for (const [name, want] of weights) {
      const got = checkpoint.tensors.get(name)!;
      expect(got.shape, name).toEqual(want.shape);
      expect(Buffer.from(got.data.buffer, got.data.byteOffset, got.data.byteLength)).toEqual(
        Buffer.from(want.data.buffer, want.data.byteOffset, want.data.byteLength),
      );
    }
  });

  it.each(['ViT-B/32', 'ViT-B/16', 'tiny-reference'])(
    "gives a config.json that the hub reader turns back into %s's config",
    (name) => {
      // The hub reader names the vision heads (width / 64 in OpenAI's rule) explicitly.
      const cfg = PRESETS[name]!;
      expect(fromHfConfig(hfConfig(cfg))).toEqual({ ...cfg, vision_heads: cfg.vision_width / 64 });
    },
  );

  it("is accepted by the streaming converter's plan (names and shapes against config.json)", async () => {
    const bytes = writeSafetensors(exportHf(small, initWeights(small, { seed: 6 })));
    const source = memorySource(bytes);
    const tensors = await safetensorsTensors(source);
    const config = fromHfConfig(hfConfig(small));
    const plan = planConversion(config, [
      { path: 'model.safetensors', size: bytes.byteLength, source, tensors },
    ]);
    expect(plan.scheme).toBe('hf');
    expect(plan.downloadBytes).toBe(bytes.byteLength);
  });
});

describe("the hub bench's cache", () => {
  it('keeps small entries, counts and drops big ones', async () => {
    const cache = new CountingCache();
    await cache.put('http://x/manifest.json', new Response('{"a":1}'));
    await cache.put('http://x/shard', new Response(new Uint8Array(2 << 20)));
    expect(await (await cache.match('http://x/manifest.json'))!.text()).toBe('{"a":1}');
    expect(await cache.match('http://x/shard')).toBeUndefined();
    expect(cache.sizes.get('http://x/shard')).toBe(2 << 20);
    expect((await cache.keys()).map((r) => r.url)).toEqual(['http://x/manifest.json', 'http://x/shard']);
    expect(await cache.delete('http://x/shard')).toBe(true);
    expect((await cache.keys()).length).toBe(1);
  });
});
