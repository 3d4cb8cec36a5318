// Kernels that do in one step what the model otherwise does op by op, for backends that register them
// (kernels/host/wasm-kernels.ts does for wasm). They have no gradients: under a gradient tape the ops run.
import * as tf from '@tensorflow/tfjs-core';

/**
 * Attention's context [N, n, D] from in_proj's output qkv [N, n, 3D]; with `probs`, also the attention
 * probabilities [N, H, n, n], which the kernel forms anyway.
 */
export const FUSED_ATTENTION = 'ClipAttention';

export interface FusedAttentionAttrs {
  heads: number;
  causal: boolean;
  probs?: boolean;
}

/** LayerNorm over the last axis of x, from inputs { x, gamma, beta }. */
export const FUSED_LAYER_NORM = 'ClipLayerNorm';

export interface FusedLayerNormAttrs {
  epsilon: number;
}

/**
 * act(x [m, k] @ w [k, n] + bias [n]) from inputs { x, w, bias? }, w laid out [in, out] (weights.ts); the
 * activation, when given, is applied as the product is written.
 */
export const FUSED_LINEAR = 'ClipLinear';

export interface FusedLinearAttrs {
  activation?: 'quick_gelu' | 'gelu';
}

let opsOnly = 0;

/**
 * Runs `fn` with every fused kernel off: for callers that compare passes with and without a gradient tape
 * and need them to agree bit for bit (the attention explorer).
 */
export function withOpsOnly<T>(fn: () => T): T {
  opsOnly++;
  try {
    return fn();
  } finally {
    opsOnly--;
  }
}

/** Whether the running backend has the kernel, no gradient is being recorded and ops are not forced. */
export function canRunFused(name: string): boolean {
  return opsOnly === 0 && !tf.engine().isTapeOn() && tf.getKernel(name, tf.getBackend()) !== undefined;
}

type FusedAttrs = FusedAttentionAttrs | FusedLayerNormAttrs | FusedLinearAttrs;

export function runFused(name: string, inputs: tf.NamedTensorMap, attrs: FusedAttrs): tf.Tensor {
  return tf.engine().runKernel(name, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}

/** A fused kernel with several outputs, in the order the kernel returns them. */
export function runFusedAll(name: string, inputs: tf.NamedTensorMap, attrs: FusedAttrs): tf.Tensor[] {
  return tf.engine().runKernel(name, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
}
