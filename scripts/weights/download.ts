// model.safetensors of a Hugging Face hub repository, downloaded once into a cache folder. The bytes go
// to "<file>.part" first; an interrupted download is resumed with an HTTP Range request, both on the
// automatic retries here and on the next run, and the file is renamed only once complete.
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

const RETRIES = 3;

export const hubEndpoint = (): string =>
  (process.env.HF_ENDPOINT ?? 'https://huggingface.co').replace(/\/+$/, '');

/** "owner/repo": what a --from that is not an existing file must look like. */
export const isHubId = (s: string): boolean =>
  /^[\w.-]+\/[\w.-]+$/.test(s) && !/\.(safetensors|bin|pt|pth|ckpt|json)$/i.test(s);

export const cachedPath = (cacheDir: string, id: string): string =>
  join(cacheDir, id.replace('/', '--'), 'model.safetensors');

// A progress line on stderr: redrawn in place on a terminal, one line per 10% otherwise.
function progress(id: string): (done: number, total: number) => void {
  let shown = -1;
  const mb = (n: number): string => (n / 2 ** 20).toFixed(1);
  return (done, total) => {
    const pct = total > 0 ? Math.floor((done / total) * 100) : 0;
    const line = `downloading ${id}: ${mb(done)} / ${total > 0 ? mb(total) : '?'} MB (${pct}%)`;
    if (process.stderr.isTTY) {
      process.stderr.write(`\r${line}${done === total ? '\n' : ''}`);
    } else if (Math.floor(pct / 10) !== shown || done === total) {
      shown = Math.floor(pct / 10);
      process.stderr.write(`${line}\n`);
    }
  };
}

function reachError(endpoint: string, err: unknown): Error {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const why = cause?.code ?? cause?.message ?? (err as Error).message;
  return new Error(`cannot reach ${endpoint} (${why}); check the network or HF_ENDPOINT`, { cause: err });
}

function statusError(id: string, url: string, status: number): Error {
  if (status === 404) return new Error(`no model.safetensors for ${id} on the hub (HTTP 404 from ${url})`);
  if (status === 401 || status === 403) {
    return new Error(
      `no model.safetensors for ${id} on the hub, or the repository is private or gated (HTTP ${status})`,
    );
  }
  return new Error(`download of ${id} failed: HTTP ${status} from ${url}`);
}

interface Got {
  done: number;
  /** The file's size, -1 when the server did not say. */
  total: number;
  complete: boolean;
}

// One request: appends to the .part file from its current size.
async function fetchInto(url: string, id: string, part: string): Promise<Got> {
  const start = existsSync(part) ? statSync(part).size : 0;
  // identity: byte offsets must be those of the file, not of a compressed stream.
  const headers: Record<string, string> = { 'Accept-Encoding': 'identity' };
  if (start > 0) headers.Range = `bytes=${start}-`;
  const res = await fetch(url, { headers }).catch((err: unknown) => {
    throw reachError(hubEndpoint(), err);
  });
  if (res.status === 416) {
    // The range starts at or past the end: the .part file cannot be trusted; start over next time.
    rmSync(part, { force: true });
    await res.body?.cancel();
    return { done: 0, total: -1, complete: false };
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw statusError(id, url, res.status);
  }
  // 206: the rest from `start`; 200: the whole file (a server that ignores Range), so start over.
  const range = /^bytes (\d+)-\d+\/(\d+)$/.exec(res.headers.get('content-range') ?? '');
  const resumed = res.status === 206 && range !== null && Number(range[1]) === start;
  const length = Number(res.headers.get('content-length') ?? -1);
  const total = resumed ? Number(range[2]) : length;
  let done = resumed ? start : 0;
  const fd = openSync(part, resumed ? 'a' : 'w');
  const show = progress(id);
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
  return { done, total, complete: ended && (total < 0 || done === total) };
}

/** The cached path of <id>'s model.safetensors, downloading (and resuming) it if needed. */
export async function downloadHubCheckpoint(id: string, cacheDir: string): Promise<string> {
  const dest = cachedPath(cacheDir, id);
  if (existsSync(dest)) return dest;
  mkdirSync(dirname(dest), { recursive: true });
  const part = `${dest}.part`;
  const url = `${hubEndpoint()}/${id}/resolve/main/model.safetensors`;
  let got: Got = { done: 0, total: -1, complete: false };
  for (let attempt = 0; attempt <= RETRIES; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 300 * attempt));
    got = await fetchInto(url, id, part);
    if (got.complete) {
      renameSync(part, dest);
      return dest;
    }
  }
  const of = got.total >= 0 ? ` of ${got.total}` : '';
  throw new Error(`download of ${id} interrupted at ${got.done}${of} bytes; run again to resume`);
}
