// Chooses the TF.js backend in the browser (page or worker): WebGL on a real GPU, wasm when WebGL2 is
// missing or software-emulated (SwiftShader, llvmpipe: about ten times slower than wasm), cpu last.
// A backend can be forced (?backend=wasm|webgl|cpu) for tests and comparisons.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { BackendName } from './protocol';
export { parseBackend } from './backend-name';

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

/** Starts the first backend of the order that works; a forced one falls back to the others on failure. */
export async function initBackend(base: string, forced?: BackendName): Promise<BackendName> {
  tf.env().set('PROD', true);
  if (!wasmPathSet) {
    setWasmPaths(`${base.replace(/\/?$/, '/')}tfjs/`);
    wasmPathSet = true;
  }
  const order = forced ? [forced, ...autoOrder().filter((b) => b !== forced)] : autoOrder();
  if (!order.includes('cpu')) order.push('cpu');
  for (const name of order) {
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return name;
      }
    } catch {
      // try the next one
    }
  }
  throw new Error('No TensorFlow.js backend could start in this browser.');
}
