// The kernel module's helper thread in Chromium (src/kernels/host/kernel-threads.ts): a Blob worker over a shared
// memory, which the unit tests can run only in Node's workers. A module worker in a cross-origin isolated
// page computes products, attention and LayerNorm on two threads and on one (fixtures/kernel-threads-worker.ts).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StaticServer, startStaticServer } from '../../scripts/site/static-server';
import { openPage, useBrowser } from './browser';
import type { KernelThreadsResult } from './fixtures/kernel-threads-worker';
import { repoRoot } from './paths';

const browser = useBrowser();
let dir = '';
let server: StaticServer | undefined;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'inside-clip-matmul-'));
  await build({
    entryPoints: [path.join(repoRoot, 'test/e2e/fixtures/kernel-threads-worker.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    outfile: path.join(dir, 'worker.js'),
    logLevel: 'error',
  });
  writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html><title>matmul</title><link rel="icon" href="data:,">',
  );
  server = await startStaticServer(dir);
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the linear kernel in Chromium', () => {
  it('computes with a helper thread in a worker, bit for bit as on one thread', async () => {
    const { page, problems, close } = await openPage(browser(), `${server!.url}/`);
    try {
      const r = await page.evaluate(
        () =>
          new Promise<KernelThreadsResult>((resolve, reject) => {
            const worker = new Worker('/worker.js', { type: 'module' });
            worker.onmessage = (e: MessageEvent<KernelThreadsResult>) => resolve(e.data);
            worker.onerror = (e) => reject(new Error(e.message));
          }),
      );
      expect(r.isolated).toBe(true);
      expect(r.fma).toBe(true);
      expect(r.threads).toBe(2);
      expect(r.ready).toBe(true);
      expect(r.equal).toBe(true);
      expect(r.equalAttention).toBe(true);
      expect(r.equalLayerNorm).toBe(true);
      // Float32 sums of up to 512 terms reaching about 60, against float64: 3.4e-5 measured.
      expect(r.maxDiff).toBeLessThan(2e-4);
      expect(problems).toEqual({ consoleErrors: [], pageErrors: [], failedRequests: [] });
    } finally {
      await close();
    }
  });
});
