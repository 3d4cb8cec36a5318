// The site's folders of shared code form layers, with no folder-level cycle: lib/ (helpers of the build and
// the page) at the bottom, then components/controls/ (the inputs figures and labs share), then
// components/labs/, then components/figures/ (whose index.ts hands the labs to the lessons). A module may
// import its own folder and the folders below it, never one above. Type-only imports and stylesheets
// (figures.css, shared by class name) do not count.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const LAYERS = ['site/lib', 'site/components/controls', 'site/components/labs', 'site/components/figures'];

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    if (statSync(join(ROOT, path)).isDirectory()) return files(path);
    return /\.(ts|astro)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The script parts of a file: a .ts file whole, an .astro file's frontmatter and <script> bodies. */
function scripts(file: string): string {
  const text = readFileSync(join(ROOT, file), 'utf8');
  if (file.endsWith('.ts')) return text;
  const front = /^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? '';
  const bodies = [...text.matchAll(/<script(?![^>]*type="application)[^>]*>([\s\S]*?)<\/script>/g)];
  return [front, ...bodies.map((m) => m[1]!)].join('\n');
}

/** Relative specifiers the file imports for their values (static, re-export or import()). */
function valueImports(file: string): string[] {
  const source = ts.createSourceFile(file + '.ts', scripts(file), ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      if (!node.importClause?.isTypeOnly) out.push(node.moduleSpecifier.text);
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      if (!node.isTypeOnly) out.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      out.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out.filter((s) => s.startsWith('.') && !s.endsWith('.css'));
}

const layerOf = (path: string): number => LAYERS.findIndex((l) => path === l || path.startsWith(`${l}/`));

/** Imports that reach a layer above the importing file's, as "file → target". */
function upward(): string[] {
  return LAYERS.flatMap(files).flatMap((file) =>
    valueImports(file)
      .map((spec) => relative(ROOT, resolve(ROOT, dirname(file), spec)))
      .filter((target) => layerOf(target) > layerOf(file))
      .map((target) => `${file} → ${target}`),
  );
}

describe('the layers of the site folders', () => {
  it('lets no module of lib, controls, labs or figures import a folder above its own', () => {
    expect(upward()).toEqual([]);
  });

  it('sees the imports it checks: the figures import lib, and an .astro file counts', () => {
    expect(valueImports('site/components/figures/FigureFrame.astro')).toContain('./FigureShell.astro');
    expect(valueImports('site/components/figures/client.ts')).toContain('./kinds');
    expect(valueImports('site/components/figures/figure-controls.ts')).not.toContain('./kinds'); // type only
  });
});
