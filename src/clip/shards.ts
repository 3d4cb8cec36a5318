// A model from the shards of the web format. Planning, cutting and merging shards are pure and live in
// src/weights/shards.ts; only building the model needs TF.js.
import { readSafetensors } from './safetensors';
import type { ClipConfig } from './config';
import type { ClipModel } from './model';
import { createWeights } from './weights';
import { mergeShards } from '../weights/shards';

/** The bytes of every shard (already checked against the manifest) → a model with the manifest's config. */
export function modelFromShards(files: readonly Uint8Array[], config: ClipConfig): ClipModel {
  const ckpt = mergeShards(files.map((bytes) => readSafetensors(bytes)));
  return { config, weights: createWeights(ckpt, config) };
}
