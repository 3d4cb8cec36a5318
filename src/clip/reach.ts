// How far a pass must run a tower when its caller reads only the trace: the blocks up to the last one a
// captured key names, and the head (final norm, pooling, projection) only when a key after them is wanted.
import type { Recorder } from './trace';

export interface Reach {
  /** Residual blocks to run, from the first. */
  layers: number;
  /** Whether the tower's head runs, giving its features. */
  head: boolean;
}

export const fullReach = (layers: number): Reach => ({ layers, head: true });

/** `blocks`: the tower's block prefix ('transformer.'); `after`: the keys recorded after its blocks. */
export function towerReach(rec: Recorder, blocks: string, layers: number, after: readonly string[]): Reach {
  if (after.some((k) => rec.mayWant(k))) return fullReach(layers);
  let n = layers;
  while (n > 0 && !rec.mayWant(`${blocks}resblocks.${n - 1}`)) n--;
  return { layers: n, head: false };
}
