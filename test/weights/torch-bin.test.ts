// The torch checkpoint reader against real torch.save files: hf-tiny-clip-a's pytorch_model.bin against its
// model.safetensors bit for bit, and the small fixtures of scripts/weights/make-torch-fixtures.py against the
// values torch itself read back from them (expected.json), written by Python, independent of this reader.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFileSource } from '../../src/node/file-source';
import { CheckpointError, readSafetensors } from '../../src/clip/safetensors';
import { type ByteSource, memorySource } from '../../src/weights/byte-source';
import {
  type TorchIndex,
  readTorchCheckpoint,
  readTorchIndex,
  readTorchTensor,
  sniffTorch,
} from '../../src/weights/torch-bin';
import { UnpickleError } from '../../src/weights/unpickle';
import { ZipError } from '../../src/weights/zip';

const HF = '../shared/reference/hf-tiny-clip-a';
const FIXTURES = 'test/weights/fixtures/torch';
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(FIXTURES, name)));

interface Expected {
  dtype: string;
  shape: number[];
  stride: number[];
  storageOffset: number;
  values: (number | string)[];
}
const EXPECTED = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as {
  files: Record<string, Record<string, Expected>>;
};

const toNumber = (v: number | string): number =>
  v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : (v as number);

const bits = (a: Float32Array): Uint32Array => new Uint32Array(a.buffer, a.byteOffset, a.length);

function counting(inner: ByteSource): { source: ByteSource; reads: [number, number][] } {
  const reads: [number, number][] = [];
  return {
    reads,
    source: {
      size: inner.size,
      read: (offset, length, signal) => {
        reads.push([offset, length]);
        return inner.read(offset, length, signal);
      },
    },
  };
}

/** Every tensor of `index` read back equals what torch read back: shape, stride, offset and each value. */
async function expectMatches(source: ByteSource, index: TorchIndex, expected: Record<string, Expected>) {
  expect([...index.keys()]).toEqual(Object.keys(expected));
  for (const [name, want] of Object.entries(expected)) {
    const got = index.get(name)!;
    expect({
      name,
      dtype: got.dtype,
      shape: got.shape,
      stride: got.stride,
      offset: got.storageOffset,
    }).toEqual({
      name,
      dtype: want.dtype,
      shape: want.shape,
      stride: want.stride,
      offset: want.storageOffset,
    });
    const data = await readTorchTensor(source, got);
    expect(data.length, name).toBe(want.values.length);
    const exact = Float32Array.from(want.values.map(toNumber));
    // Bit for bit (so -0 and NaN count); a NaN's payload may differ, so NaNs compare as NaN.
    for (let i = 0; i < exact.length; i++) {
      if (Number.isNaN(exact[i])) expect(data[i], `${name}[${i}]`).toBeNaN();
      else expect(bits(data)[i], `${name}[${i}] = ${data[i]} vs ${exact[i]}`).toBe(bits(exact)[i]);
    }
  }
}

describe('hf-tiny-clip-a: pytorch_model.bin (torch 1.13) against model.safetensors', () => {
  const bin = new Uint8Array(readFileSync(join(HF, 'pytorch_model.bin')));
  const st = readSafetensors(new Uint8Array(readFileSync(join(HF, 'model.safetensors'))));

  it('readTorchCheckpoint gives the same names, dtypes, shapes and bits', async () => {
    const ckpt = await readTorchCheckpoint(bin);
    expect([...ckpt.tensors.keys()].sort()).toEqual([...st.tensors.keys()].sort());
    expect(ckpt.tensors.size).toBe(78); // 80 in the pickle: two I64 position_ids skipped as readSafetensors does
    for (const [name, want] of st.tensors) {
      const got = ckpt.tensors.get(name)!;
      expect({ name, dtype: got.dtype, shape: got.shape }).toEqual({
        name,
        dtype: want.dtype,
        shape: want.shape,
      });
      expect(bits(got.data), name).toEqual(bits(want.data));
    }
  });

  it('readTorchIndex makes a few reads (central directory, data.pkl, grouped local headers), then one a tensor', async () => {
    const { source, reads } = counting(memorySource(bin));
    const index = await readTorchIndex(source);
    const indexReads = reads.length;
    // Seven: the file's last 64 KiB (EOCD, ZIP64 record, central directory and the last local headers),
    // data.pkl with its local header, and the other storages' local headers in 5 groups (a storage of 64 KiB
    // or more between two headers starts a new read; tiny-clip-a has 6 of them).
    expect(indexReads).toBeLessThanOrEqual(7);
    const read = reads.reduce((a, [, l]) => a + l, 0);
    expect(read).toBeLessThan(bin.byteLength / 10); // 386 KB of 6.9 MB: gaps under 64 KiB are read through
    expect(index.size).toBe(80);
    const storages = new Set([...index.values()].map((t) => t.storage));
    for (const s of storages) {
      expect(s.dataOffset % 64, s.key).toBe(0); // torch aligns each record's data to 64 bytes
      expect(s.dataOffset + s.bytes).toBeLessThanOrEqual(s.entry.limit);
    }
    for (const [name, info] of index) {
      const before = reads.length;
      const data = await readTorchTensor(source, info);
      expect(reads.length - before, name).toBe(1);
      const want = st.tensors.get(name);
      if (want) expect(bits(data), name).toEqual(bits(want.data));
      else expect(Array.from(data)).toEqual(Array.from(data, (_, i) => i)); // position_ids: 0, 1, 2, ...
    }
  });

  it('reads a file on disk the same way, through a FileSource', async () => {
    const file = await openFileSource(join(HF, 'pytorch_model.bin'));
    try {
      const index = await readTorchIndex(file);
      const w = index.get('vision_model.encoder.layers.1.mlp.fc2.weight')!;
      expect(bits(await readTorchTensor(file, w))).toEqual(
        bits(st.tensors.get('vision_model.encoder.layers.1.mlp.fc2.weight')!.data),
      );
      const aborted = AbortSignal.abort();
      await expect(readTorchIndex(file, aborted)).rejects.toThrow(/abort/i);
    } finally {
      await file.close();
    }
  });
});

describe('fixtures written by real torch.save', () => {
  for (const name of Object.keys(EXPECTED.files)) {
    it(`${name}: every tensor as torch reads it back`, async () => {
      const source = memorySource(fixture(name));
      await expectMatches(source, await readTorchIndex(source), EXPECTED.files[name]!);
    });
  }

  it('q, k and v share one storage at offsets 0, 32, 64 and are read from it alone', async () => {
    const { source, reads } = counting(memorySource(fixture('qkv-shared.bin')));
    const index = await readTorchIndex(source);
    const [q, k, v, bias, whole] = ['q', 'k', 'v', 'k_bias', 'in_proj'].map((n) => index.get(n)!);
    expect(new Set([q!.storage, k!.storage, v!.storage, whole!.storage]).size).toBe(1);
    expect([q!.storageOffset, k!.storageOffset, v!.storageOffset, bias!.storageOffset]).toEqual([
      0, 32, 64, 8,
    ]);
    const start = reads.length;
    await readTorchTensor(source, v!);
    expect(reads.slice(start)).toEqual([[v!.storage.dataOffset + 64 * 4, 32 * 4]]);
  });

  it('the ZIP64 copy (every size and offset in ZIP64 extra fields) reads as the original', async () => {
    const a = await readTorchCheckpoint(fixture('qkv-shared.bin'));
    const b = await readTorchCheckpoint(fixture('zip64.bin'));
    expect([...b.tensors.keys()]).toEqual([...a.tensors.keys()]);
    for (const [name, t] of a.tensors) expect(b.tensors.get(name)!.data).toEqual(t.data);
  });

  it('readTorchCheckpoint: F16 and BF16 keep their dtype, F64 becomes F32, position_ids are skipped', async () => {
    const ckpt = await readTorchCheckpoint(fixture('float16.bin'));
    expect([...ckpt.tensors].map(([n, t]) => [n, t.dtype, t.shape])).toEqual([
      ['special', 'F16', [12]],
      ['weight', 'F16', [6, 5]],
      ['weight_t', 'F16', [3, 4]],
      ['bf16', 'BF16', [9]],
      ['f64', 'F32', [3, 2]],
    ]);
    const want = EXPECTED.files['float16.bin']!;
    expect(Array.from(ckpt.tensors.get('weight_t')!.data)).toEqual(want.weight_t!.values);
    expect(ckpt.metadata).toEqual({});
  });

  it('empty state dicts, a module state_dict with _metadata, parameters, protocol 4', async () => {
    expect((await readTorchCheckpoint(fixture('empty.bin'))).tensors.size).toBe(0);
    expect((await readTorchCheckpoint(fixture('empty-ordered.bin'))).tensors.size).toBe(0);
    const net = await readTorchCheckpoint(fixture('module-state-dict.bin'));
    expect([...net.tensors.keys()]).toEqual(['0.weight', '0.bias', '1.weight', '1.bias']);
    expect([...(await readTorchCheckpoint(fixture('parameters.bin'))).tensors.keys()]).toEqual([
      'p',
      'frozen',
    ]);
    expect([...(await readTorchCheckpoint(fixture('protocol4.bin'))).tensors.keys()]).toEqual(['a', 'b']);
  });

  it('readTorchCheckpoint refuses integer tensors other than position_ids, naming them', async () => {
    await expect(readTorchCheckpoint(fixture('integers.bin'))).rejects.toThrow(
      /tensor "i64" has unsupported dtype I64/,
    );
  });
});

describe('what is not a torch.save state dict, each with its own message', () => {
  const refuse = async (bytes: Uint8Array, kind: typeof CheckpointError, pattern: RegExp) => {
    for (const read of [() => readTorchCheckpoint(bytes), () => readTorchIndex(memorySource(bytes))]) {
      const err = await read().then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(kind);
      expect((err as Error).message).toMatch(pattern);
    }
  };

  it('the legacy (pre-1.6) format', async () => {
    expect(sniffTorch(fixture('legacy.bin'))).toBe('legacy');
    expect(sniffTorch(fixture('qkv-shared.bin'))).toBe('zip');
    await refuse(
      fixture('legacy.bin'),
      CheckpointError,
      /^PyTorch's legacy \(pre-1\.6\) format is not supported; re-save with torch >= 1\.6/,
    );
  });

  it('a ZIP with no data.pkl, a TorchScript archive, a compressed archive', async () => {
    await refuse(
      fixture('not-torch.zip'),
      CheckpointError,
      /not a PyTorch checkpoint: no <folder>\/data\.pkl.*readme/,
    );
    await refuse(fixture('torchscript.pt'), CheckpointError, /TorchScript archive \(torch\.jit\.save/);
    await refuse(
      fixture('deflated.bin'),
      ZipError,
      /"qkv-shared\/data\.pkl" is compressed \(method 8, deflate\)/,
    );
  });

  it('a pickle that calls os.system: an UnpickleError naming the global, nothing run', async () => {
    await refuse(
      fixture('evil.bin'),
      UnpickleError,
      /^GLOBAL at byte \d+: the global "posix\.system" is not allowed/,
    );
  });

  it('bytes that are neither', async () => {
    await refuse(new Uint8Array(100).fill(7), ZipError, /not a ZIP archive/);
    await refuse(new Uint8Array(3), ZipError, /too short/);
  });
});
