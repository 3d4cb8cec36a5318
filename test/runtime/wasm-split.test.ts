// The wasm SplitV that copies within the module's memory: the pieces of TF.js's cpu split, read nothing back.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { useBackend } from '../../src/node/backend';

const cases: [string, number[], tf.DataType, number | number[], number][] = [
  ['q, k and v from a packed projection', [2, 5, 12], 'float32', 3, -1],
  ['uneven pieces along the first axis', [6, 4], 'float32', [1, 3, 2], 0],
  ['a middle axis', [3, 4, 5], 'float32', [1, 3], 1],
  ['int32 ids', [4, 6], 'int32', 2, 1],
  ['bool', [2, 3], 'bool', [2, 1], 1],
];

function values(shape: number[], dtype: tf.DataType): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = Array.from({ length: n }, (_, i) =>
    dtype === 'bool' ? Number(i % 3 === 0) : dtype === 'int32' ? i * 3 - 7 : i * 1.5 - 7,
  );
  return tf.tensor(data, shape, dtype);
}

async function piecesOn(
  backend: 'cpu' | 'wasm',
  [, shape, dtype, splits, axis]: (typeof cases)[number],
): Promise<{ shape: number[]; data: number[] }[]> {
  await useBackend(backend);
  return tf.tidy(() =>
    tf.split(values(shape, dtype), splits, axis).map((t) => ({
      shape: t.shape,
      data: Array.from(t.dataSync()),
    })),
  );
}

describe('wasm SplitV', () => {
  beforeAll(() => useBackend('wasm'));

  it.each(cases)("gives the cpu backend's pieces: %s", async (...c) => {
    const want = await piecesOn('cpu', c);
    expect(await piecesOn('wasm', c)).toEqual(want);
  });

  it('reads nothing back from wasm memory and leaks no tensor', async () => {
    await useBackend('wasm');
    const x = values([50, 2304], 'float32');
    const before = tf.memory().numTensors;
    const readSync = vi.spyOn(tf.backend(), 'readSync');
    const pieces = tf.split(x, 3, -1);
    expect(readSync).not.toHaveBeenCalled();
    readSync.mockRestore();
    expect(pieces.map((p) => p.shape)).toEqual([
      [50, 768],
      [50, 768],
      [50, 768],
    ]);
    tf.dispose(pieces);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
