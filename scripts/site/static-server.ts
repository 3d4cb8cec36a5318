// A small static file server for the built site (dist/): used by `npm start` and by the e2e tests.
// Serves /x/ as /x/index.html (and redirects /x to /x/ when x is a folder), answers unknown paths with
// dist/404.html (status 404), sends the MIME types the site needs (wasm for the TF.js backend, json/bin for
// weights), sends the cross-origin isolation headers that wasm threads need, the cell worker's policy
// (csp.ts; pages carry theirs), and never leaves the root.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { CELL_WORKER, CELL_WORKER_CSP } from './csp';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.safetensors': 'application/octet-stream',
};

/**
 * Cross-origin isolation: with these the browser allows SharedArrayBuffer, which the wasm backend needs for
 * threads (src/runtime/backend.ts). The site loads nothing from other origins, so nothing is blocked.
 */
export const ISOLATION = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
} as const;

export interface StaticServer {
  server: Server;
  url: string;
  close: () => Promise<void>;
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

type Resolved = { file: string } | { redirect: string } | null;

/** What a URL path names: a file, a folder to redirect to (with its slash), or nothing (null). */
async function resolvePath(root: string, urlPath: string): Promise<Resolved> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const file = path.join(root, path.normalize(decoded));
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  const index = path.join(file, 'index.html');
  if (decoded.endsWith('/')) return (await isFile(index)) ? { file: index } : null;
  if (await isFile(file)) return { file };
  return (await isFile(index)) ? { redirect: `${urlPath}/` } : null;
}

/** Serve `dir` on `port` (0: any free port) at 127.0.0.1 unless `host` says otherwise. */
export async function startStaticServer(dir: string, port = 0, host = '127.0.0.1'): Promise<StaticServer> {
  const root = path.resolve(dir);
  const server = createServer(async (req, res) => {
    const urlPath = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const resolved = await resolvePath(root, urlPath);
    if (resolved && 'redirect' in resolved) {
      res.writeHead(301, { location: resolved.redirect }).end();
      return;
    }
    const file = resolved?.file ?? null;
    const notFound = path.join(root, '404.html');
    const target = file ?? ((await isFile(notFound)) ? notFound : null);
    if (!target) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    const { size } = await stat(target);
    res.writeHead(file ? 200 : 404, {
      'content-type': MIME[path.extname(target).toLowerCase()] ?? 'application/octet-stream',
      'content-length': size,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      ...ISOLATION,
      ...(CELL_WORKER.test(urlPath) ? { 'content-security-policy': CELL_WORKER_CSP } : {}),
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(target).pipe(res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host}:${address.port}`;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return { server, url, close };
}
