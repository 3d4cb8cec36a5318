// Compiles the WebAssembly kernels in src/kernels/ (AssemblyScript) and writes each one's bytes, in base64,
// to a git-ignored module beside the code that loads it: src/kernels/host/<name>-wasm.generated.ts. Runs at
// postinstall; `npm run kernels` after editing a kernel. The test in test/runtime/kernels.test.ts fails
// when a generated module is stale.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileKernel, KERNELS, generatedModule } from './kernels/compile';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

for (const name of KERNELS) {
  const bytes = await compileKernel(name);
  const out = join(root, 'src', 'kernels', 'host', `${name}-wasm.generated.ts`);
  writeFileSync(out, generatedModule(name, bytes));
  process.stderr.write(`kernels: ${name} ${bytes.length} bytes -> ${out.slice(root.length + 1)}\n`);
}
