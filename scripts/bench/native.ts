// The native reference of `npm run bench`: onnxruntime-node on the same ONNX graphs the page runs, and a
// plain matrix-multiply peak (one MatMul of two 1024×1024 float32 matrices in onnxruntime-node), which the
// report uses as "the machine's measured matmul peak".
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { PRESETS } from '../../src/clip/config';
import { GraphBuilder, encodeModel, valueInfo } from './onnx-proto';
import { benchInputs, fileKey } from './page/inputs';
import { median } from './median';

export interface NativeCase {
  model: string;
  encoder: 'image' | 'text';
  threads: number;
  medianMs: number;
  runs: number;
}

async function timeSession(
  session: ort.InferenceSession,
  feeds: Record<string, ort.Tensor>,
  runs: number,
): Promise<number[]> {
  await session.run(feeds); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await session.run(feeds);
    times.push(performance.now() - start);
  }
  return times;
}

const options = (threads: number): ort.InferenceSession.SessionOptions => ({
  intraOpNumThreads: threads,
  interOpNumThreads: 1,
  graphOptimizationLevel: 'all',
});

/** Times the encoder graphs that scripts/bench/browser.ts wrote to `dir`. */
export async function benchNative(
  dir: string,
  model: string,
  threads: number,
  runs: number,
): Promise<NativeCase[]> {
  const cfg = PRESETS[model]!;
  const input = benchInputs(cfg);
  const r = cfg.image_resolution;
  const out: NativeCase[] = [];
  for (const encoder of ['image', 'text'] as const) {
    const bytes = readFileSync(path.join(dir, `${fileKey(model)}-${encoder}.onnx`));
    const session = await ort.InferenceSession.create(bytes, options(threads));
    const feeds: Record<string, ort.Tensor> =
      encoder === 'image'
        ? { pixels: new ort.Tensor('float32', input.pixels, [1, 3, r, r]) }
        : { ids: new ort.Tensor('int64', BigInt64Array.from(input.ids, BigInt), [1, cfg.context_length]) };
    const medianMs = median(await timeSession(session, feeds, runs));
    await session.release();
    out.push({ model, encoder, threads, medianMs, runs });
  }
  return out;
}

/** GFLOP/s of one 1024×1024 by 1024×1024 MatMul in onnxruntime-node at `threads` threads (median of 20). */
export async function matmulPeak(threads: number): Promise<number> {
  const n = 1024;
  const b = new GraphBuilder();
  const weight = Float32Array.from({ length: n * n }, (_, i) => ((i * 7919) % 1000) / 1000 - 0.5);
  b.opTo('y', 'MatMul', ['x', b.float('w', weight, [n, n])]);
  const bytes = encodeModel({
    name: 'matmul-peak',
    graph: b,
    inputs: [valueInfo('x', 'float32', [n, n])],
    outputs: [valueInfo('y', 'float32', [n, n])],
  });
  const session = await ort.InferenceSession.create(bytes, options(threads));
  const x = new ort.Tensor('float32', weight.slice(), [n, n]);
  const ms = median(await timeSession(session, { x }, 20));
  await session.release();
  return (2 * n ** 3) / 1e9 / (ms / 1000);
}
