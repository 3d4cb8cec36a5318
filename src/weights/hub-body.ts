// Reading the hub's answers: a body of bounded size (a longer one is an error, never a large allocation)
// and a small file parsed as JSON. Failures are HubErrors that say which file and why.
import { HubError } from './hub-error';

const aborted = (signal?: AbortSignal): boolean => signal?.aborted === true;

export const parseJson =
  (what: string) =>
  (bytes: Uint8Array): unknown => {
    try {
      return JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      throw new HubError(`${what} is not valid JSON`, 'format');
    }
  };

/** A response body of at most `limit` bytes; a longer one is an error, never a large allocation. */
export async function readLimited(
  res: Response,
  limit: number,
  what: string,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > limit) {
    await res.body?.cancel();
    throw new HubError(`${what} is ${declared} bytes, over the ${limit}-byte limit`, 'format');
  }
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const out = new Uint8Array(Math.min(limit, Number.isSafeInteger(declared) ? declared : limit));
  let size = 0;
  let buffer = out;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (size + value.byteLength > limit) {
        throw new HubError(`${what} is over the ${limit}-byte limit`, 'format');
      }
      if (size + value.byteLength > buffer.byteLength) {
        const grown = new Uint8Array(
          Math.min(limit, Math.max(2 * buffer.byteLength, size + value.byteLength)),
        );
        grown.set(buffer.subarray(0, size));
        buffer = grown;
      }
      buffer.set(value, size);
      size += value.byteLength;
    }
  } catch (err) {
    await reader.cancel().catch(() => undefined);
    if (err instanceof HubError) throw err;
    if (aborted(signal)) throw new HubError('the download was cancelled', 'cancelled');
    throw new HubError(`the connection was lost while reading ${what}`, 'network');
  }
  return buffer.subarray(0, size);
}
