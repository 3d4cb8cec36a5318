// Reading a whole file in Node with a one-line message for the usual failures.
import { readFileSync } from 'node:fs';

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
};

export function readFileOrFail(path: string, what: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new Error(`cannot read ${what} ${path}: ${REASONS[code] ?? code}`, { cause: err });
  }
}
