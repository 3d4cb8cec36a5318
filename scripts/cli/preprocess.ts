// `clip preprocess IMAGE --size N --out FILE`: CLIP's image transform, written as float32 LE [3, N, N].
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { preprocess } from '../../src/clip/preprocess';
import { readImageFile } from '../../src/node/image-file';
import { positiveInt, UsageError } from './errors';

export async function preprocessCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { size: { type: 'string' }, out: { type: 'string' } },
  });
  if (positionals.length !== 1) throw new UsageError('preprocess needs exactly one IMAGE');
  const size = positiveInt(values.size, '--size');
  if (!values.out) throw new UsageError('--out FILE is required');
  const { pixels } = preprocess(readImageFile(positionals[0]!), size);
  const bytes = new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength);
  try {
    writeFileSync(values.out, bytes);
  } catch (err) {
    throw new Error(`cannot write ${values.out}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, {
      cause: err,
    });
  }
}
