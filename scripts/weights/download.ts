// A Hugging Face hub repository's files, downloaded once into a cache folder: config.json and whichever
// weights the repository holds (model.safetensors, its sharded index and shards, or pytorch_model.bin).
// Bytes go to "<file>.part" first; an interrupted download is resumed with an HTTP Range request, both on
// the automatic retries here and on the next run. A finished file is checked against the size and sha256
// the hub announces (X-Linked-Size, X-Linked-Etag) and renamed only once it matches. One file's request,
// progress and checks are in hub-fetch.ts; this module picks the files, retries and keeps the record.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseRepoRef, type RepoRef } from '../../src/weights/hub';
import {
  type Got,
  HEX64,
  HubStatusError,
  type Listed,
  ReachError,
  fetchInto,
  get,
  statusError,
  verify,
} from './hub-fetch';

const RETRIES = 3;

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
