// Which attention layers a profiled pass ran: one Softmax per layer op by op, or one fused kernel per layer
// on backends that have it (see FUSED_ATTENTION in src/clip/attention.ts); each gives the layer's positions.
import type * as tf from '@tensorflow/tfjs-core';
import { FUSED_ATTENTION } from '../../src/clip/fused';

type Kernels = Awaited<ReturnType<typeof tf.profile>>['kernels'];

/** The number of positions of each attention layer that ran, in order. */
export function attentionWidths(kernels: Kernels): number[] {
  return kernels.flatMap((k) => {
    if (k.name === 'Softmax') return [k.inputShapes[0]!.at(-1)!];
    if (k.name === FUSED_ATTENTION) return [k.inputShapes[0]![1]!];
    return [];
  });
}
