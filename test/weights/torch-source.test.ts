// The streaming converter's view of a torch file (torch-source.ts): each tensor's byte range, cut from the
// whole file and decoded, gives the values readTorchTensor reads on its own: views sharing one storage
// (q, k, v), transposed and sliced views, float16, and the real tiny-clip-a file.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memorySource } from '../../src/weights/byte-source';
import { readTorchIndex, readTorchTensor } from '../../src/weights/torch-bin';
import { torchTensors } from '../../src/weights/torch-source';
import { REFERENCE } from '../helpers/reference';

const FILES = [
  'test/weights/fixtures/torch/qkv-shared.bin',
  'test/weights/fixtures/torch/strided.bin',
  'test/weights/fixtures/torch/float16.bin',
  resolve(REFERENCE, 'hf-tiny-clip-a/pytorch_model.bin'),
];

describe.each(FILES)('%s as byte ranges', (path) => {
  it('decodes every float tensor from its range exactly as readTorchTensor reads it', async () => {
    const bytes = new Uint8Array(readFileSync(path));
    const source = memorySource(bytes);
    const index = await readTorchIndex(source);
    const tensors = await torchTensors(source);
    expect(tensors.length).toBeGreaterThan(0);
    for (const t of tensors) {
      expect(t.begin).toBeGreaterThanOrEqual(0);
      expect(t.end).toBeLessThanOrEqual(bytes.byteLength);
      const got = t.decode(bytes.subarray(t.begin, t.end));
      const want = await readTorchTensor(source, index.get(t.name)!);
      expect([...got], t.name).toEqual([...want]);
    }
  });
});
