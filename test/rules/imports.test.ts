// The ownership rules of DESIGN.md ("Ownership rules" and the folder list), checked on the code: src/clip
// never imports the DOM or D3; src/viz, src/lab and src/weights never import TF.js, directly or through
// another module they import (the static import graph, followed); src/world is pure TypeScript; site/ is
// the only place where figures (src/viz) and the model (src/clip, src/runtime) meet. RULES (folder-rules.ts)
// says, per folder, which folders and packages its modules may import directly and what they must never
// reach. The files are parsed with the TypeScript compiler, so comments, strings and `import type` do not
// count.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');

import { DOM_GLOBALS, DOM_PATTERN, MODEL, RULES } from './folder-rules';

interface Import {
  spec: string;
  /** import() rather than a static import or re-export. */
  dynamic: boolean;
}

interface Module {
  file: string;
  imports: Import[];
  domUses: string[];
}

function tsFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    if (statSync(join(ROOT, path)).isDirectory()) return tsFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Names this file declares itself (a local `window` is not the DOM's). */
function declaredNames(source: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (
      (ts.isVariableDeclaration(node) ||
        ts.isParameter(node) ||
        ts.isFunctionDeclaration(node) ||
        ts.isClassDeclaration(node) ||
        ts.isInterfaceDeclaration(node) ||
        ts.isTypeAliasDeclaration(node) ||
        ts.isImportSpecifier(node) ||
        ts.isBindingElement(node)) &&
      node.name &&
      ts.isIdentifier(node.name)
    )
      names.add(node.name.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}

/** True for an identifier that names a global (not a property, a member or a declaration). */
function isFreeReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if (ts.isQualifiedName(p) && p.right === id) return false;
  if (
    (ts.isPropertyAssignment(p) || ts.isPropertySignature(p) || ts.isPropertyDeclaration(p)) &&
    p.name === id
  )
    return false;
  if ((ts.isMethodDeclaration(p) || ts.isMethodSignature(p)) && p.name === id) return false;
  return true;
}

const cache = new Map<string, Module>();

function parse(file: string): Module {
  const known = cache.get(file);
  if (known) return known;
  const source = ts.createSourceFile(
    file,
    readFileSync(join(ROOT, file), 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  const imports: Import[] = [];
  const domUses = new Set<string>();
  const own = declaredNames(source);
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      if (!node.importClause?.isTypeOnly) imports.push({ spec: node.moduleSpecifier.text, dynamic: false });
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      if (!node.isTypeOnly) imports.push({ spec: node.moduleSpecifier.text, dynamic: false });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      imports.push({ spec: node.arguments[0].text, dynamic: true });
    } else if (ts.isIdentifier(node) && isFreeReference(node) && !own.has(node.text)) {
      if (DOM_GLOBALS.has(node.text) || DOM_PATTERN.test(node.text)) domUses.add(node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  const module = { file, imports, domUses: [...domUses] };
  cache.set(file, module);
  return module;
}

/** The repository path a relative specifier names (a .ts module, an index.ts, or a data file), or null. */
function resolveSpec(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = relative(ROOT, resolve(ROOT, dirname(from), spec));
  for (const p of [`${base}.ts`, `${base}/index.ts`, base])
    if (existsSync(join(ROOT, p)) && statSync(join(ROOT, p)).isFile()) return p;
  throw new Error(`${from}: cannot resolve "${spec}"`);
}

/** The rule's folder a path lies in: the longest RULES key (or 'site') it starts with. */
function folderOf(path: string): string {
  if (path.startsWith('site/')) return 'site';
  const match = Object.keys(RULES)
    .filter((f) => path.startsWith(`${f}/`))
    .sort((a, b) => b.length - a.length)[0];
  return match ?? path.split('/').slice(0, 2).join('/');
}

const packageMatches = (name: string, allowed: string): boolean =>
  /[/:-]$/.test(allowed) ? name.startsWith(allowed) : name === allowed;

/** The entry of `never` a target (a package, or a module's path) falls under, if any. */
function forbiddenBy(target: string, never: readonly string[]): string | undefined {
  return never.find((n) =>
    n.startsWith('src/') || n === 'site'
      ? target === n || target.startsWith(`${n}/`)
      : packageMatches(target, n) || target.startsWith(`${n}/`),
  );
}

/** Direct imports that break the importing folder's rule, as "file: spec (why)". */
function directViolations(file: string): string[] {
  const rule = RULES[folderOf(file)];
  if (!rule) return [`${file}: no rule for folder ${folderOf(file)}`];
  const out: string[] = [];
  for (const { spec, dynamic } of parse(file).imports) {
    const how = dynamic ? 'import()' : 'import';
    const target = resolveSpec(file, spec);
    if (target === null) {
      if (!rule.packages.some((p) => packageMatches(spec, p)))
        out.push(`${file}: ${how} "${spec}" (package not allowed)`);
    } else if (!rule.folders.includes(folderOf(target))) {
      out.push(`${file}: ${how} "${spec}" (folder ${folderOf(target)} not allowed)`);
    }
  }
  return out;
}

/**
 * Every module and package a file reaches by static imports, followed through the modules it imports,
 * each with the chain of files that leads to it (the first chain found).
 */
function reached(entry: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const walk = (file: string, chain: string[]): void => {
    for (const { spec, dynamic } of parse(file).imports) {
      if (dynamic) continue;
      const target = resolveSpec(file, spec) ?? spec;
      if (found.has(target)) continue;
      found.set(target, [...chain, target]);
      if (target.endsWith('.ts')) walk(target, [...chain, target]);
    }
  };
  walk(entry, [entry]);
  return found;
}

const isModule = (target: string): boolean => target.startsWith('src/') || target.startsWith('site/');

/**
 * What a file reaches that its folder's rule forbids, as "a → b → c" chains: each forbidden package, and
 * each forbidden module first entered (not the modules behind it).
 */
function reachViolations(file: string): string[] {
  const never = RULES[folderOf(file)]?.neverReaches ?? [];
  const bad = (t: string): boolean => forbiddenBy(t, never) !== undefined;
  return [...reached(file)]
    .filter(([target, chain]) => bad(target) && (!isModule(target) || !chain.slice(1, -1).some(bad)))
    .map(([, chain]) => chain.join(' → '));
}

const SRC_FILES = tsFiles('src');
const filesOf = (folder: string): string[] => SRC_FILES.filter((f) => folderOf(f) === folder);

describe('the ownership rules of DESIGN.md', () => {
  it('has a rule for every folder under src/', () => {
    const folders = readdirSync(join(ROOT, 'src')).filter((f) =>
      statSync(join(ROOT, 'src', f)).isDirectory(),
    );
    expect(folders.map((f) => `src/${f}`).filter((f) => !RULES[f])).toEqual([]);
  });

  it.each(Object.keys(RULES))('%s imports only the folders and packages its rule allows', (folder) => {
    expect(filesOf(folder).length).toBeGreaterThan(0);
    expect(filesOf(folder).flatMap(directViolations)).toEqual([]);
  });

  it.each(Object.entries(RULES).filter(([, r]) => r.neverReaches))(
    '%s never reaches what its rule forbids through static imports',
    (folder) => {
      expect(filesOf(folder).flatMap(reachViolations)).toEqual([]);
    },
  );

  it.each(Object.entries(RULES).filter(([, r]) => r.noDom))('%s uses no DOM global', (folder) => {
    const uses = filesOf(folder).flatMap((f) => parse(f).domUses.map((name) => `${f}: ${name}`));
    expect(uses).toEqual([]);
  });

  it('no module under src/ reaches both a figure (src/viz) and the model (src/clip, src/runtime)', () => {
    const both = SRC_FILES.filter((f) => {
      const targets = [f, ...reached(f).keys()];
      const hits = (folders: readonly string[]): boolean => targets.some((t) => forbiddenBy(t, folders));
      return hits(['src/viz']) && hits(MODEL);
    });
    expect(both).toEqual([]);
  });

  // The checks themselves: the walk follows chains, and the DOM and import checks see what they should.
  it('follows a chain: src/clip/shards.ts reaches TF.js through the model', () => {
    const chain = reached('src/clip/shards.ts').get('@tensorflow/tfjs-core');
    expect(chain?.[0]).toBe('src/clip/shards.ts');
    expect(chain?.length).toBeGreaterThan(2);
  });

  it('sees DOM globals and dynamic imports, and skips type-only imports', () => {
    expect(tsFiles('site/scripts').some((f) => parse(f).domUses.includes('document'))).toBe(true);
    const client = parse('src/runtime/client.ts').imports;
    expect(client).toContainEqual({ spec: './in-page', dynamic: true });
    const engine = parse('src/runtime/engine.ts').imports.map((i) => i.spec);
    expect(engine).toContain('../clip/model');
    expect(engine).not.toContain('../clip/attention'); // import type { AttentionHooks }
  });
});
