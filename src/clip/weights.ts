// The weights of a ViT CLIP by OpenAI's state_dict names, checked against a config, held as TF.js tensors.
import * as tf from '@tensorflow/tfjs-core';
import { type ClipConfig, inferConfig, validateConfig } from './config';
import { type Checkpoint, CheckpointError, transposeMatrix } from './safetensors';
import { expectedShapes } from './shapes';

export { expectedShapes };

export type Weights = Map<string, tf.Tensor>;

/** Buffers some OpenAI checkpoints carry beside the parameters; build_model drops them too. */
const IGNORED = new Set(['input_resolution', 'context_length', 'vocab_size']);

const sameShape = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/** Throws a CheckpointError naming every missing, unexpected or mis-shaped tensor. */
export function checkShapes(cfg: ClipConfig, shapes: Map<string, readonly number[]>): void {
  const expected = expectedShapes(cfg);
  const problems: string[] = [];
  for (const [name, shape] of expected) {
    const got = shapes.get(name);
    if (!got) problems.push(`missing tensor "${name}" (expected [${shape.join(', ')}])`);
    else if (!sameShape(got, shape)) {
      problems.push(`tensor "${name}" has shape [${got.join(', ')}], expected [${shape.join(', ')}]`);
    }
  }
  for (const name of shapes.keys()) {
    if (!expected.has(name) && !IGNORED.has(name)) problems.push(`unknown tensor "${name}"`);
  }
  if (problems.length > 0) {
    const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
    throw new CheckpointError(
      `checkpoint does not match the config: ${problems.slice(0, 3).join('; ')}${more}`,
    );
  }
}

/** The config to use: the one given, else the one in the safetensors metadata, else inferred from shapes. */
export function resolveConfig(ckpt: Checkpoint, given?: ClipConfig): ClipConfig {
  if (given) return given;
  const meta = ckpt.metadata.config;
  if (meta) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(meta);
    } catch {
      throw new CheckpointError('the checkpoint metadata "config" is not valid JSON');
    }
    return validateConfig(parsed, 'checkpoint metadata config');
  }
  const shapes: Record<string, number[]> = {};
  for (const [name, t] of ckpt.tensors) shapes[name] = t.shape;
  return inferConfig(shapes);
}

// Matrices that multiply activations are held once as [in, out] under `transposedKey(name)` rather than
// torch's [out, in]: matMul with a transposed operand is about ten times slower on the wasm backend (npm run
// bench), and the products (speed.ts) then take them as they are. The numbers are unchanged.
const LAID_OUT =
  /(attn\.in_proj_weight|attn\.out_proj\.weight|mlp\.c_fc\.weight|mlp\.c_proj\.weight|^visual\.conv1\.weight)$/;

export const transposedKey = (name: string): string => `${name}:T`;

/** Checks a checkpoint against the config and uploads each tensor once, laid out as above. */
export function createWeights(ckpt: Checkpoint, cfg: ClipConfig): Weights {
  const shapes = new Map<string, readonly number[]>();
  for (const [name, t] of ckpt.tensors) shapes.set(name, t.shape);
  checkShapes(cfg, shapes);
  const weights: Weights = new Map();
  for (const name of expectedShapes(cfg).keys()) {
    const t = ckpt.tensors.get(name)!;
    if (LAID_OUT.test(name)) {
      // [out, ...rest] → [prod(rest), out]
      const rows = t.shape[0]!;
      const cols = t.data.length / rows;
      weights.set(
        transposedKey(name),
        tf.tensor(transposeMatrix(t.data, rows, cols), [cols, rows], 'float32'),
      );
    } else {
      weights.set(name, tf.tensor(t.data, t.shape, 'float32'));
    }
  }
  return weights;
}

/** The [in, out] matrix of a torch [out, in] weight (for conv1, [3 * p * p, width]). */
export function laidOut(w: Weights, name: string): tf.Tensor {
  const t = w.get(transposedKey(name));
  if (!t) throw new Error(`weight "${name}" is not loaded`);
  return t;
}

/** Reads a weight by OpenAI name and shape, whichever layout holds it. */
export function param(w: Weights, name: string): tf.Tensor {
  const t = w.get(name);
  if (t) return t;
  const laid = w.get(transposedKey(name));
  if (!laid) throw new Error(`weight "${name}" is not loaded`);
  const [inner, out] = laid.shape as [number, number];
  if (name === 'visual.conv1.weight') {
    const p = Math.round(Math.sqrt(inner / 3));
    return tf.reshape(tf.transpose(laid), [out, 3, p, p]);
  }
  return tf.transpose(laid);
}
