// Fuzzing the checkpoint reader with a seeded generator: random pickles, mutations of a real data.pkl, and
// mutated torch archives never fail with anything but an UnpickleError, a ZipError or a CheckpointError
// (the first two are CheckpointErrors), and each input is done with quickly.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CheckpointError } from '../../src/clip/safetensors';
import { memorySource } from '../../src/weights/byte-source';
import { readTorchIndex, readTorchTensor } from '../../src/weights/torch-bin';
import { unpickle } from '../../src/weights/unpickle';
import { readZipDirectory } from '../../src/weights/zip';
import { crc32, readEntry } from '../../src/weights/zip-entry';
import { type Rng, createRng } from '../../src/world/random';

const EXPECTED_ERRORS = new Set(['CheckpointError', 'ZipError', 'UnpickleError']);

/** Runs `f`; true if it returned, false if it threw one of ours; fails the test on anything else. */
async function survives(what: string, f: () => unknown): Promise<boolean> {
  try {
    await f();
    return true;
  } catch (err) {
    if (!(err instanceof CheckpointError) || !EXPECTED_ERRORS.has(err.name)) {
      throw new Error(`${what}: threw ${String(err)}`, { cause: err });
    }
    return false;
  }
}

/** Opcodes (allowed or not) and small numbers, so random strings get past the first byte now and then. */
const ALPHABET = [
  0x80, 0x02, 0x95, 0x2e, 0x28, 0x7d, 0x5d, 0x29, 0x58, 0x8c, 0x8d, 0x4a, 0x4b, 0x4d, 0x8a, 0x47, 0x4e, 0x88,
  0x89, 0x74, 0x85, 0x86, 0x87, 0x71, 0x72, 0x68, 0x6a, 0x94, 0x73, 0x75, 0x61, 0x65, 0x63, 0x93, 0x52, 0x62,
  0x51, 0x69, 0x6f, 0x81, 0x0a, 0x00, 0x01, 0x03, 0xff,
];

function mutate(rng: Rng, input: Uint8Array): Uint8Array {
  let b = Array.from(input);
  const ops = 1 + rng.int(4);
  for (let k = 0; k < ops; k++) {
    const at = rng.int(Math.max(1, b.length));
    switch (rng.int(6)) {
      case 0:
        b[at] = (b[at]! ^ (1 << rng.int(8))) & 0xff;
        break;
      case 1:
        b[at] = rng.chance(0.5) ? rng.pick(ALPHABET) : rng.int(256);
        break;
      case 2:
        b.splice(at, 0, rng.chance(0.5) ? rng.pick(ALPHABET) : rng.int(256));
        break;
      case 3:
        b.splice(at, 1 + rng.int(8));
        break;
      case 4: {
        const from = rng.int(Math.max(1, b.length));
        b.splice(at, 0, ...b.slice(from, from + 1 + rng.int(40)));
        break;
      }
      default:
        b = b.slice(0, at);
    }
  }
  return Uint8Array.from(b);
}

function timed(times: number[], f: () => Promise<unknown>): Promise<unknown> {
  const t0 = performance.now();
  return f().finally(() => times.push(performance.now() - t0));
}

describe('fuzz (seeded)', () => {
  const bin = new Uint8Array(readFileSync('../shared/reference/hf-tiny-clip-a/pytorch_model.bin'));

  it('3000 random byte strings', async () => {
    const rng = createRng(19);
    const times: number[] = [];
    let parsed = 0;
    for (let i = 0; i < 3000; i++) {
      const n = rng.int(300);
      const bytes = new Uint8Array(n);
      for (let j = 0; j < n; j++) bytes[j] = rng.chance(0.7) ? rng.pick(ALPHABET) : rng.int(256);
      if (rng.chance(0.5) && n >= 2) bytes.set([0x80, 0x02]);
      if (await timed(times, () => survives(`random #${i}`, () => unpickle(bytes)))) parsed++;
    }
    expect(Math.max(...times)).toBeLessThan(250);
    expect(parsed).toBeLessThan(3000);
  });

  it('3000 mutations of the real data.pkl of hf-tiny-clip-a', async () => {
    const source = memorySource(bin);
    const dir = await readZipDirectory(source);
    const pkl = (await readEntry(source, dir.byName.get('pytorch_model/data.pkl')!)).bytes;
    const rng = createRng(20240521);
    const times: number[] = [];
    let parsed = 0;
    for (let i = 0; i < 3000; i++) {
      const bytes = mutate(rng, pkl);
      if (await timed(times, () => survives(`mutant #${i}`, () => unpickle(bytes)))) parsed++;
    }
    expect(Math.max(...times)).toBeLessThan(250);
    expect(parsed).toBeGreaterThan(0); // some mutants (a changed digit, say) are still pickles
  });

  it('1500 archives with a mutated data.pkl (CRC fixed up), read whole', async () => {
    const zip = new Uint8Array(readFileSync('test/weights/fixtures/torch/qkv-shared.bin'));
    const source = memorySource(zip);
    const dir = await readZipDirectory(source);
    const entry = dir.entries[0]!;
    expect(entry.name).toBe('qkv-shared/data.pkl');
    const { bytes: pkl, dataOffset } = await readEntry(source, entry);
    const rng = createRng(7);
    const times: number[] = [];
    let read = 0;
    for (let i = 0; i < 1500; i++) {
      // Same length, so the archive stays valid around it: byte changes only.
      const m = pkl.slice();
      for (let k = 1 + rng.int(3); k > 0; k--)
        m[rng.int(m.length)] = rng.chance(0.5) ? rng.pick(ALPHABET) : rng.int(256);
      const file = zip.slice();
      file.set(m, dataOffset);
      new DataView(file.buffer).setUint32(dir.centralDirectoryOffset + 16, crc32(m), true);
      const s = memorySource(file);
      const ok = await timed(times, () =>
        survives(`archive #${i}`, async () => {
          for (const t of (await readTorchIndex(s)).values()) await readTorchTensor(s, t);
        }),
      );
      if (ok) read++;
    }
    expect(Math.max(...times)).toBeLessThan(250);
    expect(read).toBeGreaterThan(0);
  });

  it('1500 torch archives mutated in their records and end, or cut short', async () => {
    const files = ['qkv-shared.bin', 'zip64.bin', 'strided.bin', 'float16.bin'].map(
      (f) => new Uint8Array(readFileSync(`test/weights/fixtures/torch/${f}`)),
    );
    const rng = createRng(1950);
    const times: number[] = [];
    for (let i = 0; i < 1500; i++) {
      const file = rng.pick(files).slice();
      let bytes: Uint8Array;
      if (rng.chance(0.15)) {
        bytes = file.subarray(0, rng.int(file.length));
      } else {
        // Mostly the central directory and end records (the last 400 bytes), sometimes anywhere.
        for (let k = 1 + rng.int(3); k > 0; k--) {
          const at = rng.chance(0.7)
            ? file.length - 1 - rng.int(Math.min(400, file.length))
            : rng.int(file.length);
          file[at] = rng.chance(0.5) ? rng.int(256) : rng.pick([0x00, 0xff, 0x01, 0x40, 0x80]);
        }
        bytes = file;
      }
      const s = memorySource(bytes);
      await timed(times, () =>
        survives(`archive #${i}`, async () => {
          for (const t of (await readTorchIndex(s)).values()) await readTorchTensor(s, t);
        }),
      );
    }
    expect(Math.max(...times)).toBeLessThan(250);
  });
});
