// The Node side of `npm run bench`: median encoder times per TF.js backend in Node (cpu, wasm with one
// thread: TF.js disables wasm threads in Node), on random weights in the exact shapes of a preset.
import * as tf from '@tensorflow/tfjs-core';
import { PRESETS, type ClipConfig } from '../../src/clip/config';
import { initWeights } from '../../src/clip/init';
import type { TensorEntry } from '../../src/clip/safetensors';
import { encodeImage } from '../../src/clip/vision-tower';
import { encodeText } from '../../src/clip/text-tower';
import { Recorder } from '../../src/clip/trace';
import { type Weights, createWeights } from '../../src/clip/weights';
import { type NodeBackend, useBackend } from '../../src/node/backend';
import { encoderFlops } from './flops';
import { type Encoder, benchInputs } from './page/inputs';
import { median } from './median';

export interface NodeCase {
  model: string;
  backend: string;
  encoder: Encoder;
  medianMs: number;
  runs: number;
  gflops: number;
  /** Every stage recorded and read back (the figures' capture). */
  capture?: boolean;
}

function uploadWeights(cfg: ClipConfig): Weights {
  const tensors = new Map<string, TensorEntry>();
  for (const [name, t] of initWeights(cfg, { seed: 1 })) tensors.set(name, { dtype: 'F32', ...t });
  return createWeights({ tensors, metadata: {} }, cfg); // laid out as the site holds them
}

function timeIt(run: () => tf.Tensor, runs: number): number[] {
  tf.tidy(() => run().dataSync()); // warm-up: kernel set-up, memory pools
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    tf.tidy(() => run().dataSync());
    times.push(performance.now() - start);
  }
  return times;
}

export async function benchNode(name: string, backends: string[], runs: number): Promise<NodeCase[]> {
  const cfg = PRESETS[name];
  if (!cfg) throw new Error(`unknown model ${name} (known: ${Object.keys(PRESETS).join(', ')})`);
  const out: NodeCase[] = [];
  for (const backend of backends as NodeBackend[]) {
    await useBackend(backend);
    const w = uploadWeights(cfg);
    const input = benchInputs(cfg);
    const r = cfg.image_resolution;
    const pixels = tf.tensor4d(input.pixels, [1, 3, r, r]);
    const ids = tf.tensor2d(input.ids, [1, cfg.context_length], 'int32');
    const caption = tf.tensor2d(input.captionIds, [1, cfg.context_length], 'int32');
    // cpu takes about 30 s per ViT-B/32 pass: three runs are enough there.
    const n = backend === 'cpu' && name !== 'tiny-reference' ? Math.min(runs, 3) : runs;
    for (const encoder of ['image', 'text', 'caption'] as const) {
      // A trace records every position, so a captured caption costs what a captured text costs.
      for (const capture of encoder === 'caption' ? [false] : [false, true]) {
        const rec = () => new Recorder(capture);
        const run =
          encoder === 'image'
            ? () => encodeImage(pixels, w, cfg, rec())
            : () => encodeText(encoder === 'text' ? ids : caption, w, cfg, rec());
        const ms = median(timeIt(run, n));
        const gflops = encoderFlops(cfg, encoder) / 1e9 / (ms / 1000);
        out.push({
          model: name,
          backend,
          encoder,
          medianMs: ms,
          runs: n,
          gflops,
          ...(capture && { capture }),
        });
        process.stderr.write(
          `node ${name.padEnd(15)} ${backend.padEnd(5)} ${`${encoder}${capture ? '+capture' : ''}`.padEnd(14)} ${ms.toFixed(1).padStart(9)} ms  ${gflops.toFixed(2).padStart(7)} GFLOP/s  (median of ${n})\n`,
        );
      }
    }
    tf.dispose([pixels, ids, caption, ...w.values()]);
  }
  return out;
}
