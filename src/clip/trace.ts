// A Trace: named intermediates of one forward pass, copied out of TF.js as typed arrays.
// Keys follow OpenAI's module names plus a stage (see ../shared/reference/README.md and DESIGN.md).
import * as tf from '@tensorflow/tfjs-core';

export interface TraceEntry {
  shape: number[];
  data: Float32Array | Int32Array;
}

export type Trace = Record<string, TraceEntry>;

/** What to record: everything, nothing, keys starting with one of the prefixes, or a predicate. */
export type Capture = boolean | readonly string[] | ((key: string) => boolean);

/**
 * True when `key` is `prefix` or a key below it (`prefix.…`): how a Capture's prefixes match trace keys. The
 * model's own prefixes never end in a dot; one that does (a reader's capture) still matches the same keys.
 */
export function keyUnder(key: string, prefix: string): boolean {
  return key === prefix || key.startsWith(prefix.endsWith('.') ? prefix : `${prefix}.`);
}

export class Recorder {
  readonly trace: Trace = {};
  private readonly test: ((key: string) => boolean) | null;
  private readonly prefixes: readonly string[] | null;

  constructor(capture: Capture = false) {
    this.prefixes = Array.isArray(capture) ? (capture as readonly string[]) : null;
    if (capture === true) this.test = () => true;
    else if (capture === false) this.test = null;
    else if (typeof capture === 'function') this.test = capture;
    else this.test = (key) => (capture as readonly string[]).some((p) => keyUnder(key, p));
  }

  /** True when at least one key may be recorded; lets callers skip work done only for the trace. */
  get active(): boolean {
    return this.test !== null;
  }

  /**
   * True when some key equal to `prefix` or below it may be recorded. A predicate cannot be asked, so it is
   * assumed to want everything.
   */
  mayWant(prefix: string): boolean {
    if (this.test === null) return false;
    if (this.prefixes === null) return true;
    return this.prefixes.some((p) => keyUnder(p, prefix) || keyUnder(prefix, p));
  }

  wants(key: string): boolean {
    return this.test !== null && this.test(key);
  }

  /** Copies the tensor's values now (synchronously), so it may be disposed right after. */
  keep(key: string, t: tf.Tensor | (() => tf.Tensor)): void {
    if (!this.wants(key)) return;
    const tensor = typeof t === 'function' ? t() : t;
    const data = tensor.dataSync() as Float32Array | Int32Array;
    // wasm's dataSync already copies out of its heap; cpu and WebGL hand out the values they keep.
    const own = tf.getBackend() === 'wasm' && (data instanceof Float32Array || data instanceof Int32Array);
    this.trace[key] = {
      shape: tensor.shape.slice(),
      data: own ? data : data instanceof Int32Array ? data.slice() : Float32Array.from(data),
    };
  }
}

/** A recorder that records nothing, shared so the hot path allocates nothing. */
export const NO_TRACE = new Recorder(false);
