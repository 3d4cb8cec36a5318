// One entry of a ZIP archive read through its local header: refused unless stored (torch stores every
// record uncompressed), where its data starts, its bytes (one read, or two when the extra field is long),
// and the CRC-32 that checks them.
import { type ByteSource } from './byte-source';
import {
  ZipError,
  type ZipEntry,
  LOCAL_SIG,
  LOCAL_SIZE,
  LOCAL_SLACK,
  METHODS,
  u16,
  u32,
  view,
  readRange,
  decodeName,
} from './zip';

function methodName(method: number): string {
  return METHODS[method] ? `method ${method}, ${METHODS[method]}` : `method ${method}`;
}

/** Refuses entries this reader cannot return as they are: compressed or encrypted ones. */
export function checkStored(entry: ZipEntry): void {
  if (entry.flags & 1)
    throw new ZipError(`entry "${entry.name}" is encrypted; encrypted archives are not supported`);
  if (entry.method !== 0) {
    throw new ZipError(
      `entry "${entry.name}" is compressed (${methodName(entry.method)}); only stored (uncompressed) entries are supported, as torch.save writes them`,
    );
  }
  if (entry.compressedSize !== entry.size) {
    throw new ZipError(
      `entry "${entry.name}" is stored but its sizes differ (${entry.compressedSize} compressed, ${entry.size})`,
    );
  }
}

/**
 * The data offset of an entry from its local header, given the header's bytes from `entry.localHeaderOffset`
 * on: null if `header` is too short to tell (the extra field goes on past it).
 */
export function parseLocalHeader(entry: ZipEntry, header: Uint8Array): number | null {
  if (header.byteLength < LOCAL_SIZE) return null;
  const v = view(header);
  if (u32(v, 0) !== LOCAL_SIG) {
    throw new ZipError(`entry "${entry.name}": no local header at byte ${entry.localHeaderOffset}`);
  }
  const method = u16(v, 8);
  const nameLen = u16(v, 26);
  const extraLen = u16(v, 28);
  if (method !== entry.method) {
    throw new ZipError(
      `entry "${entry.name}": its local header says method ${method}, the directory ${entry.method}`,
    );
  }
  if (header.byteLength < LOCAL_SIZE + nameLen) return null;
  const localName = decodeName(header.subarray(LOCAL_SIZE, LOCAL_SIZE + nameLen));
  if (localName !== entry.name) {
    throw new ZipError(`entry "${entry.name}": its local header names "${localName}"`);
  }
  const dataOffset = entry.localHeaderOffset + LOCAL_SIZE + nameLen + extraLen;
  if (dataOffset + entry.compressedSize > entry.limit) {
    throw new ZipError(
      `entry "${entry.name}": its data (bytes ${dataOffset}..${dataOffset + entry.compressedSize}) runs past the next record at ${entry.limit}`,
    );
  }
  return dataOffset;
}

/** Where an entry's data starts: one read of its local header (two if its extra field is long). */
export async function entryDataOffset(
  source: ByteSource,
  entry: ZipEntry,
  signal?: AbortSignal,
): Promise<number> {
  const guess = Math.min(
    LOCAL_SIZE + entry.name.length * 4 + LOCAL_SLACK,
    entry.limit - entry.localHeaderOffset,
  );
  const head = await readRange(
    source,
    entry.localHeaderOffset,
    guess,
    `the local header of "${entry.name}"`,
    signal,
  );
  const found = parseLocalHeader(entry, head);
  if (found !== null) return found;
  const v = head.byteLength >= LOCAL_SIZE ? view(head) : null;
  const full = v ? LOCAL_SIZE + u16(v, 26) + u16(v, 28) : LOCAL_SIZE;
  if (entry.localHeaderOffset + full > entry.limit) {
    throw new ZipError(`entry "${entry.name}": its local header runs past the next record at ${entry.limit}`);
  }
  const again = await readRange(
    source,
    entry.localHeaderOffset,
    full,
    `the local header of "${entry.name}"`,
    signal,
  );
  const offset = parseLocalHeader(entry, again);
  if (offset === null) throw new ZipError(`entry "${entry.name}": truncated local header`);
  return offset;
}

/**
 * A stored entry's bytes [start, end) (default: all of them), with its data offset: one read covering the
 * local header and the data when the header's extra field fits in LOCAL_SLACK, else two.
 */
export async function readEntry(
  source: ByteSource,
  entry: ZipEntry,
  options: { start?: number; end?: number; dataOffset?: number; signal?: AbortSignal } = {},
): Promise<{ bytes: Uint8Array; dataOffset: number }> {
  checkStored(entry);
  const start = options.start ?? 0;
  const end = options.end ?? entry.size;
  if (!(
    Number.isSafeInteger(start) &&
    Number.isSafeInteger(end) &&
    0 <= start &&
    start <= end &&
    end <= entry.size
  )) {
    throw new ZipError(`entry "${entry.name}": bytes ${start}..${end} are outside its ${entry.size} bytes`);
  }
  const what = `entry "${entry.name}"`;
  if (options.dataOffset !== undefined) {
    const bytes = await readRange(source, options.dataOffset + start, end - start, what, options.signal);
    return { bytes, dataOffset: options.dataOffset };
  }
  const headerGuess = LOCAL_SIZE + entry.name.length * 4 + LOCAL_SLACK;
  if (start <= 64 * 1024) {
    // One read: the local header, then (we hope) the data up to `end`.
    const length = Math.min(headerGuess + end, entry.limit - entry.localHeaderOffset);
    const buf = await readRange(source, entry.localHeaderOffset, length, what, options.signal);
    const dataOffset = parseLocalHeader(entry, buf);
    if (dataOffset !== null) {
      const rel = dataOffset - entry.localHeaderOffset;
      if (rel + end <= buf.byteLength) return { bytes: buf.subarray(rel + start, rel + end), dataOffset };
      const bytes = await readRange(source, dataOffset + start, end - start, what, options.signal);
      return { bytes, dataOffset };
    }
  }
  const dataOffset = await entryDataOffset(source, entry, options.signal);
  const bytes = await readRange(source, dataOffset + start, end - start, what, options.signal);
  return { bytes, dataOffset };
}

const CRC_TABLE = ((): Uint32Array => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** The CRC-32 of ZIP (and PNG, gzip). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.byteLength; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
