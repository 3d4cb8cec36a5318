// Which browser cases `npm run bench` runs per model: every case for the record's models (tiny, ViT-B/32),
// and for the larger OpenAI shapes only what a reader of the hub panel meets, at all threads and on WebGL,
// because each of their WebGL runs takes from seconds to minutes on SwiftShader.
import type { CaseRequest } from './page/worker';

export const BROWSER_MODELS = ['tiny-reference', 'ViT-B/32', 'ViT-B/16', 'ViT-L/14'];

const LARGE = new Set(['ViT-B/16', 'ViT-L/14']);

/** For --help: measured on this project's 2-core machine (2026-12-07, --runs 3). */
export const BROWSER_MINUTES = [
  'about 0.5 min for tiny-reference, 3-4 for ViT-B/32, 3-5 for ViT-B/16, 14-15 for',
  'ViT-L/14 (most of it WebGL on SwiftShader; the first run also writes 3.4 GB of',
  'random ViT-L/14 weights and graphs to the temp folder, about 40 s)',
];

export function browserRequests(models: string[], threadCounts: number[], runs: number): CaseRequest[] {
  const all = threadCounts.at(-1)!;
  const requests: CaseRequest[] = [];
  for (const model of models) {
    const large = LARGE.has(model);
    // WebGL here is SwiftShader (software): a few runs show the order of magnitude, one on large models.
    const webglRuns = large ? 1 : 3;
    for (const encoder of ['image', 'text'] as const) {
      for (const threads of large ? [all] : threadCounts) {
        requests.push({ backend: 'wasm', threads, model, encoder, runs, peer: true });
      }
      requests.push({ backend: 'webgl', threads: 1, model, encoder, runs: webglRuns, peer: false });
      // The figures' forward: an attention lesson's (every layer's probabilities) and every stage.
      requests.push({
        backend: 'wasm',
        threads: all,
        model,
        encoder,
        runs,
        peer: false,
        capture: 'attention',
      });
      requests.push({ backend: 'wasm', threads: all, model, encoder, runs, peer: false, capture: true });
      requests.push({
        backend: 'webgl',
        threads: 1,
        model,
        encoder,
        runs: webglRuns,
        peer: false,
        capture: true,
      });
    }
    // A reader's short caption: the project's model stops at its EOT, the ONNX graph computes all 77.
    for (const threads of large ? [all] : threadCounts) {
      requests.push({ backend: 'wasm', threads, model, encoder: 'caption', runs, peer: true });
    }
  }
  return requests;
}
