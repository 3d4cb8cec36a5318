// The weight format's modules, and the page code built on them, never reach TF.js through a static
// import (followed transitively): the model panel and the build-time list load them without the engine.
// A module known to need TF.js is checked too, so the walk itself is shown to find it.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// import/export ... from '...', and bare import '...'; `import type` and `export type` vanish at build.
const FROM = /^\s*(?:import|export)\s+(?!type\b)[^'";]*?\bfrom\s+['"]([^'"]+)['"]/gm;
const BARE = /^\s*import\s+['"]([^'"]+)['"]/gm;

function resolveSpec(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(from), spec);
  for (const p of [base, `${base}.ts`, join(base, 'index.ts')])
    if (existsSync(p) && !p.endsWith('/')) return p;
  throw new Error(`${from}: cannot resolve "${spec}"`);
}

/** Every package the file reaches by static imports, with the chain of files that leads to each. */
function packagesReached(entry: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const seen = new Set<string>();
  const walk = (file: string, chain: string[]): void => {
    if (seen.has(file) || !file.endsWith('.ts')) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const re of [FROM, BARE]) {
      for (const [, spec] of text.matchAll(re)) {
        const next = resolveSpec(file, spec!);
        if (next) walk(next, [...chain, next]);
        else if (!found.has(spec!)) found.set(spec!, chain);
      }
    }
  };
  walk(resolve(entry), [entry]);
  return found;
}

const tfjs = (entry: string): [string, string[]][] =>
  [...packagesReached(entry)].filter(([pkg]) => pkg.startsWith('@tensorflow/'));

const WEIGHTS = readdirSync('src/weights')
  .filter((f) => f.endsWith('.ts'))
  .map((f) => `src/weights/${f}`);

describe('no TF.js in the weight format', () => {
  it.each([
    ...WEIGHTS,
    'src/runtime/model-store.ts',
    'site/lib/model-list.ts',
    'src/runtime/model-load.ts',
    'site/scripts/model-panel.ts',
  ])('%s reaches no @tensorflow package', (entry) => {
    expect(tfjs(entry)).toEqual([]);
  });

  it('finds TF.js behind src/clip/shards.ts, which builds a model', () => {
    const hits = tfjs('src/clip/shards.ts');
    expect(hits.map(([pkg]) => pkg)).toContain('@tensorflow/tfjs-core');
  });

  it('covers the modules of this task', () => {
    for (const f of ['sha256.ts', 'manifest.ts', 'pack.ts', 'shards.ts', 'shard-writer.ts'])
      expect(WEIGHTS).toContain(`src/weights/${f}`);
  });
});
