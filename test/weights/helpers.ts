// Shared by the weights tests: the CLI as an asynchronous subprocess (so that a test's own HTTP server
// keeps answering while it runs), a static file server, and a one-line-error check.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';

const TSX = resolve('node_modules/.bin/tsx');

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

export function weights(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  return new Promise((done, fail) => {
    const child = spawn(TSX, ['scripts/weights.ts', ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

export function expectOneLineError(r: Ran, pattern: RegExp): void {
  expect(r.code, r.stderr).not.toBe(0);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^weights: /);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A server on a free local port; close() when done. */
export async function listen(handler: Handler): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/**
 * Serves the files under `root` (GET only, 404 for anything missing). Each response closes its connection: a
 * kept-alive socket that the server times out just as fetch reuses it fails the request, the likely cause of a
 * "fetch failed" seen once in a loaded full run (not reproduced).
 */
export function staticFiles(root: string): Handler {
  return (req, res) => {
    try {
      const data = readFileSync(join(root, decodeURIComponent(new URL(req.url!, 'http://x').pathname)));
      res.writeHead(200, { 'Content-Length': data.byteLength, Connection: 'close' }).end(data);
    } catch {
      res.writeHead(404, { Connection: 'close' }).end();
    }
  };
}
