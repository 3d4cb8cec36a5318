// Kernels that do in one step what the model otherwise does op by op, for backends that register them
// (runtime/wasm-kernels.ts does for wasm). They have no gradients: under a gradient tape the ops run.
import * as tf from '@tensorflow/tfjs-core';

/** Attention's context [N, n, D] from in_proj's output qkv [N, n, 3D]. */
export const FUSED_ATTENTION = 'ClipAttention';

export interface FusedAttentionAttrs {
  heads: number;
  causal: boolean;
}

/** LayerNorm over the last axis of x, from inputs { x, gamma, beta }. */
export const FUSED_LAYER_NORM = 'ClipLayerNorm';

export interface FusedLayerNormAttrs {
  epsilon: number;
}

/** Whether the running backend has the kernel and no gradient is being recorded. */
export function canRunFused(name: string): boolean {
  return !tf.engine().isTapeOn() && tf.getKernel(name, tf.getBackend()) !== undefined;
}

export function runFused(
  name: string,
  inputs: tf.NamedTensorMap,
  attrs: FusedAttentionAttrs | FusedLayerNormAttrs,
): tf.Tensor {
  return tf.engine().runKernel(name, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}
