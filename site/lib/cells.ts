// Build time: a code cell's starter program, lessons/cells/<lang>/<name>.js (plain JavaScript files, so
// they are linted, formatted and run by the tests like any code; test/runtime/cell-starters.test.ts).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const CELLS_DIR = resolve(process.cwd(), 'lessons/cells');

export function starterCode(lang: string, name: string): string {
  if (!/^[a-z0-9-]+$/.test(name))
    throw new Error(`code cell name "${name}" must be lower-case words and dashes`);
  const path = resolve(CELLS_DIR, lang, `${name}.js`);
  if (!existsSync(path))
    throw new Error(`code cell "${name}" has no starter program at lessons/cells/${lang}/${name}.js`);
  return readFileSync(path, 'utf8').replace(/\s+$/, '');
}
