// The kernels on helper threads (src/kernels/host/kernel-threads.ts), in Node's workers: the linear kernel's
// panels, attention's (batch, head) pairs and LayerNorm's rows are shared out, and the results are exactly
// those of one thread (and, for the linear kernel, matMul plus bias on cpu).
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import type { Spawn } from '../../src/kernels/host/kernel-threads';
import { KernelModule } from '../../src/kernels/host/kernel-module';
import { maxAbsDiff } from '../helpers/reference';
import { reference, tolerance, values } from './linear-reference';

describe('fused linear kernel with helper threads', () => {
  const workers: Worker[] = [];
  // Node's workers receive messages through parentPort; the helper's program expects a browser worker's self.
  const spawn: Spawn = (source, start) => {
    const glue = [
      "const { parentPort } = require('node:worker_threads');",
      'globalThis.self = { addEventListener: (type, f) => parentPort.once(type, (data) => f({ data })) };',
      source,
    ].join('\n');
    const worker = new Worker(glue, { eval: true });
    worker.postMessage(start);
    workers.push(worker);
  };
  afterAll(async () => void (await Promise.all(workers.map((w) => w.terminate()))));

  it('splits the panels between three threads and gives what one thread gives', async () => {
    const threaded = new KernelModule({ threads: 3, spawn });
    expect(threaded.threads).toBe(3);
    for (let i = 0; i < 200 && !threaded.ready; i++) await new Promise((r) => setTimeout(r, 25));
    expect(threaded.ready).toBe(true);
    const alone = new KernelModule();
    // [m, k, n]: 19, 4 and 144 panels of 16 columns; the second leaves the third thread nothing to do.
    const big: [number, number, number][] = [
      [50, 200, 300],
      [64, 512, 64],
      [77, 64, 2304],
    ];
    for (const [seed, [m, k, n]] of big.entries()) {
      const a = values(m * k, seed + 1);
      const w = values(k * n, seed + 2);
      const bias = values(n, seed + 3);
      const want = await reference(a, w, bias, m, k, n);
      const got = new Float32Array(m * n);
      threaded.linear(
        a,
        m,
        {},
        () => w,
        k,
        n,
        bias,
        got,
        () => true,
      );
      const one = new Float32Array(m * n);
      alone.linear(
        a,
        m,
        {},
        () => w,
        k,
        n,
        bias,
        one,
        () => true,
      );
      expect(got).toEqual(one);
      expect(maxAbsDiff(got, want), `${m}x${k}x${n}`).toBeLessThan(tolerance(k));
    }
  });

  it("shares attention's (batch, head) pairs and LayerNorm's rows, and gives what one thread gives", async () => {
    const threaded = new KernelModule({ threads: 3, spawn });
    for (let i = 0; i < 200 && !threaded.ready; i++) await new Promise((r) => setTimeout(r, 25));
    expect(threaded.ready).toBe(true);
    const alone = new KernelModule();
    // [batch, positions, heads, head width, causal]: 24, 16 and 3 pairs, the last too small to share.
    const cases: [number, number, number, number, boolean][] = [
      [2, 77, 12, 64, true],
      [1, 50, 16, 48, false],
      [1, 9, 3, 8, false],
    ];
    for (const [seed, [batch, n, heads, hd, causal]] of cases.entries()) {
      const qkv = values(batch * n * 3 * heads * hd, seed + 7);
      const run = (kernel: KernelModule) => {
        const out = new Float32Array(batch * n * heads * hd);
        const probs = new Float32Array(batch * heads * n * n);
        kernel.attention(qkv, batch, n, heads, causal, out, probs);
        return { out, probs };
      };
      expect(run(threaded), `attention ${batch}x${n}x${heads}x${hd}`).toEqual(run(alone));
    }
    // ViT-B/16's and ViT-L/14's vision widths are shared out; ViT-B/32's stays on one thread.
    for (const [rows, d] of [
      [197, 768],
      [257, 1024],
      [50, 768],
    ] as const) {
      const x = values(rows * d, rows);
      const gamma = values(d, 2);
      const beta = values(d, 3);
      const run = (kernel: KernelModule) => {
        const out = new Float32Array(rows * d);
        kernel.layerNorm(x, gamma, beta, 1e-5, out);
        return out;
      };
      const one = run(alone);
      expect(one.every(Number.isFinite)).toBe(true);
      expect(run(threaded), `LayerNorm ${rows}x${d}`).toEqual(one);
    }
  });
});
