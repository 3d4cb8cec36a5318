// The model picker's build-time list (site/lib/model-list) and its byte formatting (site/lib/bytes).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/clip/config';
import { formatBytes } from '../../site/lib/bytes';
import { listModels, modelListJson } from '../../site/lib/model-list';

const dir = mkdtempSync(path.join(tmpdir(), 'models-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('listModels', () => {
  it('lists every manifest, the embedded tiny model first, then by download size', () => {
    cpSync('public/models/tiny/manifest.json', path.join(dir, 'tiny/manifest.json'), { recursive: true });
    const shard = (i: number) => ({
      path: `model-0000${i}-of-00002.safetensors`,
      bytes: 1000 * i,
      sha256: 'ab'.repeat(32),
    });
    const big = { format: 'inside-clip-weights/1', name: 'big', dtype: 'F16', config: PRESETS['ViT-B/32'] };
    mkdirSync(path.join(dir, 'big'));
    writeFileSync(
      path.join(dir, 'big/manifest.json'),
      JSON.stringify({ ...big, files: [shard(1), shard(2)] }),
    );
    mkdirSync(path.join(dir, 'small'));
    const small = {
      ...big,
      name: 'small',
      files: [shard(1)],
    };
    writeFileSync(path.join(dir, 'small/manifest.json'), JSON.stringify(small));
    mkdirSync(path.join(dir, 'empty-folder'));

    const models = listModels(dir);
    expect(models.map((m) => m.name)).toEqual(['tiny', 'small', 'big']);
    expect(models[0]!.embedded).toBe(true);
    const b = models[2]!;
    expect(b).toMatchObject({ dtype: 'F16', totalBytes: 3000, memoryBytes: 151277313 * 4, embedded: false });
    expect(b.summary).toEqual({
      resolution: 224,
      patch: 32,
      visionLayers: 12,
      visionWidth: 768,
      textLayers: 12,
      textWidth: 512,
      embedDim: 512,
    });
    expect(models[1]!.files.map((f) => f.path)).toEqual(['model-00001-of-00002.safetensors']);
    expect(modelListJson([{ ...b, name: '</script>' }])).not.toContain('<');
  });

  it('fails the build on a manifest the page would refuse: another format, or a file that is not a shard', () => {
    const tiny = JSON.parse(readFileSync('public/models/tiny/manifest.json', 'utf8')) as Record<
      string,
      unknown
    >;
    const write = (folder: string, manifest: unknown): string => {
      const root = path.join(dir, `only-${folder}`);
      mkdirSync(path.join(root, folder), { recursive: true });
      writeFileSync(path.join(root, folder, 'manifest.json'), JSON.stringify(manifest));
      return root;
    };
    expect(() => listModels(write('next', { ...tiny, format: 'inside-clip-weights/2' }))).toThrow(
      /next\/manifest\.json is format "inside-clip-weights\/2"; this site reads inside-clip-weights\/1/,
    );
    const report = { path: 'report.json', bytes: 9, sha256: 'cd'.repeat(32) };
    expect(() => listModels(write('extra', { ...tiny, files: [report] }))).toThrow(
      /extra\/manifest\.json files\[0\] has path "report\.json", not a plain \*\.safetensors file name/,
    );
  });
});

describe('formatBytes', () => {
  it('writes sizes with three significant digits in the page language', () => {
    expect(formatBytes(512, 'en')).toBe('512 B');
    expect(formatBytes(2_114_932, 'en')).toBe('2.11 MB');
    expect(formatBytes(605_109_252, 'en')).toBe('605 MB');
    expect(formatBytes(1_710_000_000, 'es')).toBe('1,71 GB');
  });
});
