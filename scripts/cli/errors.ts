// Errors the command line reports as usage problems (exit 2) rather than failures (exit 1).
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
