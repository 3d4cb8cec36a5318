// One file of a Hugging Face hub repository fetched into its "<file>.part": redirects followed by hand (the
// hub's X-Linked-Size and X-Linked-Etag ride on the redirect), a resumed download asked for with a Range
// request, progress on stderr, errors that say what to do, and the finished file checked against the size
// and sha256 the hub announced. download.ts decides which files to fetch and when to retry.
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, existsSync, openSync, rmSync, statSync, writeSync } from 'node:fs';

const REDIRECTS = 5;
export const HEX64 = /^[0-9a-f]{64}$/;

/** What the listing says of one file: its size and, for LFS files, its sha256. */
export interface Listed {
  size?: number;
  sha256?: string;
}

// A progress line on stderr: redrawn in place on a terminal, one line per 10% otherwise.
function progress(label: string): (done: number, total: number) => void {
  let shown = -1;
  const mb = (n: number): string => (n / 2 ** 20).toFixed(1);
  return (done, total) => {
    if (total >= 0 && total < 2 ** 20) return; // config files and small shards arrive in a blink
    const pct = total > 0 ? Math.floor((done / total) * 100) : 0;
    const line = `downloading ${label}: ${mb(done)} / ${total > 0 ? mb(total) : '?'} MB (${pct}%)`;
    if (process.stderr.isTTY) {
      process.stderr.write(`\r${line}${done === total ? '\n' : ''}`);
    } else if (Math.floor(pct / 10) !== shown || done === total) {
      shown = Math.floor(pct / 10);
      process.stderr.write(`${line}\n`);
    }
  };
}

export class ReachError extends Error {
  override name = 'ReachError';
}

function reachError(endpoint: string, err: unknown): ReachError {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const why = cause?.code ?? cause?.message ?? (err as Error).message;
  return new ReachError(`cannot reach ${endpoint} (${why}); check the network or HF_ENDPOINT`, {
    cause: err,
  });
}

export class HubStatusError extends Error {
  override name = 'HubStatusError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export function statusError(what: string, url: string, status: number): HubStatusError {
  if (status === 404) return new HubStatusError(`no ${what} on the hub (HTTP 404 from ${url})`, status);
  if (status === 401 || status === 403) {
    return new HubStatusError(
      `${what}: the repository is private or gated, or does not exist (HTTP ${status}); accept its terms on the hub or use a public one`,
      status,
    );
  }
  return new HubStatusError(`download of ${what} failed: HTTP ${status} from ${url}`, status);
}

/** GET with redirects followed by hand, so the hub's X-Linked-* headers on the redirect are not lost. */
export async function get(
  url: string,
  headers: Record<string, string>,
): Promise<{ res: Response; linked: Headers }> {
  const linked = new Headers();
  let at = url;
  for (let hop = 0; hop <= REDIRECTS; hop++) {
    const res = await fetch(at, { headers, redirect: 'manual' }).catch((err: unknown) => {
      throw reachError(new URL(at).origin, err);
    });
    for (const key of ['x-linked-size', 'x-linked-etag']) {
      const v = res.headers.get(key);
      if (v !== null && !linked.has(key)) linked.set(key, v);
    }
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || location === null) return { res, linked };
    await res.body?.cancel();
    at = new URL(location, at).href;
  }
  throw new Error(`${url} redirects more than ${REDIRECTS} times`);
}

interface Expected {
  /** The file's size, -1 when the server did not say. */
  total: number;
  /** The sha256 the hub announced, when it did. */
  sha256?: string;
}

export interface Got extends Expected {
  done: number;
  complete: boolean;
}

const unquote = (etag: string | null): string =>
  (etag ?? '').replace(/^W\//, '').replace(/^"|"$/g, '').toLowerCase();

// One request: appends to the .part file from its current size.
export async function fetchInto(url: string, what: string, part: string, label: string): Promise<Got> {
  const start = existsSync(part) ? statSync(part).size : 0;
  // identity: byte offsets must be those of the file, not of a compressed stream.
  const headers: Record<string, string> = { 'Accept-Encoding': 'identity' };
  if (start > 0) headers.Range = `bytes=${start}-`;
  const { res, linked } = await get(url, headers);
  if (res.status === 416) {
    // The range starts at or past the end: the .part file cannot be trusted; start over next time.
    rmSync(part, { force: true });
    await res.body?.cancel();
    return { done: 0, total: -1, complete: false };
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw statusError(what, url, res.status);
  }
  // 206: the rest from `start`; 200: the whole file (a server that ignores Range), so start over.
  const range = /^bytes (\d+)-\d+\/(\d+)$/.exec(res.headers.get('content-range') ?? '');
  const resumed = res.status === 206 && range !== null && Number(range[1]) === start;
  const linkedSize = Number(linked.get('x-linked-size') ?? NaN);
  const length = Number(res.headers.get('content-length') ?? -1);
  const total = Number.isSafeInteger(linkedSize) ? linkedSize : resumed ? Number(range[2]) : length;
  const tag = unquote(linked.get('x-linked-etag') ?? res.headers.get('etag'));
  let done = resumed ? start : 0;
  const fd = openSync(part, resumed ? 'a' : 'w');
  const show = progress(label);
  let ended = false;
  try {
    for await (const chunk of res.body ?? []) {
      writeSync(fd, chunk as Uint8Array);
      done += (chunk as Uint8Array).byteLength;
      show(done, total);
    }
    ended = true;
  } catch {
    // The connection broke mid-body: keep what arrived; the caller resumes.
  } finally {
    closeSync(fd);
  }
  const sha256 = HEX64.test(tag) ? tag : undefined;
  return { done, total, sha256, complete: ended && (total < 0 || done >= total) };
}

function fileSha256(path: string): Promise<string> {
  return new Promise((done, fail) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (d) => hash.update(d))
      .on('error', fail)
      .on('end', () => done(hash.digest('hex')));
  });
}

/**
 * Size and sha256 against everything the hub announced (the download's headers and the listing); a file
 * that fails is deleted, not kept half right.
 */
export async function verify(part: string, what: string, got: Got, listed: Listed): Promise<void> {
  const size = statSync(part).size;
  for (const want of [got.total, listed.size ?? -1]) {
    if (want >= 0 && size !== want) {
      rmSync(part, { force: true });
      throw new Error(`${what} has ${size} bytes but the hub announced ${want}; the download was removed`);
    }
  }
  const wanted = new Set([got.sha256, listed.sha256].filter((v) => v !== undefined));
  if (wanted.size === 0) return;
  const sum = await fileSha256(part);
  for (const want of wanted) {
    if (sum !== want) {
      rmSync(part, { force: true });
      throw new Error(
        `${what} has sha256 ${sum} but the hub announced ${want}; the download was removed, run again`,
      );
    }
  }
}
