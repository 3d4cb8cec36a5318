// How far stored weights (int8) move CLIP's outputs: cosine similarity between the features of the
// float32 source and of the stored shards, on a fixed input set of world images and their captions.
import type { ClipConfig } from '../../src/clip/config';
import { type ClipModel, disposeModel, forward } from '../../src/clip/model';
import { toTensor } from '../../src/clip/preprocess';
import type { Checkpoint } from '../../src/clip/safetensors';
import { modelFromShards } from '../../src/clip/shards';
import { createWeights } from '../../src/clip/weights';
import { loadTokenizer } from '../../src/node/vocab';
import type { Fidelity } from '../../src/weights/manifest';
import { makeBatch } from '../../src/world/batch';

const SEED = 20240521;
const N = 4;

interface Features {
  images: Float32Array; // [N, embed]
  texts: Float32Array; // [N, embed]
}

function features(model: ClipModel, ids: Int32Array[], images: Float32Array[]): Features {
  try {
    const r = forward(model, { ids, images });
    return {
      images: Float32Array.from(r.imageFeatures!.data),
      texts: Float32Array.from(r.textFeatures!.data),
    };
  } finally {
    disposeModel(model);
  }
}

/** Cosine of each row pair of two [rows, dim] arrays → min and mean. */
export function rowCosines(a: Float32Array, b: Float32Array, rows: number) {
  const dim = a.length / rows;
  const cos: number[] = [];
  for (let r = 0; r < rows; r++) {
    let ab = 0;
    let aa = 0;
    let bb = 0;
    for (let i = r * dim; i < (r + 1) * dim; i++) {
      ab += a[i]! * b[i]!;
      aa += a[i]! * a[i]!;
      bb += b[i]! * b[i]!;
    }
    cos.push(ab / Math.sqrt(aa * bb));
  }
  return { n: rows, min: Math.min(...cos), mean: cos.reduce((x, y) => x + y, 0) / rows };
}

/** The source (OpenAI names, float32) against the shards as written; the backend must be started. */
export async function measureFidelity(
  source: Checkpoint,
  shards: readonly Uint8Array[],
  cfg: ClipConfig,
): Promise<Fidelity> {
  const size = cfg.image_resolution;
  const batch = makeBatch(SEED, N, { size });
  const images = batch.images.map((rgb) => toTensor(rgb, size, size)); // [3, R, R] each
  const tokenizer = await loadTokenizer();
  const ids = tokenizer.tokenize(batch.captions, { contextLength: cfg.context_length, truncate: true });
  const want = features({ config: cfg, weights: createWeights(source, cfg) }, ids, images);
  const got = features(modelFromShards(shards, cfg), ids, images);
  return { images: rowCosines(want.images, got.images, N), texts: rowCosines(want.texts, got.texts, N) };
}
