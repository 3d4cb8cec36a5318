// One file of a model for downloadModel (model-store.ts): the copy in Cache Storage while it still matches
// the manifest, else one request that streams into a buffer of the listed size. Bytes that do not match the
// manifest's size or sha256 come back as null (the caller tries again); a lost connection throws.
import { type Manifest, WeightsFileError, verifyFile } from '../weights/manifest';
import { ModelDownloadError, lostError } from './download-error';
import type { CacheLike } from './model-store';

type ModelFile = Manifest['files'][number];

/** Whether bytes are the file the manifest lists (size and sha256, by the one verifier). */
async function matches(file: ModelFile, bytes: Uint8Array): Promise<boolean> {
  try {
    await verifyFile(file, bytes);
    return true;
  } catch (err) {
    if (err instanceof WeightsFileError) return false;
    throw err;
  }
}

/** The stored copy of a file, or null (a damaged one is deleted, so that it is downloaded again). */
export async function fromCache(cache: CacheLike, key: string, file: ModelFile): Promise<Uint8Array | null> {
  try {
    const res = await cache.match(key);
    if (!res) return null;
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (await matches(file, bytes)) return bytes;
    await cache.delete(key); // damaged on disk: download it again
  } catch {
    // an unreadable entry is a missing one
  }
  return null;
}

/** One request for one file: its bytes, or null when they do not match the manifest's size or sha256. */
export async function fetchOnce(
  url: string,
  file: ModelFile,
  fetchFn: typeof fetch,
  signal: AbortSignal,
  onBytes: (n: number) => void,
): Promise<Uint8Array | null> {
  let res: Response;
  try {
    // no-store: Cache Storage keeps the copy; the HTTP cache would hold a second one (or a bad one again).
    res = await fetchFn(url, { signal, cache: 'no-store' });
  } catch {
    throw lostError(file, signal, 'connect');
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    const message =
      res.status === 404
        ? `The model file ${file.path} was not found on the server (HTTP 404).`
        : `The server answered HTTP ${res.status} for the model file ${file.path}.`;
    throw new ModelDownloadError(message, 'http', { file: file.path, status: res.status });
  }
  const out = new Uint8Array(file.bytes);
  let n = 0;
  try {
    const reader = res.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (n + value.byteLength > out.byteLength) {
        await reader.cancel().catch(() => undefined);
        return null;
      }
      out.set(value, n);
      n += value.byteLength;
      onBytes(n);
    }
  } catch {
    throw lostError(file, signal, 'read');
  }
  if (!(await matches(file, out.subarray(0, n)))) return null;
  return out;
}
