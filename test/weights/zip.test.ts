// The ZIP reader: archives torch and Python wrote, small ones made here, and malformed ones; every
// malformation is a ZipError saying what is wrong. Reads stay few and bounded.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type ByteSource, memorySource } from '../../src/weights/byte-source';
import { MAX_DIRECTORY_BYTES, ZipError, readZipDirectory } from '../../src/weights/zip';
import { crc32, readEntry } from '../../src/weights/zip-entry';

const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(`test/weights/fixtures/torch/${name}`));

interface MakeEntry {
  name: string;
  data: Uint8Array;
  method?: number;
  localExtra?: Uint8Array;
}

/** A minimal stored ZIP (no ZIP64): local header + data per entry, central directory, EOCD (+ comment). */
function makeZip(entries: MakeEntry[], comment = ''): Uint8Array {
  const parts: number[] = [];
  const central: number[] = [];
  const le = (out: number[], n: number, bytes: number): void => {
    for (let i = 0; i < bytes; i++) out.push(Math.floor(n / 2 ** (8 * i)) & 0xff);
  };
  for (const e of entries) {
    const name = new TextEncoder().encode(e.name);
    const extra = e.localExtra ?? new Uint8Array(0);
    const offset = parts.length;
    const crc = crc32(e.data);
    le(parts, 0x04034b50, 4);
    le(parts, 20, 2);
    le(parts, 0x800, 2);
    le(parts, e.method ?? 0, 2);
    le(parts, 0, 4);
    le(parts, crc, 4);
    le(parts, e.data.length, 4);
    le(parts, e.data.length, 4);
    le(parts, name.length, 2);
    le(parts, extra.length, 2);
    parts.push(...name, ...extra, ...e.data);
    le(central, 0x02014b50, 4);
    le(central, 20, 2);
    le(central, 20, 2);
    le(central, 0x800, 2);
    le(central, e.method ?? 0, 2);
    le(central, 0, 4);
    le(central, crc, 4);
    le(central, e.data.length, 4);
    le(central, e.data.length, 4);
    le(central, name.length, 2);
    le(central, 0, 2);
    le(central, 0, 2);
    le(central, 0, 2);
    le(central, 0, 2);
    le(central, 0, 4);
    le(central, offset, 4);
    central.push(...name);
  }
  const cdOffset = parts.length;
  parts.push(...central);
  le(parts, 0x06054b50, 4);
  le(parts, 0, 4);
  le(parts, entries.length, 2);
  le(parts, entries.length, 2);
  le(parts, central.length, 4);
  le(parts, cdOffset, 4);
  const c = new TextEncoder().encode(comment);
  le(parts, c.length, 2);
  parts.push(...c);
  return Uint8Array.from(parts);
}

const bytesOf = (s: string): Uint8Array => new TextEncoder().encode(s);
const eocdAt = (b: Uint8Array): number => {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let i = b.length - 22; i >= 0; i--) if (v.getUint32(i, true) === 0x06054b50) return i;
  throw new Error('no EOCD');
};
const patch = (b: Uint8Array, at: number, value: number, size: 2 | 4 | 8): Uint8Array => {
  const out = b.slice();
  const v = new DataView(out.buffer);
  if (size === 2) v.setUint16(at, value, true);
  else if (size === 4) v.setUint32(at, value, true);
  else v.setBigUint64(at, BigInt(value), true);
  return out;
};

async function zipError(bytes: Uint8Array, pattern: RegExp, read?: (s: ByteSource) => Promise<unknown>) {
  const source = memorySource(bytes);
  const err = await (read ? read(source) : readZipDirectory(source)).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, String(pattern)).toBeInstanceOf(ZipError);
  expect((err as Error).message).toMatch(pattern);
}

describe('archives as torch and Python write them', () => {
  it("torch's: ZIP64 end records, data descriptors, 64-byte aligned data, in one read", async () => {
    const bytes = new Uint8Array(readFileSync('../shared/reference/hf-tiny-clip-a/pytorch_model.bin'));
    const reads: number[][] = [];
    const m = memorySource(bytes);
    const dir = await readZipDirectory({ size: m.size, read: (o, l) => (reads.push([o, l]), m.read(o, l)) });
    expect(reads).toEqual([[bytes.length - 65557, 65557]]);
    expect(dir.zip64).toBe(true);
    expect(dir.entries).toHaveLength(82);
    expect(dir.entries[0]).toMatchObject({
      name: 'pytorch_model/data.pkl',
      method: 0,
      size: 9617,
      localHeaderOffset: 0,
    });
    const { bytes: version, dataOffset } = await readEntry(m, dir.byName.get('pytorch_model/version')!);
    expect(new TextDecoder().decode(version)).toBe('3\n');
    expect(dataOffset % 64).toBe(0);
  });

  it("Python zipfile's (no ZIP64), and one with a comment and a long local extra field", async () => {
    const dir = await readZipDirectory(memorySource(fixture('not-torch.zip')));
    expect(dir.zip64).toBe(false);
    expect(dir.entries.map((e) => e.name)).toEqual(['notes/readme.txt']);

    const data = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7) & 0xff);
    const zip = makeZip(
      [
        { name: 'a/one', data: bytesOf('first') },
        { name: 'a/two', data, localExtra: new Uint8Array(1000).fill(1) },
      ],
      'a comment with PK\u0005\u0006 in it',
    );
    const source = memorySource(zip);
    const d = await readZipDirectory(source);
    expect(d.entries.map((e) => [e.name, e.size])).toEqual([
      ['a/one', 5],
      ['a/two', 3000],
    ]);
    expect(new TextDecoder().decode((await readEntry(source, d.byName.get('a/one')!)).bytes)).toBe('first');
    const two = await readEntry(source, d.byName.get('a/two')!, { start: 100, end: 2900 }); // extra > LOCAL_SLACK: two reads
    expect(two.bytes).toEqual(data.subarray(100, 2900));
  });

  it('a central directory of 1000 entries far from the end: three reads', async () => {
    const entries = Array.from({ length: 1000 }, (_, i) => ({
      name: `dir/entry-${i}`,
      data: bytesOf(`v${i}`),
    }));
    const zip = makeZip(entries, 'x'.repeat(65000));
    const m = memorySource(zip);
    const reads: number[][] = [];
    const dir = await readZipDirectory({ size: m.size, read: (o, l) => (reads.push([o, l]), m.read(o, l)) });
    expect(dir.entries).toHaveLength(1000);
    expect(reads.length).toBeLessThanOrEqual(2);
  });
});

describe('malformed archives: each a clear ZipError', () => {
  const good = makeZip([
    { name: 'x/data.pkl', data: bytesOf('0123456789') },
    { name: 'x/data/0', data: new Uint8Array(64) },
  ]);
  const eocd = eocdAt(good);
  const cdOffset = new DataView(good.buffer).getUint32(eocd + 16, true);
  const secondEntry = cdOffset + 46 + 'x/data.pkl'.length;

  it('truncated anywhere', async () => {
    for (const keep of [0, 10, 21, good.length >> 1, good.length - 23, good.length - 1]) {
      await zipError(
        good.subarray(0, keep),
        /not a ZIP archive|too short|no end of central directory|out of bounds/,
      );
    }
    const torch = fixture('qkv-shared.bin');
    await zipError(torch.subarray(0, torch.length - 1), /no end of central directory/);
    await zipError(torch.subarray(0, torch.length >> 1), /no end of central directory/);
    // the front cut away: the end records point at bytes that are gone
    await zipError(
      torch.subarray(700),
      /out of bounds|does not lie before|no ZIP64 end of central directory/,
    );
  });

  it('no EOCD', async () => {
    const b = good.slice();
    b[eocd] = 0;
    await zipError(b, /^not a ZIP archive \(or truncated\): no end of central directory record/);
  });

  it('central directory offset or size past the end', async () => {
    await zipError(patch(good, eocd + 16, 0x7fffffff, 4), /^central directory out of bounds/);
    await zipError(patch(good, eocd + 12, 100000, 4), /^central directory out of bounds/);
    // the same in a ZIP64 record (torch's files): its offset field is at 48, its size at 40
    const torch = fixture('qkv-shared.bin');
    const record = new DataView(torch.buffer).getUint32(eocdAt(torch) - 20 + 8, true);
    await zipError(patch(torch, record + 48, 2 ** 40, 8), /^central directory out of bounds/);
    await zipError(patch(torch, record + 48, 2 ** 60, 8), /absurd \(over 2\^53\)/);
    await zipError(
      patch(torch, eocdAt(torch) - 20 + 8, 5, 8),
      /no ZIP64 end of central directory record at byte 5/,
    );
    await zipError(
      patch(patch(torch, record + 24, 2_000_000, 8), record + 32, 2_000_000, 8),
      /claims 2000000 entries; more than 1000000 is refused/,
    );
    await zipError(
      patch(torch, record + 40, MAX_DIRECTORY_BYTES + 1, 8),
      /central directory claims \d+ bytes; more than/,
    );
  });

  it('entries that point outside, overlap, or lie', async () => {
    await zipError(
      patch(good, secondEntry + 42, 0x10000, 4),
      /entry "x\/data\/0" points outside the archive's data/,
    );
    await zipError(patch(good, secondEntry + 20, 0x7fff0000, 4), /entry "x\/data\/0" points outside/);
    await zipError(
      patch(good, cdOffset + 20, 40, 4),
      /entry "x\/data\.pkl" .* overlaps the next entry "x\/data\/0"/,
    );
    await zipError(patch(good, secondEntry + 42, 5, 4), /overlaps/);
    await zipError(
      patch(good, cdOffset, 0x12345678, 4),
      /central directory entry 0 \(byte \d+\) is missing or corrupt/,
    );
    await zipError(patch(good, eocd + 10, 3, 2), /cannot hold 3 entries|multi-disk/);
    await zipError(patch(patch(good, eocd + 8, 3, 2), eocd + 10, 3, 2), /cannot hold 3 entries/);
    await zipError(patch(good, eocd + 4, 1, 2), /multi-disk/);
    await zipError(patch(good, cdOffset + 30, 0xffff, 2), /runs past the central directory/);
    const dup = makeZip([
      { name: 'a', data: bytesOf('1') },
      { name: 'a', data: bytesOf('2') },
    ]);
    await zipError(dup, /two entries named "a"/);
    const long = makeZip([{ name: 'n'.repeat(5000), data: bytesOf('1') }]);
    await zipError(long, /a 5000-byte name \(over 4096\)/);
  });

  it('local headers that disagree with the central directory', async () => {
    const read = async (s: ByteSource) => readEntry(s, (await readZipDirectory(s)).byName.get('x/data/0')!);
    const second = 30 + 'x/data.pkl'.length + 10;
    await zipError(patch(good, second, 0, 4), /entry "x\/data\/0": no local header at byte/, read);
    await zipError(patch(good, second + 28, 0xfff0, 2), /its data .* runs past the next record/, read);
    const renamed = good.slice();
    renamed[second + 30] = 'y'.charCodeAt(0);
    await zipError(renamed, /its local header names "y\/data\/0"/, read);
  });

  it('a compressed (deflate) entry, refused when read', async () => {
    const source = memorySource(fixture('deflated.bin'));
    const dir = await readZipDirectory(source);
    expect(dir.entries[0]!.method).toBe(8);
    await zipError(
      fixture('deflated.bin'),
      /^entry "qkv-shared\/data\.pkl" is compressed \(method 8, deflate\); only stored \(uncompressed\) entries are supported/,
      async (s) => readEntry(s, (await readZipDirectory(s)).entries[0]!),
    );
  });
});
