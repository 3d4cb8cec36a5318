// Random access to a file's bytes without holding the file: a Uint8Array in memory, a file on disk, or
// HTTP Range requests to the hub. Readers of archives and checkpoints see only this interface.

export interface ByteSource {
  /** The file's size in bytes. */
  readonly size: number;
  /** Bytes [offset, offset + length); rejects when the range is outside the file or the read fails. */
  read(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array>;
  /** The bytes from `offset` to the end as they arrive (one request where the source is remote). */
  stream?(offset: number, signal?: AbortSignal): AsyncIterable<Uint8Array>;
}

/** Every byte from `offset` on, in order: the source's own stream, else reads of `window` bytes. */
export async function* streamFrom(
  source: ByteSource,
  offset: number,
  window: number,
  signal?: AbortSignal,
): AsyncIterable<Uint8Array> {
  if (source.stream) {
    yield* source.stream(offset, signal);
    return;
  }
  for (let at = offset; at < source.size; at += window) {
    yield await source.read(at, Math.min(window, source.size - at), signal);
  }
}

export class ByteRangeError extends Error {
  override name = 'ByteRangeError';
}

export function checkRange(size: number, offset: number, length: number): void {
  const ok = Number.isSafeInteger(offset) && Number.isSafeInteger(length) && offset >= 0 && length >= 0;
  if (!ok || offset + length > size) {
    throw new ByteRangeError(`bytes ${offset}..${offset + length} are outside the file (${size} bytes)`);
  }
}

/** A source over bytes already in memory; reads are views, not copies. */
export function memorySource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.byteLength,
    read: async (offset, length) => {
      checkRange(bytes.byteLength, offset, length);
      return bytes.subarray(offset, offset + length);
    },
  };
}
