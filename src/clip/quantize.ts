// Int8 weights: per-output-channel symmetric quantisation. Row r of a [rows, ...rest] matrix is stored as
// integers q in [-127, 127] with one float32 scale = max|row| / 127, and read back as q * scale.
// OpenAI's layout puts the output channel first for every Linear and conv1 ([out, in], [out, 3, p, p]).

export const scaleKey = (name: string): string => `${name}:scale`;

/** Only matrices are worth quantising; biases, norms, class_embedding and logit_scale stay float. */
export const isQuantised = (shape: readonly number[]): boolean => shape.length >= 2;

/** data [rows, cols...] → q (integer values, same shape) and scale [rows]. */
export function quantizeRows(data: Float32Array, rows: number): { q: Float32Array; scale: Float32Array } {
  const cols = data.length / rows;
  const q = new Float32Array(data.length);
  const scale = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const row = data.subarray(r * cols, (r + 1) * cols);
    let max = 0;
    for (const v of row) max = Math.max(max, Math.abs(v));
    const s = Math.fround(max / 127);
    scale[r] = s;
    // An all-zero row keeps scale 0 and q 0, so it reads back as exact zeros; + 0 turns -0 into the 0
    // an int8 stores.
    if (s > 0) for (let c = 0; c < cols; c++) q[r * cols + c] = Math.round(row[c]! / s) + 0;
  }
  return { q, scale };
}

/** q [rows, cols...] in place → q * scale[row]: the float32 weights the model runs with. */
export function dequantizeRows(q: Float32Array, scale: Float32Array): Float32Array {
  const cols = q.length / scale.length;
  for (let r = 0; r < scale.length; r++) {
    const s = scale[r]!;
    for (let c = r * cols; c < (r + 1) * cols; c++) q[c] = q[c]! * s;
  }
  return q;
}

interface Scalable {
  shape: number[];
  data: Float32Array;
}

/** Dequantises every tensor X that has an "X:scale" [rows] companion, and drops the companions. */
export function applyScales(tensors: Map<string, Scalable>): void {
  for (const [name, t] of tensors) {
    if (!name.endsWith(':scale')) continue;
    const target = tensors.get(name.slice(0, -':scale'.length));
    if (!target) continue;
    const rows = target.shape[0];
    if (t.shape.length !== 1 || t.shape[0] !== rows) {
      throw new Error(
        `tensor "${name}" has shape [${t.shape.join(', ')}], expected [${rows}] (one scale per row)`,
      );
    }
    dequantizeRows(target.data, t.data);
    tensors.delete(name);
  }
}
