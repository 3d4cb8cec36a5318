// AssemblyScript, compiled to WebAssembly SIMD by scripts/kernels.ts (not part of the TypeScript build).
// Every kernel in one module, so that helper threads instantiating it over one shared memory can run any
// of them on buffers the caller lays out (src/kernels/host/kernel-module.ts).
export { packB, packedFloats, matmul } from './matmul';
export { attention, scratchFloats } from './attention';
export { layerNorm } from './layer-norm';

/** Where the caller may start laying out buffers: past this module's own data. */
export function heapBase(): usize {
  return __heap_base;
}
