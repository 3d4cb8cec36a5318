// Runs one cell program: its code becomes the body of an async function (so top-level `await` works) whose
// parameters are the API's names; every tensor it makes and forgets is freed when it ends; an error comes
// back with its message and its line and column in the cell. `tf` is TF.js with a `keep` that the run
// remembers, so tensors kept (and variables made) are freed too.
import * as tf from '@tensorflow/tfjs-core';

export interface CellError {
  message: string;
  line?: number;
  column?: number;
}

export type CellOutcome = { ok: true; ms: number; leaked: number } | { ok: false; error: CellError };

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => (...values: unknown[]) => Promise<unknown>;

const SOURCE = 'cell.js';
/** `new AsyncFunction(a, b, body)` puts the body after "async function anonymous(a,b\n) {\n". */
const HEADER_LINES = 2;

/** The cell's own line and column in a stack trace, if the error passed through its code. */
export function cellPosition(stack: string | undefined): { line: number; column: number } | null {
  const m = stack && new RegExp(`${SOURCE.replace('.', '\\.')}:(\\d+):(\\d+)`).exec(stack);
  if (!m) return null;
  return { line: Number(m[1]) - HEADER_LINES, column: Number(m[2]) };
}

/** Where a program the engine cannot compile goes wrong: the first error node of a JavaScript parse. */
export async function syntaxPosition(code: string): Promise<{ line: number; column: number } | null> {
  const { parser } = await import('@lezer/javascript');
  const tree = parser.parse(code);
  let at = -1;
  tree.iterate({
    enter: (node) => {
      if (at >= 0) return false;
      if (node.type.isError) at = node.from;
      return undefined;
    },
  });
  if (at < 0) return null;
  const before = code.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

function errorOf(err: unknown): CellError {
  if (err instanceof Error) {
    const at = cellPosition(err.stack);
    return { message: `${err.name}: ${err.message}`, ...(at ?? {}) };
  }
  return { message: `Uncaught ${String(err)}` };
}

export async function runCell(
  code: string,
  api: Record<string, unknown>,
  syntaxLabel = 'SyntaxError',
): Promise<CellOutcome> {
  const names = Object.keys(api);
  let fn: (...values: unknown[]) => Promise<unknown>;
  try {
    fn = new AsyncFunction(...names, `${code}\n//# sourceURL=${SOURCE}`);
  } catch (err) {
    const at = await syntaxPosition(code).catch(() => null);
    const detail = err instanceof Error ? err.message : String(err);
    return { ok: false, error: { message: `${syntaxLabel}: ${detail}`, ...(at ?? {}) } };
  }
  // tf.keep and tf.variable outlive a scope: they are collected here, so a cell owns no tensor after its run.
  const kept: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(t: T): T => {
    kept.push(t);
    return tf.keep(t);
  };
  const values = names.map((n) => (n === 'tf' ? { ...tf, keep } : api[n]));
  const variables = new Set(Object.keys(tf.engine().registeredVariables));
  const t0 = performance.now();
  tf.engine().startScope();
  let outcome: CellOutcome;
  try {
    await fn(...values);
    outcome = { ok: true, ms: performance.now() - t0, leaked: 0 };
  } catch (err) {
    outcome = { ok: false, error: errorOf(err) };
  } finally {
    tf.engine().endScope();
  }
  let freed = 0;
  for (const t of kept) {
    if (!t.isDisposed) {
      t.dispose();
      freed++;
    }
  }
  for (const [name, v] of Object.entries(tf.engine().registeredVariables)) {
    if (!variables.has(name)) {
      v.dispose();
      freed++;
    }
  }
  if (outcome.ok) outcome.leaked = freed;
  return outcome;
}
