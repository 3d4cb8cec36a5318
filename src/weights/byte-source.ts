// Random access to a file's bytes without holding the file: a Uint8Array in memory, a file on disk, or
// HTTP Range requests to the hub. Readers of archives and checkpoints see only this interface.

export interface ByteSource {
  /** The file's size in bytes. */
  readonly size: number;
  /** Bytes [offset, offset + length); rejects when the range is outside the file or the read fails. */
  read(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array>;
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
