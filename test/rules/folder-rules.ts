// The folder rules of DESIGN.md as data, for test/rules/imports.test.ts: per folder under src/, which
// folders and packages its modules may import directly and what they must never reach; the DOM's globals.

export interface Rule {
  /** Folders whose modules this folder's modules may import (statically or with import()). */
  folders: readonly string[];
  /** Packages they may import: an exact name, or a prefix ending in '/', ':' or '-'. */
  packages: readonly string[];
  /** Packages (same forms) and folders that no module here may reach through static imports, followed. */
  neverReaches?: readonly string[];
  /** Uses no DOM global (document, window, HTML…Element, …). */
  noDom?: boolean;
}

const TFJS = '@tensorflow/';
export const MODEL = ['src/clip', 'src/runtime'];

/** The rules, one per folder under src/. site/ may import anything: it is where figures and the model meet. */
export const RULES: Record<string, Rule> = {
  // The model, pure TF.js: no DOM, no D3, no Astro. The weight format and the world's seeded random are TS.
  'src/clip': {
    folders: ['src/clip', 'src/weights', 'src/world'],
    packages: ['@tensorflow/tfjs-core'],
    neverReaches: ['d3', 'd3-', 'astro', 'astro:', 'src/viz', 'src/runtime'],
    noDom: true,
  },
  // Checkpoint files and the web format: no TF.js (the model panel and the build-time list load it alone).
  'src/weights': {
    folders: ['src/weights', 'src/clip'],
    packages: [],
    neverReaches: [TFJS, 'src/viz', 'src/runtime'],
  },
  // The labs' math in plain TypeScript: no TF.js, no DOM, no model.
  'src/lab': {
    folders: ['src/lab', 'src/world'],
    packages: ['umap-js'],
    neverReaches: [TFJS, ...MODEL, 'src/viz'],
    noDom: true,
  },
  // D3 figure factories: plain arrays or a Trace in, SVG out; no TF.js, no model. The world's colours
  // (src/world, pure TypeScript) fill the training lab's scatter points.
  'src/viz': {
    folders: ['src/viz', 'src/lab', 'src/world'],
    packages: ['d3'],
    neverReaches: [TFJS, ...MODEL],
  },
  // The synthetic world: pure TypeScript (no package, no Node, no DOM), the same bytes everywhere.
  'src/world': { folders: ['src/world'], packages: [], noDom: true },
  // WebAssembly kernels (AssemblyScript): nothing outside the folder.
  'src/kernels': { folders: ['src/kernels'], packages: [] },
  // The host code that runs them for TF.js's wasm backend, in the browser and in Node: the fused kernels'
  // names come from the model (src/clip/fused.ts); nothing of the page.
  'src/kernels/host': {
    folders: ['src/kernels/host', 'src/clip'],
    packages: ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-wasm'],
    neverReaches: ['src/runtime', 'src/viz', 'd3'],
  },
  // Contrastive training, for the Node script and the in-browser lab.
  'src/train': {
    folders: ['src/train', 'src/clip', 'src/weights', 'src/world'],
    packages: ['@tensorflow/tfjs-core'],
    neverReaches: ['src/viz', 'src/runtime', 'd3'],
  },
  // Browser glue around the model: workers, backends, hub, cache, code cells.
  'src/runtime': {
    folders: ['src/runtime', 'src/clip', 'src/weights', 'src/world', 'src/train', 'src/kernels/host'],
    packages: [
      '@tensorflow/tfjs-core',
      '@tensorflow/tfjs-core/',
      '@tensorflow/tfjs-backend-cpu',
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow/tfjs-backend-webgl',
      '@lezer/javascript',
    ],
    neverReaches: ['src/viz', 'd3'],
  },
  // Node-only input and output for the scripts.
  'src/node': {
    folders: ['src/node', 'src/clip', 'src/runtime', 'src/train', 'src/weights', 'src/kernels/host'],
    packages: [
      'node:',
      '@tensorflow/tfjs',
      '@tensorflow/tfjs-core',
      '@tensorflow/tfjs-backend-cpu',
      '@tensorflow/tfjs-backend-wasm',
      'fast-png',
      'jpeg-js',
    ],
    neverReaches: ['src/viz', 'd3'],
  },
};

/** Globals only a document has. Workers and Node lack them; src/clip, src/lab and src/world never use them. */
export const DOM_GLOBALS = new Set([
  'document',
  'window',
  'customElements',
  'getComputedStyle',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'localStorage',
  'sessionStorage',
  'Element',
  'Node',
  'SVGElement',
  'MutationObserver',
  'IntersectionObserver',
  'ResizeObserver',
  'CanvasRenderingContext2D',
]);
export const DOM_PATTERN = /^(HTML\w*Element|SVG\w*Element)$/;
