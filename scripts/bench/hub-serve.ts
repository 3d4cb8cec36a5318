// The stand-in hub (test/helpers/hub-server.ts) in a process of its own for the hub bench, serving the
// files of one folder as one repository; prints its endpoint as a JSON line and serves until killed.
// The stand-in hashes a file's whole body for the ETag of every request (fine for a test's small files); on
// a 605 MB file that is about 0.7 s per request (per 8 MB window when the converter read by windows), which
// the real hub does not spend. So the digests are remembered here, per body, before the helper is loaded:
// what it sends is unchanged.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const crypto = require('node:crypto') as typeof import('node:crypto');
const createHash = crypto.createHash;
const digests = new WeakMap<object, Map<string, string>>();

/** createHash with sha256 digests of one update remembered per buffer (the helper's only use). */
function rememberingCreateHash(algorithm: string, ...rest: unknown[]) {
  if (algorithm !== 'sha256') return (createHash as (...a: unknown[]) => unknown)(algorithm, ...rest);
  let input: Uint8Array | undefined;
  const hash = {
    update(b: Uint8Array) {
      if (input) throw new Error('hub-serve: one update only');
      input = b;
      return hash;
    },
    digest(encoding: 'hex') {
      const seen = digests.get(input!) ?? new Map<string, string>();
      digests.set(input!, seen);
      if (!seen.has(encoding)) seen.set(encoding, createHash('sha256').update(input!).digest(encoding));
      return seen.get(encoding)!;
    },
  };
  return hash;
}
(crypto as { createHash: unknown }).createHash = rememberingCreateHash;
syncBuiltinESMExports();

const [dir, repo] = process.argv.slice(2) as [string, string];
const files: Record<string, Uint8Array> = {};
for (const name of readdirSync(dir)) {
  if (!name.endsWith('.part')) files[name] = new Uint8Array(readFileSync(path.join(dir, name)));
}
const { startStandInHub } = await import('../../test/helpers/hub-server');
const hub = await startStandInHub({ [repo]: { files } });
process.stdout.write(`${JSON.stringify({ endpoint: hub.endpoint, cdn: hub.cdn })}\n`);
process.on('SIGTERM', () => void hub.close().then(() => process.exit(0)));
