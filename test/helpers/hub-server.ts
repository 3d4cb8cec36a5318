// A stand-in for the Hugging Face hub on 127.0.0.1, behaving as the hub does for the requests this
// project makes: the revision API with `?blobs=true` (sizes, LFS sha256, the commit), `resolve/` answering
// small files itself and redirecting weight files to a second origin (the CDN) with X-Linked-Etag,
// X-Linked-Size and X-Repo-Commit, Range requests with 206 and Content-Range, CORS on both origins.
// Faults a test can switch on: a status for every request of a repo, a wrong sha256 in the listing, a
// body cut short, a listing without sizes.
import { createHash } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The port the e2e build's PUBLIC_HF_ENDPOINT names (test/e2e/global-setup.ts). */
export const E2E_HUB_PORT = 47651;
export const E2E_HUB = `http://127.0.0.1:${E2E_HUB_PORT}`;

export interface StandInRepo {
  commit?: string;
  files: Record<string, Uint8Array>;
  /** Every request for this repository answers this status (401/403 gated, 404, 500...). */
  status?: number;
  /** The listing gives this sha256 for the named file instead of its own. */
  wrongSha?: string;
  /** The CDN stops sending the named file after this many bytes of a response. */
  truncate?: { path: string; after: number };
  /** The listing omits sizes and sha256 (as some mirrors do): the client must probe. */
  bareListing?: boolean;
  /** The CDN waits this long before each 64 KB of a body (so a test can cancel midway). */
  slowMs?: number;
}

export interface StandInHub {
  endpoint: string;
  cdn: string;
  repos: Map<string, StandInRepo>;
  /** Every request, as "METHOD origin path range". */
  log: string[];
  close(): Promise<void>;
}

const LFS = /\.(safetensors|bin)$/;
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const commitOf = (repo: StandInRepo): string => repo.commit ?? 'c0ffee'.padEnd(40, '0');

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers':
    'Content-Range, Content-Length, ETag, X-Linked-Etag, X-Linked-Size, X-Repo-Commit, Accept-Ranges',
};

function send(
  res: ServerResponse,
  status: number,
  body: string | Uint8Array,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { ...CORS, ...headers });
  res.end(body);
}

function preflight(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'OPTIONS') return false;
  res.writeHead(204, {
    ...CORS,
    'Access-Control-Allow-Methods': 'GET, HEAD',
    'Access-Control-Allow-Headers': 'Range, Content-Type',
    'Access-Control-Max-Age': '600',
  });
  res.end();
  return true;
}

function listen(server: Server, port = 0): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    );
  });
}

async function slowly(res: ServerResponse, body: Uint8Array, ms: number): Promise<void> {
  for (let at = 0; at < body.byteLength && !res.destroyed; at += 65536) {
    await new Promise((r) => setTimeout(r, ms));
    res.write(body.subarray(at, at + 65536));
  }
  res.end();
}

export async function startStandInHub(repos: Record<string, StandInRepo>, port = 0): Promise<StandInHub> {
  const map = new Map(Object.entries(repos));
  const log: string[] = [];
  let cdnUrl = '';

  const cdn = createServer((req, res) => {
    log.push(`${req.method} cdn ${req.url} ${req.headers.range ?? ''}`);
    if (preflight(req, res)) return;
    const m = /^\/blobs\/([^/]+\/[^/]+)\/(.+)$/.exec(decodeURIComponent(req.url ?? ''));
    const repo = m ? map.get(m[1]!) : undefined;
    const body = repo?.files[m?.[2] ?? ''];
    if (!repo || !body) return send(res, 404, 'not found');
    const tag = { ETag: `"${sha(body)}"`, 'Accept-Ranges': 'bytes' };
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    let [start, end, status] = [0, body.byteLength - 1, 200];
    if (range) {
      start = Number(range[1]);
      end = range[2] ? Math.min(Number(range[2]), body.byteLength - 1) : body.byteLength - 1;
      if (start >= body.byteLength) {
        return send(res, 416, '', { 'Content-Range': `bytes */${body.byteLength}` });
      }
      status = 206;
    }
    const part = body.subarray(start, end + 1);
    const headers: Record<string, string> = { ...tag, 'Content-Length': String(part.byteLength) };
    if (status === 206) headers['Content-Range'] = `bytes ${start}-${end}/${body.byteLength}`;
    res.writeHead(status, { ...CORS, ...headers });
    const cut = repo.truncate && repo.truncate.path === m![2] ? repo.truncate.after : Infinity;
    if (cut < part.byteLength) {
      // The connection drops mid-body, once these bytes are on their way.
      res.write(part.subarray(0, cut), () => setTimeout(() => res.destroy(), 20));
      return;
    }
    if (repo.slowMs) return void slowly(res, part, repo.slowMs);
    res.end(part);
  });

  const hub = createServer((req, res) => {
    log.push(`${req.method} hub ${req.url} ${req.headers.range ?? ''}`);
    if (preflight(req, res)) return;
    const url = new URL(req.url ?? '/', 'http://x');
    const api = /^\/api\/models\/([^/]+\/[^/]+)\/revision\/([^/]+)$/.exec(url.pathname);
    const resolve = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url.pathname);
    const id = decodeURIComponent((api ?? resolve)?.[1] ?? '');
    const repo = map.get(id);
    if (!repo) return send(res, 404, JSON.stringify({ error: 'Repository not found' }));
    if (repo.status) return send(res, repo.status, JSON.stringify({ error: `status ${repo.status}` }));
    if (api) {
      const siblings = Object.entries(repo.files).map(([path, bytes]) => {
        if (repo.bareListing) return { rfilename: path };
        const lfs = LFS.test(path)
          ? { sha256: path === repo.wrongSha ? sha(new Uint8Array([1])) : sha(bytes), size: bytes.byteLength }
          : undefined;
        return { rfilename: path, size: bytes.byteLength, ...(lfs ? { lfs } : {}) };
      });
      return send(res, 200, JSON.stringify({ id, sha: commitOf(repo), siblings }), {
        'Content-Type': 'application/json',
      });
    }
    if (!resolve) return send(res, 404, 'not found');
    const path = decodeURIComponent(resolve[3]!);
    const body = repo.files[path];
    if (!body) return send(res, 404, JSON.stringify({ error: 'Entry not found' }));
    const linked = { 'X-Repo-Commit': commitOf(repo), 'X-Linked-Size': String(body.byteLength) };
    if (LFS.test(path)) {
      const to = `${cdnUrl}/blobs/${id}/${path}`;
      return send(res, 302, '', { ...linked, Location: to, 'X-Linked-Etag': `"${sha(body)}"` });
    }
    send(res, 200, body, { ...linked, ETag: `"${sha(body)}"`, 'Content-Length': String(body.byteLength) });
  });

  cdnUrl = await listen(cdn);
  const endpoint = await listen(hub, port);
  return {
    endpoint,
    cdn: cdnUrl,
    repos: map,
    log,
    close: async () => {
      for (const s of [hub, cdn]) {
        s.closeAllConnections();
        await new Promise((r) => s.close(r));
      }
    },
  };
}
