// A Hugging Face hub repository's files, downloaded once into a cache folder: config.json and whichever
// weights the repository holds (model.safetensors, its sharded index and shards, or pytorch_model.bin).
// Bytes go to "<file>.part" first; an interrupted download is resumed with an HTTP Range request, both on
// the automatic retries here and on the next run. A finished file is checked against the size and sha256
// the hub announces (X-Linked-Size, X-Linked-Etag) and renamed only once it matches.
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseRepoRef, type RepoRef } from '../../src/weights/hub';

const RETRIES = 3;
const REDIRECTS = 5;
const HEX64 = /^[0-9a-f]{64}$/;

/** The weight files a repository may hold, in the order they are preferred. */
export const WEIGHT_FILES = [
  'model.safetensors',
  'model.safetensors.index.json',
  'pytorch_model.bin',
  'pytorch_model.bin.index.json',
] as const;

export const hubEndpoint = (): string =>
  (process.env.HF_ENDPOINT ?? 'https://huggingface.co').replace(/\/+$/, '');

/** "org/name" or "org/name@revision": what a --from that is not an existing file must look like. */
export const isHubId = (s: string): boolean =>
  /^[\w.-]+\/[\w.-]+(@[\w./-]+)?$/.test(s) && !/\.(safetensors|bin|pt|pth|ckpt|json)$/i.test(s);

/** The cache folder of one repository and revision (main keeps the plain "org--name"). */
export function cacheFolder(cacheDir: string, ref: RepoRef): string {
  const rev = ref.revision === 'main' ? '' : `@${ref.revision.replace(/[^\w.-]/g, '_')}`;
  return join(cacheDir, `${ref.repo.replace('/', '--')}${rev}`);
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

class ReachError extends Error {
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

function statusError(what: string, url: string, status: number): HubStatusError {
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
async function get(
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

interface Got extends Expected {
  done: number;
  complete: boolean;
}

const unquote = (etag: string | null): string =>
  (etag ?? '').replace(/^W\//, '').replace(/^"|"$/g, '').toLowerCase();

// One request: appends to the .part file from its current size.
async function fetchInto(url: string, what: string, part: string, label: string): Promise<Got> {
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
async function verify(part: string, what: string, got: Got, listed: Listed): Promise<void> {
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

export interface HubRepo extends RepoRef {
  /** This repository's cache folder. */
  folder: string;
}

export function hubRepo(id: string, cacheDir: string): HubRepo {
  const ref = parseRepoRef(id);
  return { ...ref, folder: cacheFolder(cacheDir, ref) };
}

/** The cached path of one file of the repository, downloading (and resuming) it if needed. */
export async function downloadHubFile(repo: HubRepo, file: string, listed: Listed = {}): Promise<string> {
  const dest = join(repo.folder, file);
  if (existsSync(dest)) return dest;
  mkdirSync(dirname(dest), { recursive: true });
  const part = `${dest}.part`;
  const rev = encodeURIComponent(repo.revision);
  const url = `${hubEndpoint()}/${repo.repo}/resolve/${rev}/${file}`;
  const what = `${file} for ${repo.repo}${repo.revision === 'main' ? '' : `@${repo.revision}`}`;
  const label = file === 'model.safetensors' ? repo.repo : `${repo.repo} ${file}`;
  let got: Got = { done: 0, total: -1, complete: false };
  for (let attempt = 0; attempt <= RETRIES; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 300 * attempt));
    try {
      got = await fetchInto(url, what, part, label);
    } catch (err) {
      // A connection reset before the body is retried like one cut mid-body.
      if (!(err instanceof ReachError) || attempt === RETRIES) throw err;
      continue;
    }
    if (got.complete) {
      await verify(part, what, got, listed);
      renameSync(part, dest);
      return dest;
    }
  }
  const of = got.total >= 0 ? ` of ${got.total}` : '';
  throw new Error(`download of ${what} interrupted at ${got.done}${of} bytes; run again to resume`);
}

/** What the listing says of one file: its size and, for LFS files, its sha256. */
export interface Listed {
  size?: number;
  sha256?: string;
}

/** The repository's files from the hub API (`?blobs=true`), or null when the listing is unavailable. */
export async function listHubFiles(repo: HubRepo): Promise<Map<string, Listed> | null> {
  const rev = encodeURIComponent(repo.revision);
  const url = `${hubEndpoint()}/api/models/${repo.repo}/revision/${rev}?blobs=true`;
  try {
    const { res } = await get(url, {});
    if (!res.ok) {
      await res.body?.cancel();
      // A refusal of the listing means the files will be refused too: say so now.
      if (res.status === 401 || res.status === 403) throw statusError(repo.repo, url, res.status);
      return null;
    }
    const body = (await res.json()) as {
      siblings?: { rfilename?: unknown; size?: unknown; lfs?: { sha256?: unknown; size?: unknown } }[];
    };
    const files = new Map<string, Listed>();
    for (const s of body.siblings ?? []) {
      if (typeof s.rfilename !== 'string') continue;
      const size = s.lfs?.size ?? s.size;
      const sha256 = s.lfs?.sha256;
      files.set(s.rfilename, {
        size: Number.isSafeInteger(size) ? (size as number) : undefined,
        sha256: typeof sha256 === 'string' && HEX64.test(sha256) ? sha256 : undefined,
      });
    }
    return files.size > 0 ? files : null;
  } catch (err) {
    if (err instanceof HubStatusError || err instanceof ReachError) throw err;
    return null;
  }
}

export interface HubDownload {
  /** config.json's path, or null when the repository has none. */
  config: string | null;
  /** Which of WEIGHT_FILES the repository holds. */
  kind: (typeof WEIGHT_FILES)[number];
  /** The weight files to read, shards in index order. */
  weights: string[];
}

/** Shard names of a *.index.json, in order of first appearance. */
function shardNames(indexPath: string, what: string): string[] {
  let map: unknown;
  try {
    map = (JSON.parse(readFileSync(indexPath, 'utf8')) as { weight_map?: unknown }).weight_map;
  } catch {
    throw new Error(`${what} is not valid JSON`);
  }
  const files = typeof map === 'object' && map !== null ? Object.values(map) : [];
  if (files.length === 0 || !files.every((f) => typeof f === 'string' && /^[\w.-]+$/.test(f))) {
    throw new Error(`${what} has no weight_map of tensor names to shard files`);
  }
  return [...new Set(files as string[])];
}

const RECORD = 'download.json';

/** An earlier complete download of this repository, if every file it names is still there. */
function cachedDownload(repo: HubRepo): HubDownload | null {
  try {
    const rec = JSON.parse(readFileSync(join(repo.folder, RECORD), 'utf8')) as HubDownload;
    const files = [...rec.weights, ...(rec.config ? [rec.config] : [])];
    return files.every((f) => existsSync(f)) ? rec : null;
  } catch {
    return null;
  }
}

/**
 * config.json and the weights of a hub repository, cached; see WEIGHT_FILES for which weights. `checkConfig`
 * sees config.json before any weights are fetched, so a file that is not a CLIP fails fast.
 */
export async function downloadHubModel(
  id: string,
  cacheDir: string,
  checkConfig: (path: string) => void = () => undefined,
): Promise<HubDownload> {
  const repo = hubRepo(id, cacheDir);
  const cached = cachedDownload(repo);
  if (cached) return cached;
  const listing = await listHubFiles(repo);
  const optional = async (file: string): Promise<string | null> => {
    if (listing && !listing.has(file)) return null;
    try {
      return await downloadHubFile(repo, file, listing?.get(file));
    } catch (err) {
      // Without a listing, a 404 is how a file says it is not there.
      if (err instanceof HubStatusError && err.status === 404 && !listing) return null;
      throw err;
    }
  };
  const config = await optional('config.json');
  if (config) checkConfig(config);
  for (const kind of WEIGHT_FILES) {
    const path = await optional(kind);
    if (path === null) continue;
    const weights: string[] = [];
    if (kind.endsWith('.index.json')) {
      for (const f of shardNames(path, `${kind} of ${repo.repo}`))
        weights.push(await downloadHubFile(repo, f));
    } else weights.push(path);
    const got: HubDownload = { config, kind, weights };
    writeFileSync(join(repo.folder, RECORD), `${JSON.stringify(got, null, 2)}\n`);
    return got;
  }
  const seen = listing ? ` (it holds ${[...listing.keys()].slice(0, 8).join(', ')})` : '';
  throw new Error(
    `no model.safetensors for ${repo.repo} on the hub, nor a sharded index or pytorch_model.bin${seen}`,
  );
}
