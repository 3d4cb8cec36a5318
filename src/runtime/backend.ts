// Chooses the TF.js backend in the browser (page or worker): WebGL on a real GPU, wasm when WebGL2 is
// missing or software-emulated (SwiftShader, llvmpipe: about ten times slower than wasm), cpu last.
// A backend can be forced (?backend=wasm|webgl|cpu) for tests and comparisons.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { BackendName } from './protocol';
import { kernelModule, registerWasmKernels, setKernelThreads } from '../kernels/host/wasm-kernels';
import { registerWasmSplit } from '../kernels/host/wasm-split';
export { parseBackend } from './backend-name';

registerWasmSplit();
registerWasmKernels();

const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|basic render|mesa offscreen/i;

export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE.test(renderer);
}

/** The WebGL2 renderer string (unmasked where allowed), or null without WebGL2. */
export function webgl2Renderer(): string | null {
  try {
    const canvas: OffscreenCanvas | HTMLCanvasElement | null =
      typeof OffscreenCanvas !== 'undefined'
        ? new OffscreenCanvas(1, 1)
        : typeof document !== 'undefined'
          ? document.createElement('canvas')
          : null;
    const gl = canvas?.getContext('webgl2') as WebGL2RenderingContext | null | undefined;
    if (!gl) return null;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return renderer;
  } catch {
    return null;
  }
}

/** Backends to try, best first. */
export function autoOrder(renderer: string | null = webgl2Renderer()): BackendName[] {
  const gpu = renderer !== null && !isSoftwareRenderer(renderer);
  return gpu ? ['webgl', 'wasm', 'cpu'] : ['wasm', 'cpu'];
}

let wasmPathSet = false;

const inWorker = (): boolean => typeof window === 'undefined';

/** The threads wasm may use: every logical core where the page is cross-origin isolated, else one. */
export function wasmThreadsWanted(): number {
  if (typeof self === 'undefined' || !self.crossOriginIsolated || !inWorker()) return 1;
  return Math.max(1, Math.min(8, self.navigator.hardwareConcurrency || 1));
}

/**
 * Starts wasm with `threads` threads. TF.js's wasm module sizes its pool as hardwareConcurrency / 2 and
 * caps setThreadsCount by that (it assumes two hyper-threads per core), so a 2-core machine would get one
 * thread; while the module starts it is shown twice the threads wanted, then the real value is restored.
 */
export async function startWasm(threads: number, training = false): Promise<boolean> {
  // In the page itself (the no-worker fallback) the bundle's names are mangled (see astro.config.mjs):
  // the single-threaded build is used there.
  if (!inWorker()) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  // The linear kernel (kernel-module.ts) does most of the work, on threads of its own where it can. TF.js's
  // pool then gets one thread: its idle threads spin between ops and took cores from the kernel's helper
  // (ViT-B/32 image at 2 threads in Chromium: 269.7 ms with both pools, 198.7 ms with TF.js on one).
  // Training runs under a gradient tape, where the kernel is never used: there TF.js keeps the threads.
  setKernelThreads(training ? 1 : threads);
  setThreadsCount(kernelModule().threads > 1 ? 1 : threads);
  const nav = self.navigator;
  Object.defineProperty(nav, 'hardwareConcurrency', { configurable: true, value: threads * 2 });
  try {
    return await tf.setBackend('wasm');
  } finally {
    delete (nav as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}

/** Threads the running wasm backend computes with, its linear kernel's included (0 for other backends). */
export function backendThreads(): number {
  return tf.getBackend() === 'wasm' ? Math.max(getThreadsCount(), kernelModule().threads) : 0;
}

/** Starts the first backend of the order that works; a forced one falls back to the others on failure. */
/**
 * `threads`: for wasm, where the page allows more than one (see wasmThreadsWanted); `training`: the
 * worker trains (see startWasm).
 */
export async function initBackend(
  base: string,
  forced?: BackendName,
  threads = wasmThreadsWanted(),
  training = false,
): Promise<BackendName> {
  tf.env().set('PROD', true);
  if (!wasmPathSet) {
    setWasmPaths(`${base.replace(/\/?$/, '/')}tfjs/`);
    wasmPathSet = true;
  }
  const order = forced ? [forced, ...autoOrder().filter((b) => b !== forced)] : autoOrder();
  if (!order.includes('cpu')) order.push('cpu');
  for (const name of order) {
    try {
      if (name === 'wasm' ? await startWasm(threads, training) : await tf.setBackend(name)) {
        await tf.ready();
        return name;
      }
    } catch {
      // try the next one
    }
  }
  throw new Error('No TensorFlow.js backend could start in this browser.');
}
