// The Hugging Face hub as this site uses it: a repository's file listing (sizes and LFS sha256 from
// `?blobs=true`), small JSON files, and big files read by HTTP Range requests. The hub answers `resolve/`
// with a redirect to a CDN on another origin; fetch follows it. Nothing here needs TF.js or the DOM, so the
// page, the conversion worker and Node share it.
import type { ByteSource } from './byte-source';
import { checkRange } from './byte-source';
import { parseJson, readLimited } from './hub-body';
import { HubError, statusError } from './hub-error';

// The page's hub panel imports the error with parseRepoRef from here.

export const DEFAULT_HUB = 'https://huggingface.co';

export interface RepoRef {
  repo: string;
  revision: string;
}

// The hub's own rules for names: letters, digits, "-", "_", "." (no leading or doubled "-"/"." runs).
const PART = /^(?![.-])(?!.*(--|\.\.))[\w.-]{1,96}(?<![.-])$/;
const REVISION = /^[\w.-]{1,128}$|^refs\/pr\/\d{1,6}$/;

/** "org/name" or "org/name@revision" (a branch, tag, commit or refs/pr/N); the default revision is main. */
export function parseRepoRef(input: string): RepoRef {
  const text = input.trim().replace(/^https?:\/\/[^/]+\//, '');
  const at = text.indexOf('@');
  const repo = at < 0 ? text : text.slice(0, at);
  const revision = at < 0 ? 'main' : text.slice(at + 1);
  const parts = repo.split('/');
  if (parts.length !== 2 || !parts.every((p) => PART.test(p))) {
    throw new HubError(
      `"${input}" is not a hub repository: write it as org/name or org/name@revision`,
      'bad-id',
    );
  }
  if (!REVISION.test(revision)) throw new HubError(`"${revision}" is not a revision name`, 'bad-id');
  return { repo, revision };
}

export interface HubFile {
  path: string;
  size?: number;
  /** The LFS object's sha256, when the hub gave one. */
  sha256?: string;
}

export interface RepoListing {
  /** The commit the revision points at: every later request names it, so files cannot change midway. */
  commit: string;
  files: Map<string, HubFile>;
}

const HEX64 = /^[0-9a-f]{64}$/;
const RETRIES = 2;

const aborted = (signal?: AbortSignal): boolean => signal?.aborted === true;

export class Hub {
  private readonly fetchFn: typeof fetch;

  constructor(
    readonly endpoint: string = DEFAULT_HUB,
    fetchFn?: typeof fetch,
  ) {
    this.endpoint = endpoint.replace(/\/+$/, '');
    this.fetchFn = fetchFn ?? ((input, init) => fetch(input, init));
  }

  fileUrl(ref: RepoRef, path: string): string {
    const rev = encodeURIComponent(ref.revision);
    return `${this.endpoint}/${ref.repo}/resolve/${rev}/${path.split('/').map(encodeURIComponent).join('/')}`;
  }

  /** One request, retried on a lost connection or a 5xx; a cancel or another status is final. */
  private async request(url: string, what: string, init: RequestInit): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await this.fetchFn(url, init);
      } catch (err) {
        if (aborted(init.signal ?? undefined)) throw new HubError('the download was cancelled', 'cancelled');
        if (attempt < RETRIES) continue;
        const why = (err as Error).message;
        throw new HubError(`could not reach ${this.endpoint} for ${what} (${why})`, 'network');
      }
      if (res.status >= 500 && attempt < RETRIES) {
        await res.body?.cancel();
        continue;
      }
      return res;
    }
  }

  async listing(ref: RepoRef, signal?: AbortSignal): Promise<RepoListing> {
    const rev = encodeURIComponent(ref.revision);
    const url = `${this.endpoint}/api/models/${ref.repo}/revision/${rev}?blobs=true`;
    const what = `the repository ${ref.repo}@${ref.revision}`;
    const res = await this.request(url, what, { signal, cache: 'no-store' });
    if (!res.ok) {
      await res.body?.cancel();
      throw statusError(what, res.status);
    }
    const body = (await readLimited(res, 4 << 20, what, signal).then(parseJson(what))) as {
      sha?: unknown;
      siblings?: unknown;
    };
    if (!Array.isArray(body.siblings))
      throw new HubError(`the hub's listing of ${what} has no files`, 'format');
    const files = new Map<string, HubFile>();
    for (const s of body.siblings as Record<string, unknown>[]) {
      if (typeof s?.rfilename !== 'string') continue;
      const lfs = s.lfs as { sha256?: unknown; size?: unknown } | undefined;
      const size = typeof lfs?.size === 'number' ? lfs.size : typeof s.size === 'number' ? s.size : undefined;
      const sha = typeof lfs?.sha256 === 'string' && HEX64.test(lfs.sha256) ? lfs.sha256 : undefined;
      files.set(s.rfilename, { path: s.rfilename, size, sha256: sha });
    }
    const commit = typeof body.sha === 'string' && /^[0-9a-f]{40}$/.test(body.sha) ? body.sha : ref.revision;
    return { commit, files };
  }

  /** A small file (config.json, an index), parsed as JSON; `limit` bounds what is read. */
  async json(ref: RepoRef, path: string, limit: number, signal?: AbortSignal): Promise<unknown> {
    const what = `${path} of ${ref.repo}`;
    const res = await this.request(this.fileUrl(ref, path), what, { signal });
    if (!res.ok) {
      await res.body?.cancel();
      throw statusError(what, res.status);
    }
    return parseJson(what)(await readLimited(res, limit, what, signal));
  }

  /** A file's size and sha256 from one byte (`Range: bytes=0-0`, never from the HTTP cache). */
  async probe(ref: RepoRef, path: string, signal?: AbortSignal): Promise<HubFile> {
    const what = `${path} of ${ref.repo}`;
    const res = await this.request(this.fileUrl(ref, path), what, {
      signal,
      cache: 'no-store',
      headers: { Range: 'bytes=0-0' },
    });
    await res.body?.cancel();
    if (!res.ok) throw statusError(what, res.status);
    const total = /\/(\d+)$/.exec(res.headers.get('content-range') ?? '');
    const size = total ? Number(total[1]) : Number(res.headers.get('content-length') ?? NaN);
    if (!Number.isSafeInteger(size)) throw new HubError(`the hub did not say the size of ${what}`, 'format');
    const tag = (res.headers.get('x-linked-etag') ?? res.headers.get('etag') ?? '').replace(/^W\//, '');
    const sha = tag.replace(/"/g, '');
    return { path, size, sha256: HEX64.test(sha) ? sha : undefined };
  }

  /** Random access to a file of `size` bytes through Range requests. */
  source(ref: RepoRef, path: string, size: number): ByteSource {
    const url = this.fileUrl(ref, path);
    const what = `${path} of ${ref.repo}`;
    return {
      size,
      read: async (offset, length, signal) => {
        checkRange(size, offset, length);
        if (length === 0) return new Uint8Array(0);
        const res = await this.request(url, what, {
          signal,
          cache: 'no-store',
          headers: { Range: `bytes=${offset}-${offset + length - 1}` },
        });
        if (!res.ok) {
          await res.body?.cancel();
          throw statusError(what, res.status);
        }
        const whole = res.status === 200 && offset === 0 && length === size;
        const start = /^bytes (\d+)-/.exec(res.headers.get('content-range') ?? '');
        if (!whole && (res.status !== 206 || !start || Number(start[1]) !== offset)) {
          await res.body?.cancel();
          throw new HubError(`the server does not honour Range requests for ${what}`, 'format');
        }
        const bytes = await readLimited(res, length, what, signal);
        if (bytes.byteLength !== length) {
          throw new HubError(
            `${what} ended early: got ${bytes.byteLength} of ${length} bytes at offset ${offset}`,
            'integrity',
          );
        }
        return bytes;
      },
      stream: (offset, signal) => this.stream(url, what, size, offset, signal),
    };
  }

  /** The file from `offset` on as it arrives; a dropped connection is resumed where it stopped, twice. */
  private async *stream(
    url: string,
    what: string,
    size: number,
    offset: number,
    signal?: AbortSignal,
  ): AsyncGenerator<Uint8Array> {
    let at = offset;
    let drops = 0;
    while (at < size) {
      const res = await this.request(url, what, {
        signal,
        cache: 'no-store',
        headers: { Range: `bytes=${at}-` },
      });
      if (!res.ok || !res.body) {
        await res.body?.cancel();
        throw statusError(what, res.status);
      }
      const start = /^bytes (\d+)-/.exec(res.headers.get('content-range') ?? '');
      const fromStart = res.status === 200 && at === 0;
      if (!fromStart && (res.status !== 206 || !start || Number(start[1]) !== at)) {
        await res.body.cancel();
        throw new HubError(`the server does not honour Range requests for ${what}`, 'format');
      }
      const reader = res.body.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          if (at + value.byteLength > size) {
            throw new HubError(`${what} is longer than the ${size} bytes the hub listed`, 'integrity');
          }
          at += value.byteLength;
          yield value;
        }
      } catch (err) {
        if (err instanceof HubError) throw err;
        if (aborted(signal)) throw new HubError('the download was cancelled', 'cancelled');
      } finally {
        reader.releaseLock();
        await res.body.cancel().catch(() => undefined);
      }
      if (at < size && ++drops > RETRIES) {
        throw new HubError(
          `the connection was lost while downloading ${what} (at byte ${at} of ${size})`,
          'network',
        );
      }
    }
  }
}
