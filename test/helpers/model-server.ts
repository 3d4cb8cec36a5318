// Test doubles for src/runtime/model-store: a local HTTP server for a model's shards (chunked, with faults
// on demand, counting requests in flight) and an in-memory Cache with the four methods the store uses.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CacheLike } from '../../src/runtime/model-store';

export interface ShardServer {
  /** The model folder's URL, ending in '/'. */
  baseUrl: string;
  /** Paths requested, in order. */
  requests: string[];
  maxInFlight: number;
  /** Path → how many more responses to damage (Infinity: always). */
  corrupt: Map<string, number>;
  /** Paths whose response stops halfway and never ends. */
  stall: Set<string>;
  close: () => Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Serves files under /models/test/ in 4 chunks, `delayMs` apart; anything else is a 404. */
export async function serveShards(files: Map<string, Uint8Array>, delayMs = 5): Promise<ShardServer> {
  let inFlight = 0;
  const state = {
    requests: [] as string[],
    maxInFlight: 0,
    corrupt: new Map<string, number>(),
    stall: new Set<string>(),
  };
  const server = createServer((req, res) => {
    const path = (req.url ?? '').replace(/^\/models\/test\//, '');
    state.requests.push(path);
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    const body = files.get(path);
    if (!body) {
      res.writeHead(404).end('not found');
      return;
    }
    let out = body;
    const left = state.corrupt.get(path) ?? 0;
    if (left > 0) {
      state.corrupt.set(path, left - 1);
      out = body.slice();
      out[out.length - 1]! ^= 0xff;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': out.byteLength });
    void (async () => {
      const step = Math.ceil(out.byteLength / 4);
      for (let at = 0; at < out.byteLength; at += step) {
        await sleep(delayMs);
        if (res.destroyed) return;
        if (state.stall.has(path) && at >= out.byteLength / 2) return; // hang until the client gives up
        res.write(out.subarray(at, at + step));
      }
      res.end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    baseUrl: `http://127.0.0.1:${port}/models/test/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/** A URL nothing listens on: a server started and closed again. */
export async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/models/test/`;
}

/** Cache Storage in memory; `full` makes put throw QuotaExceededError like a browser out of quota. */
export class MemoryCache implements CacheLike {
  readonly entries = new Map<string, Uint8Array>();
  full = false;

  async match(key: string): Promise<Response | undefined> {
    const bytes = this.entries.get(key);
    return bytes ? new Response(bytes.slice()) : undefined;
  }

  async put(key: string, response: Response): Promise<void> {
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (this.full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    this.entries.set(key, bytes);
  }

  async delete(key: string): Promise<boolean> {
    return this.entries.delete(key);
  }

  async keys(): Promise<readonly Request[]> {
    return [...this.entries.keys()].map((k) => new Request(k));
  }
}
