// The forward part of `npm run bench`: the lessons' pass, both towers and the similarity on one image and
// one caption, with every stage captured (forward() with the options Engine.run passes: capture: true,
// traceOnly), beside the same pass without capture (the peer), per Node backend, on random weights in the
// exact shapes of ViT-B/32 and ViT-B/16. The two alternate run by run, so a slow spell hits both.
import * as tf from '@tensorflow/tfjs-core';
import { PRESETS, type ClipConfig } from '../../src/clip/config';
import { initWeights } from '../../src/clip/init';
import { type ClipModel, type ForwardOptions, forward } from '../../src/clip/model';
import type { TensorEntry } from '../../src/clip/safetensors';
import { createWeights } from '../../src/clip/weights';
import { type NodeBackend, useBackend } from '../../src/node/backend';
import { benchInputs } from './page/inputs';
import { median } from './median';

export interface ForwardCase {
  model: string;
  backend: string;
  runs: number;
  plainMs: number;
  capturedMs: number;
  /** capturedMs / plainMs, run by run, then the median. */
  ratio: number;
  capturedMB: number;
  stages: number;
}

function buildModel(cfg: ClipConfig): ClipModel {
  const tensors = new Map<string, TensorEntry>();
  for (const [name, t] of initWeights(cfg, { seed: 1 })) tensors.set(name, { dtype: 'F32', ...t });
  return { config: cfg, weights: createWeights({ tensors, metadata: {} }, cfg) };
}

const CAPTURED: ForwardOptions = { capture: true, traceOnly: true };

export async function benchForward(options: {
  models: string[];
  backends: string[];
  runs: number;
  /** Models run on cpu too (a ViT-B/16 image takes minutes there). */
  cpuModels: string[];
}): Promise<ForwardCase[]> {
  const out: ForwardCase[] = [];
  for (const backend of options.backends as NodeBackend[]) {
    await useBackend(backend);
    for (const name of options.models) {
      if (backend === 'cpu' && !options.cpuModels.includes(name)) continue;
      const cfg = PRESETS[name];
      if (!cfg) throw new Error(`unknown model ${name} (known: ${Object.keys(PRESETS).join(', ')})`);
      const model = buildModel(cfg);
      const input = benchInputs(cfg);
      const inputs = { ids: [input.captionIds], images: [input.pixels] };
      const before = tf.memory().numTensors;
      const time = (o: ForwardOptions) => {
        const t = performance.now();
        const r = forward(model, inputs, o);
        return { ms: performance.now() - t, r };
      };
      // cpu takes tens of seconds per ViT-B/32 pass: one run each, no warm-up (it compiles nothing).
      const n = backend === 'cpu' ? 1 : options.runs;
      if (backend !== 'cpu') {
        time({});
        time(CAPTURED);
      }
      const plain: number[] = [];
      const captured: number[] = [];
      let trace = {} as ReturnType<typeof forward>['trace'];
      for (let i = 0; i < n; i++) {
        plain.push(time({}).ms);
        const c = time(CAPTURED);
        captured.push(c.ms);
        trace = c.r.trace;
      }
      if (tf.memory().numTensors !== before) throw new Error(`forward leaked tensors on ${backend}`);
      const bytes = Object.values(trace).reduce((s, e) => s + e.data.byteLength, 0);
      const row: ForwardCase = {
        model: name,
        backend,
        runs: n,
        plainMs: median(plain),
        capturedMs: median(captured),
        ratio: median(captured.map((c, i) => c / plain[i]!)),
        capturedMB: bytes / 1e6,
        stages: Object.keys(trace).length,
      };
      out.push(row);
      process.stderr.write(
        `forward ${name.padEnd(9)} ${backend.padEnd(5)} plain ${row.plainMs.toFixed(1).padStart(8)} ms  captured ${row.capturedMs.toFixed(1).padStart(8)} ms  ×${row.ratio.toFixed(2)}  ${row.stages} stages, ${row.capturedMB.toFixed(1)} MB  (median of ${n})\n`,
      );
      tf.dispose([...model.weights.values()]);
    }
  }
  return out;
}

export function forwardTable(cases: ForwardCase[]): string[] {
  const lines = [
    'Forward pass as the lessons run it (one image and one 7-token caption, both towers and the similarity; Node, TF.js):',
    '',
    '| model | backend | runs | no capture ms | every stage captured ms | captured / plain | stages | captured MB |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const c of cases) {
    lines.push(
      `| ${c.model} | ${c.backend} | ${c.runs} | ${c.plainMs.toFixed(1)} | ${c.capturedMs.toFixed(1)} | ${c.ratio.toFixed(2)} | ${c.stages} | ${c.capturedMB.toFixed(1)} |`,
    );
  }
  return lines;
}
