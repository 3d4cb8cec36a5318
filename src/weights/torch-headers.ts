// Where each storage's data starts in a torch checkpoint's ZIP: only its local header says (the central
// directory lacks the local extra field), so headers are read in groups: those less than HEADER_GAP apart in
// one read, HEADER_PARALLEL reads at a time, and none for headers within the bytes read for the EOCD.
import type { ByteSource } from './byte-source';
import type { TorchStorage } from './torch-bin';
import { LOCAL_SLACK, type ZipDirectory, type ZipEntry, readRange } from './zip';
import { entryDataOffset, parseLocalHeader } from './zip-entry';

const LOCAL_HEADER_GUESS = 30 + LOCAL_SLACK;

/** Local headers closer than this (the bytes of the entry between them) are read together. */
export const HEADER_GAP = 64 * 1024;
/** Reads of local headers in flight at once. */
export const HEADER_PARALLEL = 8;

/** Sets every storage's dataOffset. */
export async function resolveDataOffsets(
  source: ByteSource,
  dir: ZipDirectory,
  storages: TorchStorage[],
  signal?: AbortSignal,
): Promise<void> {
  const sorted = [...storages].sort((a, b) => a.entry.localHeaderOffset - b.entry.localHeaderOffset);
  const headerEnd = (e: ZipEntry): number =>
    Math.min(e.localHeaderOffset + LOCAL_HEADER_GUESS + e.name.length * 4, e.limit);
  const groups: TorchStorage[][] = [];
  const { offset: tailAt, bytes: tail } = dir.tail;
  for (const s of sorted) {
    // A header within the bytes read for the EOCD costs nothing more.
    if (s.entry.localHeaderOffset >= tailAt) {
      const at = s.entry.localHeaderOffset - tailAt;
      const found = parseLocalHeader(s.entry, tail.subarray(at, headerEnd(s.entry) - tailAt));
      if (found !== null) {
        s.dataOffset = found;
        continue;
      }
    }
    const group = groups[groups.length - 1];
    const prev = group?.[group.length - 1];
    if (group && prev && s.entry.localHeaderOffset - prev.entry.localHeaderOffset <= HEADER_GAP)
      group.push(s);
    else groups.push([s]);
  }
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < groups.length) {
      const group = groups[next++]!;
      const start = group[0]!.entry.localHeaderOffset;
      const end = headerEnd(group[group.length - 1]!.entry);
      const buf = await readRange(source, start, end - start, 'local headers', signal);
      for (const s of group) {
        const at = s.entry.localHeaderOffset - start;
        const found = parseLocalHeader(
          s.entry,
          buf.subarray(at, Math.min(buf.byteLength, headerEnd(s.entry) - start)),
        );
        s.dataOffset = found ?? (await entryDataOffset(source, s.entry, signal));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(HEADER_PARALLEL, groups.length) }, worker));
}
