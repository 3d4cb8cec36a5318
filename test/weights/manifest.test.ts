// readManifest, the one validator of manifest.json, as a table of manifests it refuses with the sentence
// each gets, and verifyFile, the one check of a file against its entry.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ManifestError,
  WEIGHTS_FORMAT,
  WeightsFileError,
  readManifest,
  verifyFile,
} from '../../src/weights/manifest';
import { sha256Hex } from '../../src/weights/sha256';

const tiny = JSON.parse(readFileSync('public/models/tiny/manifest.json', 'utf8')) as Record<string, unknown>;
const file = (path: string, bytes = 10): Record<string, unknown> => ({ path, bytes, sha256: 'a'.repeat(64) });
const SRC = 'models/x/manifest.json';

describe('readManifest', () => {
  it('reads the shipped tiny manifest back unchanged', () => {
    expect(readManifest(tiny, SRC)).toEqual(tiny);
    expect(WEIGHTS_FORMAT).toBe(tiny.format);
  });

  it('keeps sharded manifests with their total, source and fidelity, and drops unknown fields', () => {
    const raw = {
      ...tiny,
      dtype: 'I8',
      files: [file('model-00001-of-00002.safetensors', 4), file('model-00002-of-00002.safetensors', 6)],
      totalBytes: 10,
      source: { from: 'openai/clip-vit-base-patch32', scheme: 'hf' },
      fidelity: { images: { n: 1, min: 0.99, mean: 0.995 }, texts: { n: 1, min: 0.98, mean: 0.99 } },
      comment: 'not part of the format',
    };
    const m = readManifest(raw, SRC);
    expect(m.totalBytes).toBe(10);
    expect(m.source).toEqual(raw.source);
    expect(m.fidelity).toEqual(raw.fidelity);
    expect('comment' in m).toBe(false);
    // A streamed model may name its shards differently: any plain .safetensors name is a file.
    expect(readManifest({ ...tiny, files: [file('model-00007.safetensors')] }, SRC).files).toHaveLength(1);
  });

  it.each([
    [
      'another format version',
      { format: 'inside-clip-weights/2' },
      /is format "inside-clip-weights\/2"; this site reads inside-clip-weights\/1/,
    ],
    ['no format', { format: undefined }, /has no format; this site reads inside-clip-weights\/1/],
    ['no name', { name: '' }, /has no model name/],
    ['a dtype the site does not store', { dtype: 'BF16' }, /dtype "BF16"; expected one of F32, F16, I8/],
    [
      'a config without a field',
      { config: { ...(tiny.config as object), embed_dim: 0 } },
      /config: "embed_dim" must be a positive integer/,
    ],
    ['no files', { files: [] }, /lists no \.safetensors file/],
    ['files that are not a list', { files: 'model.safetensors' }, /lists no \.safetensors file/],
    [
      'a file in a folder',
      { files: [file('shards/model.safetensors')] },
      /files\[0\] has path "shards\/model\.safetensors", not a plain/,
    ],
    [
      'a path out of the folder',
      { files: [file('..model.safetensors')] },
      /has path "\.\.model\.safetensors"/,
    ],
    ['a hidden file', { files: [file('.model.safetensors')] }, /has path "\.model\.safetensors"/],
    [
      'a file that is not a shard',
      { files: [file('report.json')] },
      /has path "report\.json", not a plain \*\.safetensors file name/,
    ],
    [
      'negative bytes',
      { files: [file('model.safetensors', -1)] },
      /\(model\.safetensors\) has bytes -1, not a whole number/,
    ],
    ['fractional bytes', { files: [file('model.safetensors', 1.5)] }, /has bytes 1\.5/],
    ['bytes as a string', { files: [{ ...file('model.safetensors'), bytes: '10' }] }, /has bytes "10"/],
    [
      'an upper-case sha256',
      { files: [{ ...file('model.safetensors'), sha256: 'A'.repeat(64) }] },
      /no sha256 of 64 lower-case hex digits/,
    ],
    ['a short sha256', { files: [{ ...file('model.safetensors'), sha256: 'ab' }] }, /no sha256 of 64/],
    [
      'a file listed twice',
      { files: [file('model.safetensors'), file('model.safetensors')] },
      /lists model\.safetensors twice/,
    ],
    [
      'a wrong total',
      { files: [file('a.safetensors', 3), file('b.safetensors', 4)], totalBytes: 8 },
      /totalBytes 8, but its files sum to 7/,
    ],
  ])('refuses %s, naming the manifest', (_, change, message) => {
    const act = (): unknown => readManifest({ ...tiny, ...change }, SRC);
    expect(act).toThrow(ManifestError);
    expect(act).toThrow(message);
    expect(act).toThrow(new RegExp(`^${SRC.replaceAll('.', '\\.')}`));
  });

  it('refuses what is not an object', () => {
    for (const raw of [null, [], 'manifest', 3])
      expect(() => readManifest(raw, SRC)).toThrow(/is not a JSON object/);
  });
});

describe('verifyFile', () => {
  const bytes = new TextEncoder().encode('some weights');

  it('accepts the listed bytes and refuses a wrong size before a wrong sha256, naming the file', async () => {
    const entry = { path: 'model.safetensors', bytes: bytes.byteLength, sha256: await sha256Hex(bytes) };
    await expect(verifyFile(entry, bytes)).resolves.toBeUndefined();
    const short = verifyFile(entry, bytes.subarray(1));
    await expect(short).rejects.toThrow(WeightsFileError);
    await expect(short).rejects.toMatchObject({ file: 'model.safetensors', problem: 'size' });
    await expect(short).rejects.toThrow('model.safetensors has 11 bytes; the manifest says 12');
    const damaged = bytes.slice();
    damaged[0]! ^= 1;
    const changed = verifyFile(entry, damaged);
    await expect(changed).rejects.toMatchObject({ file: 'model.safetensors', problem: 'sha256' });
    await expect(changed).rejects.toThrow(/model\.safetensors does not match its sha256/);
  });
});
