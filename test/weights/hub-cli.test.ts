// `npm run weights -- --from org/name` against a stand-in hub (test/helpers/hub-server.ts) serving
// ../shared/reference/hf-tiny-clip-a as repositories: the API listing, resolve/ redirected to a CDN origin,
// X-Linked-Etag and X-Linked-Size. The converted model must reproduce OpenAI's fixtures. Resuming with
// Range is tested in cli.test.ts (the stand-in's truncate drops the connection before any byte arrives).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disposeModel, forward } from '../../src/clip/model';
import { useBackend } from '../../src/node/backend';
import { loadModelDir } from '../../src/node/models';
import type { Manifest } from '../../src/weights/manifest';
import { type StandInHub, startStandInHub } from '../helpers/hub-server';
import { REFERENCE, loadFixtures, maxAbsDiff, splitRows } from '../helpers/reference';
import { expectOneLineError, weights } from './helpers';

const HF = resolve(REFERENCE, 'hf-tiny-clip-a');
const file = (name: string): Uint8Array => new Uint8Array(readFileSync(resolve(HF, name)));
const config = file('config.json');
const safetensors = file('model.safetensors');
const torchBin = file('pytorch_model.bin');
const hasTorchReader = existsSync(resolve('src/weights/torch-bin.ts'));
const fx = loadFixtures();
const tmp = mkdtempSync(join(tmpdir(), 'hub-cli-'));
const bert = new TextEncoder().encode(JSON.stringify({ model_type: 'bert', architectures: ['BertModel'] }));

let hub: StandInHub;
beforeAll(async () => {
  hub = await startStandInHub({
    'org/tiny': { files: { 'config.json': config, 'model.safetensors': safetensors } },
    'org/tiny-bin': { files: { 'config.json': config, 'pytorch_model.bin': torchBin } },
    'org/gated': { files: { 'config.json': config }, status: 401 },
    'org/forbidden': { files: { 'config.json': config }, status: 403 },
    'org/bad-sha': {
      files: { 'config.json': config, 'model.safetensors': safetensors },
      wrongSha: 'model.safetensors',
    },
    'org/bert': { files: { 'config.json': bert, 'model.safetensors': safetensors } },
  });
});
afterAll(() => hub.close());

const run = (id: string, name: string, extra: string[] = []) =>
  weights(['--from', id, '--name', name, '--out', join(tmp, name), '--cache', join(tmp, 'cache'), ...extra], {
    HF_ENDPOINT: hub.endpoint,
  });

/** The converted folder's features against OpenAI's fixtures of tiny-clip-a. */
async function expectFixtureFeatures(dir: string): Promise<void> {
  await useBackend('cpu');
  const model = loadModelDir(dir);
  try {
    const ids = splitRows(fx.get('text.tokens').data as Int32Array, 4);
    const images = splitRows(fx.get('image.pixels').data as Float32Array, 3);
    const r = forward(model, { ids, images });
    expect(maxAbsDiff(r.textFeatures!.data, fx.get('text.features').data)).toBeLessThan(1e-4);
    expect(maxAbsDiff(r.imageFeatures!.data, fx.get('image.features').data)).toBeLessThan(1e-4);
    expect(maxAbsDiff(r.logitsPerImage!.data, fx.get('logits_per_image').data)).toBeLessThan(1e-4);
  } finally {
    disposeModel(model);
  }
}

describe('a hub repository', () => {
  it('downloads config.json and model.safetensors, follows the redirect and converts to the fixtures', async () => {
    const r = await run('org/tiny', 'hub-tiny', ['--dtype', 'fp32']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/from org\/tiny model\.safetensors \(hf names, 6\.91 MB\)/);
    expect(hub.log.some((l) => l.startsWith('GET hub /api/models/org/tiny/revision/main'))).toBe(true);
    expect(hub.log.some((l) => l.startsWith('GET cdn /blobs/org/tiny/model.safetensors'))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(tmp, 'hub-tiny', 'manifest.json'), 'utf8')) as Manifest;
    // The heads come from config.json (vision_heads is written out), not from OpenAI's width / 64 rule.
    expect(manifest.config).toMatchObject({ transformer_heads: 4, vision_heads: 1, embed_dim: 32 });
    expect(manifest.source).toEqual({ from: 'org/tiny', scheme: 'hf' });
    await expectFixtureFeatures(join(tmp, 'hub-tiny'));
    expect(readdirSync(join(tmp, 'cache', 'org--tiny')).sort()).toEqual([
      'config.json',
      'download.json',
      'model.safetensors',
    ]);
  });

  it('names a revision in the URLs and keeps it apart in the cache', async () => {
    hub.log.length = 0;
    const r = await run('org/tiny@v1.0', 'hub-rev');
    expect(r.code, r.stderr).toBe(0);
    expect(hub.log.some((l) => l.includes('/org/tiny/resolve/v1.0/model.safetensors'))).toBe(true);
    expect(existsSync(join(tmp, 'cache', 'org--tiny@v1.0', 'model.safetensors'))).toBe(true);
  });

  it.runIf(hasTorchReader)('converts a repository that holds only pytorch_model.bin', async () => {
    const r = await run('org/tiny-bin', 'hub-bin', ['--dtype', 'fp32']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/from org\/tiny-bin pytorch_model\.bin \(hf names/);
    await expectFixtureFeatures(join(tmp, 'hub-bin'));
  });

  it('refuses a missing, private or gated repository with one clear line', async () => {
    expectOneLineError(await run('org/missing', 'x'), /no model\.safetensors for org\/missing on the hub/);
    expectOneLineError(
      await run('org/gated', 'x'),
      /org\/gated: the repository is private or gated.*HTTP 401/,
    );
    expectOneLineError(await run('org/forbidden', 'x'), /private or gated.*HTTP 403/);
  });

  it('deletes a download whose sha256 is not the one the hub announced', async () => {
    const r = await run('org/bad-sha', 'x');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    // Progress lines come first; the error is the last line.
    expect(r.stderr.trimEnd().split('\n').at(-1)).toMatch(
      /^weights: model\.safetensors for org\/bad-sha has sha256 [0-9a-f]{64} but the hub announced [0-9a-f]{64}; the download was removed/,
    );
    const folder = join(tmp, 'cache', 'org--bad-sha');
    expect(readdirSync(folder).filter((f) => f.startsWith('model.safetensors'))).toEqual([]);
  });

  it("gives fromHfConfig's sentence for a config.json that is not a CLIP", async () => {
    expectOneLineError(
      await run('org/bert', 'x'),
      /org\/bert config\.json is not a CLIP model \(model_type "bert"\)/,
    );
  });
});
