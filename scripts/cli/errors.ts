// Errors the command lines report as usage problems (exit 2) rather than failures (exit 1), the one-line
// error report every command ends with, and the --config file they share.
import { readFileSync } from 'node:fs';
import { type ClipConfig, validateConfig } from '../../src/clip/config';

export class UsageError extends Error {
  override name = 'UsageError';
}

/** A positive integer option, or a usage error naming the option. */
export function positiveInt(value: string | undefined, option: string, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new UsageError(`${option} is required`);
    return fallback;
  }
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new UsageError(`${option} must be a positive integer (got "${value}")`);
  return n;
}

/** A config JSON file, or an error naming the file and what is wrong with it. */
export function readConfigFile(path: string): ClipConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code ? `cannot read config ${path}: ${code}` : `config ${path} is not valid JSON`, {
      cause: err,
    });
  }
  return validateConfig(raw, `config ${path}`);
}

function oneLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/\s+/g, ' ').trim();
}

/** Runs a command's main; any error becomes one line "<name>: message" and exit 2 (usage) or 1. */
export function runMain(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${name}: ${oneLine(err)}\n`);
      const parseError = String((err as { code?: unknown }).code ?? '').startsWith('ERR_PARSE_ARGS');
      process.exit(err instanceof UsageError || parseError ? 2 : 1);
    },
  );
}
