// postinstall: copies TF.js's wasm binaries to public/tfjs/ (git-ignored), where the browser's wasm backend
// finds them (setWasmPaths(base + 'tfjs/') in src/runtime/backend.ts). Copies only what changed.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const from = join(root, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');
const to = join(root, 'public', 'tfjs');

const files = readdirSync(from).filter((f) => f.endsWith('.wasm'));
if (files.length === 0) throw new Error(`no .wasm files in ${from}`);
mkdirSync(to, { recursive: true });
let copied = 0;
for (const f of files) {
  const src = join(from, f);
  const dst = join(to, f);
  if (existsSync(dst) && readFileSync(dst).equals(readFileSync(src))) continue;
  copyFileSync(src, dst);
  copied++;
}
process.stderr.write(`copy-wasm: ${files.length} wasm files in public/tfjs (${copied} copied)\n`);
