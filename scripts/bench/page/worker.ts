// The browser side of `npm run bench`: a module worker (bundled by scripts/bench/browser.ts) that times the
// project's model on one backend and thread count and, on wasm, onnxruntime-web at the same thread count on
// the same weights and inputs. The two engines alternate run by run, so a slow spell of the machine hits
// both; a fresh worker per case, since TF.js fixes its wasm thread pool when the backend starts.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as ort from 'onnxruntime-web/wasm';
import { validateConfig, type ClipConfig } from '../../../src/clip/config';
import { readSafetensors } from '../../../src/clip/safetensors';
import { encodeImage } from '../../../src/clip/vision-tower';
import { encodeText } from '../../../src/clip/text-tower';
import { NO_TRACE, Recorder } from '../../../src/clip/trace';
import { createWeights } from '../../../src/clip/weights';
import { backendThreads, startWasm } from '../../../src/runtime/backend';
import { type Encoder, benchInputs, fileKey, textIds } from './inputs';

export interface CaseRequest {
  backend: 'wasm' | 'webgl';
  threads: number;
  model: string;
  encoder: Encoder;
  runs: number;
  /** Also time onnxruntime-web (wasm backend only). */
  peer: boolean;
  /** Also time each TF.js kernel once: [name and input shapes, ms], largest first. */
  profile?: boolean;
  /**
   * Record stages of each run, read back as typed arrays; no peer. true: every stage; 'attention': what an
   * attention lesson's figure records, every layer's probabilities.
   */
  capture?: boolean | 'attention';
}

export interface CaseResult {
  oursMs: number[];
  ortMs?: number[];
  /** Largest |ours - onnxruntime| over the features. */
  maxDiff?: number;
  /** Largest |feature| of ours, for scale. */
  maxAbs: number;
  threadsUsed: number;
  crossOriginIsolated: boolean;
  kernels?: [string, number][];
  /** Bytes one captured run copies out of TF.js. */
  capturedBytes?: number;
  /** A captured case's plain passes, alternating with the captured ones. */
  plainMs?: number[];
}

declare const self: DedicatedWorkerGlobalScope;

type Run = () => Promise<Float32Array>;

async function fetchBytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

// A pause before each timed run lets the other engine's idle threads stop spinning.
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 50));

async function timeOnce(run: Run): Promise<number> {
  await settle();
  const start = performance.now();
  await run();
  return performance.now() - start;
}

async function oursRun(
  req: CaseRequest,
  cfg: ClipConfig,
): Promise<{ run: Run; plain: Run; profile: () => Promise<[string, number][]>; captured: () => number }> {
  tf.env().set('PROD', true);
  if (req.backend === 'wasm') setWasmPaths('/tfjs/');
  const started = req.backend === 'wasm' ? await startWasm(req.threads) : await tf.setBackend(req.backend);
  if (!started) throw new Error(`the ${req.backend} backend did not start`);
  await tf.ready();
  const ckpt = readSafetensors(await fetchBytes(`/files/${fileKey(req.model)}.safetensors`));
  const w = createWeights(ckpt, cfg); // laid out as the site holds them
  const input = benchInputs(cfg);
  const r = cfg.image_resolution;
  const x =
    req.encoder === 'image'
      ? tf.tensor4d(input.pixels, [1, 3, r, r])
      : tf.tensor2d(textIds(input, req.encoder), [1, cfg.context_length], 'int32');
  const encode = req.encoder === 'image' ? encodeImage : encodeText;
  const tower = req.encoder === 'image' ? 'visual.' : '';
  const layers = req.encoder === 'image' ? cfg.vision_layers : cfg.transformer_layers;
  const probs = Array.from({ length: layers }, (_, l) => `${tower}transformer.resblocks.${l}.attn.probs`);
  let last = NO_TRACE;
  const pass = async (rec: () => Recorder) => {
    last = rec();
    const y = tf.tidy(() => encode(x, w, cfg, last)); // [1, E]
    const data = (await y.data()) as Float32Array;
    y.dispose();
    return data;
  };
  const run = () =>
    pass(() =>
      req.capture === 'attention' ? new Recorder(probs) : req.capture ? new Recorder(true) : NO_TRACE,
    );
  const plain = () => pass(() => NO_TRACE);
  const captured = () => Object.values(last.trace).reduce((sum, e) => sum + e.data.byteLength, 0);
  return { run, plain, profile: () => profileKernels(() => encode(x, w, cfg)), captured };
}

async function ortRun(req: CaseRequest, cfg: ClipConfig): Promise<Run> {
  ort.env.wasm.wasmPaths = '/ort/';
  ort.env.wasm.numThreads = req.threads;
  const graph = req.encoder === 'image' ? 'image' : 'text';
  const bytes = await fetchBytes(`/files/${fileKey(req.model)}-${graph}.onnx`);
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: ['wasm'],
    graphOptimizationLevel: 'all',
  });
  const input = benchInputs(cfg);
  const r = cfg.image_resolution;
  const feeds: Record<string, ort.Tensor> =
    req.encoder === 'image'
      ? { pixels: new ort.Tensor('float32', input.pixels, [1, 3, r, r]) }
      : {
          ids: new ort.Tensor('int64', BigInt64Array.from(textIds(input, req.encoder), BigInt), [
            1,
            cfg.context_length,
          ]),
        };
  return async () => (await session.run(feeds)).features!.data as Float32Array;
}

async function profileKernels(encode: () => tf.Tensor): Promise<[string, number][]> {
  const info = await tf.profile(() => tf.tidy(() => void encode().dataSync()));
  const sums = new Map<string, number>();
  for (const k of info.kernels) {
    if (k.name === 'unnamed scope' || k.name.endsWith('__op')) continue; // scopes; their kernels are listed
    const key = `${k.name} ${JSON.stringify(k.inputShapes)}`;
    sums.set(key, (sums.get(key) ?? 0) + (k.kernelTimeMs as number));
  }
  return [...sums].sort((a, b) => b[1] - a[1]);
}

async function runCase(req: CaseRequest): Promise<CaseResult> {
  let capturedBytes = 0;
  const cfg = validateConfig(
    JSON.parse(new TextDecoder().decode(await fetchBytes(`/files/${fileKey(req.model)}.json`))),
    `${req.model}.json`,
  );
  const { run: ours, plain, profile, captured } = await oursRun(req, cfg);
  const peer = req.peer && !req.capture && req.backend === 'wasm' ? await ortRun(req, cfg) : null;
  const a = await ours(); // warm-up: kernel set-up, weight packing, memory pools
  const b = peer ? await peer() : null;
  const oursMs: number[] = [];
  const ortMs: number[] = [];
  // A captured case alternates with the plain pass in the same worker: its cost is a ratio taken run by run.
  const plainMs: number[] = [];
  for (let i = 0; i < req.runs; i++) {
    oursMs.push(await timeOnce(ours));
    if (peer) ortMs.push(await timeOnce(peer));
    if (req.capture) {
      const c = captured();
      plainMs.push(await timeOnce(plain));
      capturedBytes = c;
    }
  }
  const result: CaseResult = {
    oursMs,
    maxAbs: Math.max(...Array.from(a, Math.abs)),
    threadsUsed: backendThreads(),
    crossOriginIsolated: self.crossOriginIsolated,
  };
  if (b) {
    result.ortMs = ortMs;
    result.maxDiff = Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i]!)));
  }
  if (req.profile) result.kernels = await profile();
  if (req.capture) {
    result.capturedBytes = capturedBytes;
    result.plainMs = plainMs;
  }
  return result;
}

self.onmessage = async (e: MessageEvent<CaseRequest>) => {
  try {
    self.postMessage({ ok: true, result: await runCase(e.data) });
  } catch (err) {
    self.postMessage({ ok: false, error: String((err as Error).message ?? err) });
  }
};
