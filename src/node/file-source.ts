// A ByteSource over a file on disk (fs.open + positioned reads): a checkpoint read a tensor at a time
// without holding the whole file.
import { open } from 'node:fs/promises';
import { type ByteSource, checkRange } from '../weights/byte-source';

export interface FileSource extends ByteSource {
  close(): Promise<void>;
}

export async function openFileSource(path: string): Promise<FileSource> {
  const handle = await open(path, 'r');
  let size: number;
  try {
    size = (await handle.stat()).size;
  } catch (err) {
    await handle.close();
    throw err;
  }
  return {
    size,
    async read(offset, length, signal) {
      checkRange(size, offset, length);
      signal?.throwIfAborted();
      const out = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await handle.read(out, done, length - done, offset + done);
        if (bytesRead === 0)
          throw new Error(`${path} ended at byte ${offset + done}: it changed while being read`);
        done += bytesRead;
        signal?.throwIfAborted();
      }
      return out;
    },
    close: () => handle.close(),
  };
}
