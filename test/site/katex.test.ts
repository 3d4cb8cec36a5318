// One KaTeX: the package whose CSS the lesson layout loads is the package rehype-katex renders with. Two
// versions styled each other's HTML wrongly once (0.19 renamed the classes 0.16 writes); the browser check
// of every equation is test/e2e/math-check.ts.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const fromRoot = createRequire(path.join(root, 'package.json'));
const fromRehypeKatex = createRequire(fromRoot.resolve('rehype-katex'));

describe('KaTeX', () => {
  it('renders and styles from the same package', () => {
    const layout = readFileSync(path.join(root, 'site/layouts/LessonPage.astro'), 'utf8');
    const css = /import '(katex\/[^']+\.css)'/.exec(layout)?.[1];
    expect(css).toBe('katex/dist/katex.min.css');
    const styled = path.dirname(path.dirname(fromRoot.resolve(css!)));
    const rendering = path.dirname(fromRehypeKatex.resolve('katex/package.json'));
    expect(rendering).toBe(styled);
  });

  it('is the version package.json declares', () => {
    const declared = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).dependencies.katex;
    const used = JSON.parse(readFileSync(fromRehypeKatex.resolve('katex/package.json'), 'utf8')).version;
    expect(used).toBe(declared);
  });
});
