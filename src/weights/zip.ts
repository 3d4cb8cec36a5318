// A ZIP central-directory reader over a ByteSource, for archives such as torch.save's: the End Of Central
// Directory (and its ZIP64 locator and record), the central directory's entries (ZIP64 extra fields
// included), and an entry's local header, which says where its data starts. Only stored (method 0) entries
// can be read: torch stores every record uncompressed.
//
// Over 300 lines: one reader of one format's end records and central directory, checked field by field
// in the order the bytes come; one entry's reading already lives in zip-entry.ts.
//
// Reads are few and bounded. readZipDirectory makes at most three: the file's last 64 KiB + 22 bytes (the
// EOCD with the longest possible comment; it also holds the ZIP64 record and, for a small archive, the whole
// central directory), the 56-byte ZIP64 record if it lies before that, and the central directory itself,
// refused above MAX_DIRECTORY_BYTES (a torch checkpoint of ViT-B/32, 600 MB, has about 200 entries and a
// central directory of some 20 KB). readEntry (zip-entry.ts) makes one read (local header and data
// together) or two when the local header's extra field is longer than LOCAL_SLACK.
import { type ByteSource, ByteRangeError } from './byte-source';
import { CheckpointError } from '../clip/safetensors';

/** A malformed or unsupported ZIP archive. A CheckpointError, so that callers of the readers catch one kind. */
export class ZipError extends CheckpointError {
  override name = 'ZipError';
}

export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflate, ... */
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
  /** Where the next record starts (the next entry's local header or the central directory): data must end by then. */
  limit: number;
}

export interface ZipDirectory {
  entries: ZipEntry[];
  byName: Map<string, ZipEntry>;
  centralDirectoryOffset: number;
  centralDirectorySize: number;
  zip64: boolean;
  /** The file's last bytes as read for the EOCD (up to 64 KiB + 22): local headers there need no read. */
  tail: { offset: number; bytes: Uint8Array };
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
export const LOCAL_SIG = 0x04034b50;
const EOCD_SIZE = 22;
const ZIP64_LOCATOR_SIZE = 20;
const ZIP64_EOCD_SIZE = 56;
const CENTRAL_SIZE = 46;
export const LOCAL_SIZE = 30;
const MAX_COMMENT = 0xffff;
/** The longest central directory read: 64 MiB. */
export const MAX_DIRECTORY_BYTES = 64 * 1024 * 1024;
export const MAX_ENTRIES = 1_000_000;
export const MAX_NAME_BYTES = 4096;
/** Bytes read past a local header's name in the hope of covering its extra field (torch's is 4 to 87 bytes). */
export const LOCAL_SLACK = 256;

export const METHODS: Record<number, string> = {
  0: 'stored',
  8: 'deflate',
  9: 'deflate64',
  12: 'bzip2',
  14: 'lzma',
  93: 'zstd',
};

export const u16 = (v: DataView, at: number): number => v.getUint16(at, true);
export const u32 = (v: DataView, at: number): number => v.getUint32(at, true);

/** A little-endian 64-bit unsigned integer as a number; beyond 2^53 it cannot be a real offset or size. */
function u64(v: DataView, at: number, what: string): number {
  const lo = v.getUint32(at, true);
  const hi = v.getUint32(at + 4, true);
  if (hi >= 0x200000) throw new ZipError(`${what} ${hi} * 2^32 + ${lo} is absurd (over 2^53)`);
  return hi * 0x100000000 + lo;
}

export const view = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);

export async function readRange(
  source: ByteSource,
  offset: number,
  length: number,
  what: string,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  if (offset < 0 || length < 0 || offset + length > source.size) {
    throw new ZipError(
      `${what} (bytes ${offset}..${offset + length}) lies outside the file (${source.size} bytes)`,
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = await source.read(offset, length, signal);
  } catch (err) {
    if (err instanceof ByteRangeError) throw new ZipError(`${what}: ${err.message}`);
    throw err;
  }
  if (bytes.byteLength !== length) {
    throw new ZipError(`${what}: asked for ${length} bytes at ${offset}, got ${bytes.byteLength}`);
  }
  return bytes;
}

export function decodeName(raw: Uint8Array): string {
  return new TextDecoder('utf-8').decode(raw);
}

/** Reads and checks the central directory. Every problem throws a ZipError naming it. */
export async function readZipDirectory(source: ByteSource, signal?: AbortSignal): Promise<ZipDirectory> {
  const size = source.size;
  if (!Number.isSafeInteger(size) || size < EOCD_SIZE) {
    throw new ZipError(`not a ZIP archive: ${size} bytes is too short to hold an end of central directory`);
  }
  const tailStart = Math.max(0, size - (EOCD_SIZE + MAX_COMMENT));
  const tail = await readRange(source, tailStart, size - tailStart, 'the end of the file', signal);
  const tv = view(tail);

  // The last EOCD signature whose comment ends within the file.
  let eocd = -1;
  for (let i = tail.byteLength - EOCD_SIZE; i >= 0; i--) {
    if (u32(tv, i) === EOCD_SIG && i + EOCD_SIZE + u16(tv, i + 20) <= tail.byteLength) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) {
    throw new ZipError(
      'not a ZIP archive (or truncated): no end of central directory record in its last 64 KiB',
    );
  }
  const eocdAt = tailStart + eocd;
  const diskNo = u16(tv, eocd + 4);
  const cdDisk = u16(tv, eocd + 6);
  let entriesOnDisk = u16(tv, eocd + 8);
  let entryCount = u16(tv, eocd + 10);
  let cdSize = u32(tv, eocd + 12);
  let cdOffset = u32(tv, eocd + 16);
  /** Where the records before the central directory's end must stop: the EOCD or the ZIP64 record. */
  let cdEndLimit = eocdAt;
  let zip64 = false;

  const locator = eocd - ZIP64_LOCATOR_SIZE;
  if (locator >= 0 && u32(tv, locator) === ZIP64_LOCATOR_SIG) {
    zip64 = true;
    if (u32(tv, locator + 4) !== 0 || u32(tv, locator + 16) > 1) {
      throw new ZipError('multi-disk ZIP64 archives are not supported');
    }
    const recordAt = u64(tv, locator + 8, 'ZIP64 end of central directory offset');
    const locatorAt = tailStart + locator;
    if (recordAt + ZIP64_EOCD_SIZE > locatorAt) {
      throw new ZipError(
        `ZIP64 end of central directory record at ${recordAt} does not lie before its locator at ${locatorAt}`,
      );
    }
    const record =
      recordAt >= tailStart
        ? tail.subarray(recordAt - tailStart, recordAt - tailStart + ZIP64_EOCD_SIZE)
        : await readRange(
            source,
            recordAt,
            ZIP64_EOCD_SIZE,
            'the ZIP64 end of central directory record',
            signal,
          );
    const rv = view(record);
    if (u32(rv, 0) !== ZIP64_EOCD_SIG) {
      throw new ZipError(
        `no ZIP64 end of central directory record at byte ${recordAt} (its locator points there)`,
      );
    }
    if (u32(rv, 16) !== 0 || u32(rv, 20) !== 0)
      throw new ZipError('multi-disk ZIP64 archives are not supported');
    entriesOnDisk = u64(rv, 24, 'ZIP64 entry count');
    entryCount = u64(rv, 32, 'ZIP64 entry count');
    cdSize = u64(rv, 40, 'ZIP64 central directory size');
    cdOffset = u64(rv, 48, 'ZIP64 central directory offset');
    cdEndLimit = recordAt;
  } else if (diskNo !== 0 || cdDisk !== 0) {
    throw new ZipError('multi-disk (split) ZIP archives are not supported');
  }

  if (entriesOnDisk !== entryCount) throw new ZipError('multi-disk (split) ZIP archives are not supported');
  if (entryCount > MAX_ENTRIES) {
    throw new ZipError(`the archive claims ${entryCount} entries; more than ${MAX_ENTRIES} is refused`);
  }
  if (cdSize > MAX_DIRECTORY_BYTES) {
    throw new ZipError(
      `the central directory claims ${cdSize} bytes; more than ${MAX_DIRECTORY_BYTES} is refused`,
    );
  }
  if (cdOffset + cdSize > cdEndLimit) {
    throw new ZipError(
      `central directory out of bounds: bytes ${cdOffset}..${cdOffset + cdSize} run past its end record at ${cdEndLimit} (file of ${size} bytes)`,
    );
  }
  if (entryCount * CENTRAL_SIZE > cdSize) {
    throw new ZipError(`a central directory of ${cdSize} bytes cannot hold ${entryCount} entries`);
  }

  const cd =
    cdOffset >= tailStart
      ? tail.subarray(cdOffset - tailStart, cdOffset - tailStart + cdSize)
      : await readRange(source, cdOffset, cdSize, 'the central directory', signal);
  const cv = view(cd);
  const entries: ZipEntry[] = [];
  const byName = new Map<string, ZipEntry>();
  let at = 0;
  for (let i = 0; i < entryCount; i++) {
    if (at + CENTRAL_SIZE > cd.byteLength || u32(cv, at) !== CENTRAL_SIG) {
      throw new ZipError(`central directory entry ${i} (byte ${cdOffset + at}) is missing or corrupt`);
    }
    const flags = u16(cv, at + 8);
    const method = u16(cv, at + 10);
    const crc32 = u32(cv, at + 16);
    let compressedSize = u32(cv, at + 20);
    let uncompressedSize = u32(cv, at + 24);
    const nameLen = u16(cv, at + 28);
    const extraLen = u16(cv, at + 30);
    const commentLen = u16(cv, at + 32);
    const diskStart = u16(cv, at + 34);
    let localHeaderOffset = u32(cv, at + 42);
    const end = at + CENTRAL_SIZE + nameLen + extraLen + commentLen;
    if (end > cd.byteLength)
      throw new ZipError(`central directory entry ${i} runs past the central directory`);
    if (nameLen > MAX_NAME_BYTES) {
      throw new ZipError(`central directory entry ${i} has a ${nameLen}-byte name (over ${MAX_NAME_BYTES})`);
    }
    const name = decodeName(cd.subarray(at + CENTRAL_SIZE, at + CENTRAL_SIZE + nameLen));

    // ZIP64 extended information (0x0001): the 64-bit values of the fields set to 0xFFFFFFFF, in this order.
    let x = at + CENTRAL_SIZE + nameLen;
    const extraEnd = x + extraLen;
    while (x + 4 <= extraEnd) {
      const id = u16(cv, x);
      const len = u16(cv, x + 2);
      if (x + 4 + len > extraEnd) throw new ZipError(`entry "${name}": an extra field runs past its entry`);
      if (id === 0x0001) {
        let p = x + 4;
        const take = (what: string): number => {
          if (p + 8 > x + 4 + len)
            throw new ZipError(`entry "${name}": its ZIP64 extra field lacks the ${what}`);
          const value = u64(cv, p, `entry "${name}": ZIP64 ${what}`);
          p += 8;
          return value;
        };
        if (uncompressedSize === 0xffffffff) uncompressedSize = take('size');
        if (compressedSize === 0xffffffff) compressedSize = take('compressed size');
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = take('local header offset');
      }
      x += 4 + len;
    }
    if (diskStart !== 0 && diskStart !== 0xffff) throw new ZipError(`entry "${name}" starts on another disk`);
    if (byName.has(name)) throw new ZipError(`the archive holds two entries named "${name}"`);
    const entry: ZipEntry = {
      name,
      method,
      flags,
      crc32,
      compressedSize,
      size: uncompressedSize,
      localHeaderOffset,
      limit: cdOffset,
    };
    entries.push(entry);
    byName.set(name, entry);
    at = end;
  }

  for (const e of entries) {
    if (e.localHeaderOffset + LOCAL_SIZE + e.compressedSize > cdOffset) {
      throw new ZipError(
        `entry "${e.name}" points outside the archive's data: local header at ${e.localHeaderOffset} and ${e.compressedSize} bytes run past the central directory at ${cdOffset}`,
      );
    }
  }
  // Records must not overlap: each local header, its name and its data end before the next record starts.
  const sorted = [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i]!;
    e.limit = i + 1 < sorted.length ? sorted[i + 1]!.localHeaderOffset : cdOffset;
    if (e.localHeaderOffset + LOCAL_SIZE + e.compressedSize > e.limit) {
      const what =
        i + 1 < sorted.length ? `the next entry "${sorted[i + 1]!.name}" at` : 'the central directory at';
      throw new ZipError(
        `entry "${e.name}" (local header at ${e.localHeaderOffset}, ${e.compressedSize} bytes) overlaps ${what} ${e.limit}`,
      );
    }
  }
  return {
    entries,
    byName,
    centralDirectoryOffset: cdOffset,
    centralDirectorySize: cdSize,
    zip64,
    tail: { offset: tailStart, bytes: tail },
  };
}
