// Kernels that do in one step what the model otherwise does op by op: their names and attributes, the
// contract between the model (speed.ts decides when to run them) and the backends that register them
// (kernels/host/wasm-kernels.ts does for wasm). They have no gradients: under a gradient tape the ops run.

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
