// `npm run weights` as a subprocess: a summary on success, one-line errors and non-zero exits on bad input,
// and hub downloads from a local server standing in for huggingface.co (HF_ENDPOINT), resumed by Range.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/clip/config';
import { initWeights } from '../../src/clip/init';
import { readSafetensors, writeSafetensors } from '../../src/clip/safetensors';
import type { Manifest } from '../../src/weights/manifest';
import { TINY_A } from '../helpers/reference';
import { type Handler, expectOneLineError, listen, weights } from './helpers';

const tmp = mkdtempSync(join(tmpdir(), 'weights-cli-'));
const SOURCE = resolve(TINY_A, 'weights.safetensors');
const sourceBytes = readFileSync(SOURCE);
const manifestOf = (dir: string): Manifest =>
  JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;

describe('a local checkpoint', () => {
  it('converts with a summary on stdout, nothing on stderr', async () => {
    const out = join(tmp, 'local');
    const r = await weights(['--from', SOURCE, '--name', 'local', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /: 1 shard, 3\.\d+ MB F16, from .*weights\.safetensors \(openai names, 6\.91 MB\)\n$/,
    );
    const manifest = manifestOf(out);
    expect(manifest.dtype).toBe('F16');
    expect(manifest.files.map((f) => f.path)).toEqual(['model-00001-of-00001.safetensors']);
    expect(manifest.fidelity).toBeUndefined();
  });

  it('maps open_clip names to OpenAI names and prints the int8 fidelity', async () => {
    const ckpt = readSafetensors(sourceBytes);
    const renamed = join(tmp, 'open-clip.safetensors');
    writeFileSync(
      renamed,
      writeSafetensors(
        [...ckpt.tensors].map(([n, t]) => [`module.${n}`, t] as [string, typeof t]),
        {
          metadata: ckpt.metadata,
        },
      ),
    );
    const out = join(tmp, 'open-clip');
    const r = await weights(['--from', renamed, '--name', 'oc', '--out', out, '--dtype', 'int8']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/open_clip names/);
    expect(r.stdout).toMatch(/int8 fidelity, cosine to fp32 features: images min 0\.9\d+ mean 0\.9\d+/);
    expect(manifestOf(out).source).toEqual({ from: 'open-clip.safetensors', scheme: 'open_clip' });
  });

  it('gives one-line errors for bad input', async () => {
    const out = join(tmp, 'never');
    expectOneLineError(
      await weights(['--from', join(tmp, 'missing.safetensors'), '--name', 'x', '--out', out]),
      /cannot read checkpoint .*missing\.safetensors: no such file/,
    );
    const text = join(tmp, 'notes.txt');
    writeFileSync(text, 'just some words, not tensors');
    expectOneLineError(
      await weights(['--from', text, '--name', 'x', '--out', out]),
      /notes\.txt: not a safetensors file/,
    );
    const cut = join(tmp, 'cut.safetensors');
    writeFileSync(cut, sourceBytes.subarray(0, sourceBytes.byteLength >> 1));
    expectOneLineError(
      await weights(['--from', cut, '--name', 'x', '--out', out]),
      /cut\.safetensors: truncated file: tensor "[^"]+" ends at byte \d+ but the file has \d+/,
    );
    const other = { ...PRESETS['tiny-reference']!, transformer_width: 64 };
    const mismatched = join(tmp, 'mismatched.safetensors');
    writeFileSync(
      mismatched,
      writeSafetensors(initWeights(other), {
        metadata: { config: JSON.stringify(PRESETS['tiny-reference']) },
      }),
    );
    expectOneLineError(
      await weights(['--from', mismatched, '--name', 'x', '--out', out]),
      /checkpoint does not match the config: tensor "[^"]+" has shape \[\d+/,
    );
    const alien = join(tmp, 'alien.safetensors');
    writeFileSync(alien, writeSafetensors([['encoder.w', { shape: [2], data: new Float32Array(2) }]]));
    expectOneLineError(
      await weights(['--from', alien, '--name', 'x', '--out', out]),
      /unrecognised checkpoint/,
    );
    expectOneLineError(
      await weights(['--from', SOURCE, '--name', 'x', '--dtype', 'int4']),
      /--dtype must be fp16, fp32 or int8/,
    );
    expectOneLineError(await weights(['--from', SOURCE, '--name', 'tiny']), /committed trained model/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('a hub checkpoint', () => {
  const ranges: (string | undefined)[] = [];
  let endpoint: string;
  let server: { close(): void };
  let cuts = 0;

  // owner/ok serves the file (honouring Range); owner/cut breaks its first full response halfway.
  const hub: Handler = (req, res) => {
    const m = /^\/owner\/(ok|cut)\/resolve\/main\/model\.safetensors$/.exec(req.url ?? '');
    if (!m) return void res.writeHead(404).end('Entry not found');
    ranges.push(req.headers.range);
    const size = sourceBytes.byteLength;
    const from = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);
    if (from > 0) {
      res.writeHead(206, {
        'Content-Length': size - from,
        'Content-Range': `bytes ${from}-${size - 1}/${size}`,
      });
      return void res.end(sourceBytes.subarray(from));
    }
    res.writeHead(200, { 'Content-Length': size });
    if (m[1] === 'cut' && cuts++ === 0) {
      res.write(sourceBytes.subarray(0, 1_000_000), () => res.destroy());
      return;
    }
    res.end(sourceBytes);
  };

  beforeAll(async () => {
    const s = await listen(hub);
    [endpoint, server] = [s.url, s.server];
  });
  afterAll(() => server.close());

  const run = (id: string, name: string, cache: string, extra: Record<string, string> = {}) =>
    weights(['--from', id, '--name', name, '--out', join(tmp, name), '--cache', cache], {
      HF_ENDPOINT: endpoint,
      ...extra,
    });

  it('downloads model.safetensors into the cache and converts it like the local file', async () => {
    const cache = join(tmp, 'cache-ok');
    ranges.length = 0;
    const r = await run('owner/ok', 'hub-ok', cache);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/downloading owner\/ok: 6\.6 \/ 6\.6 MB \(100%\)/);
    expect(ranges).toEqual([undefined]);
    expect(readFileSync(join(cache, 'owner--ok', 'model.safetensors')).equals(sourceBytes)).toBe(true);
    expect(manifestOf(join(tmp, 'hub-ok')).totalBytes).toBe(manifestOf(join(tmp, 'local')).totalBytes);
    expect(manifestOf(join(tmp, 'hub-ok')).source).toEqual({ from: 'owner/ok', scheme: 'openai' });
    // A second run uses the cache: no request at all.
    expect((await run('owner/ok', 'hub-ok', cache)).code).toBe(0);
    expect(ranges).toEqual([undefined]);
  });

  it('resumes a download cut halfway with a Range request, byte-identical', async () => {
    const cache = join(tmp, 'cache-cut');
    ranges.length = 0;
    const r = await run('owner/cut', 'hub-cut', cache);
    expect(r.code, r.stderr).toBe(0);
    // The second request asks for the rest from where the first one broke off (1 MB sent).
    expect(ranges).toHaveLength(2);
    expect(ranges[0]).toBeUndefined();
    expect(Number(/^bytes=(\d+)-$/.exec(ranges[1]!)?.[1])).toBeGreaterThan(0);
    expect(readFileSync(join(cache, 'owner--cut', 'model.safetensors')).equals(sourceBytes)).toBe(true);
    expect(existsSync(join(cache, 'owner--cut', 'model.safetensors.part'))).toBe(false);
    expect(manifestOf(join(tmp, 'hub-cut')).totalBytes).toBe(manifestOf(join(tmp, 'local')).totalBytes);
  });

  it('resumes the .part file an earlier run left behind', async () => {
    const cache = join(tmp, 'cache-part');
    mkdirSync(join(cache, 'owner--ok'), { recursive: true });
    writeFileSync(join(cache, 'owner--ok', 'model.safetensors.part'), sourceBytes.subarray(0, 12345));
    ranges.length = 0;
    expect((await run('owner/ok', 'hub-part', cache)).code).toBe(0);
    expect(ranges).toEqual(['bytes=12345-']);
    expect(readFileSync(join(cache, 'owner--ok', 'model.safetensors')).equals(sourceBytes)).toBe(true);
  });

  it('names a repository without model.safetensors, and an unreachable hub', async () => {
    const cache = join(tmp, 'cache-err');
    expectOneLineError(
      await run('owner/none', 'x', cache),
      /no model\.safetensors for owner\/none on the hub/,
    );
    const closed = await listen(() => undefined);
    closed.server.close();
    expectOneLineError(
      await run('owner/ok', 'x', cache, { HF_ENDPOINT: closed.url }),
      /cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/,
    );
  });
});
