// The generated kernel modules (git-ignored, written at postinstall) hold what the kernels' sources compile
// to now: a kernel edited without `npm run kernels` fails here.
import { describe, expect, it } from 'vitest';
import { KERNELS, compileKernel } from '../../scripts/kernels/compile';
import { WASM_BASE64 as attention } from '../../src/runtime/attention-wasm.generated';
import { WASM_BASE64 as layerNorm } from '../../src/runtime/layer-norm-wasm.generated';
import { WASM_BASE64 as matmul } from '../../src/runtime/matmul-wasm.generated';
import { WASM_BASE64 as matmulPlain } from '../../src/runtime/matmul-plain-wasm.generated';
import { WASM_BASE64 as matmulShared } from '../../src/runtime/matmul-shared-wasm.generated';

const generated: Record<(typeof KERNELS)[number], string> = {
  attention,
  'layer-norm': layerNorm,
  matmul,
  'matmul-plain': matmulPlain,
  'matmul-shared': matmulShared,
};

describe('WebAssembly kernels', () => {
  it.each(KERNELS)('%s: the generated module is the compiled source', async (name) => {
    const bytes = await compileKernel(name);
    expect(Buffer.from(generated[name], 'base64').equals(Buffer.from(bytes))).toBe(true);
  });
});
