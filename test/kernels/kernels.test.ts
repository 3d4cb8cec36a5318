// The generated kernel modules (git-ignored, written at postinstall) hold what the kernels' sources compile
// to now: a kernel edited without `npm run kernels` fails here.
import { describe, expect, it } from 'vitest';
import { KERNELS, compileKernel } from '../../scripts/kernels/compile';
import { WASM_BASE64 as kernels } from '../../src/kernels/host/kernels-wasm.generated';
import { WASM_BASE64 as plain } from '../../src/kernels/host/kernels-plain-wasm.generated';
import { WASM_BASE64 as shared } from '../../src/kernels/host/kernels-shared-wasm.generated';

const generated: Record<(typeof KERNELS)[number], string> = {
  kernels,
  'kernels-plain': plain,
  'kernels-shared': shared,
};

describe('WebAssembly kernels', () => {
  it.each(KERNELS)('%s: the generated module is the compiled source', async (name) => {
    const bytes = await compileKernel(name);
    expect(Buffer.from(generated[name], 'base64').equals(Buffer.from(bytes))).toBe(true);
  });
});
