// What the model picker shows of a model, from its manifest: used at build time for public/models/ and in
// the page for hub models stored in this browser. No Node or TF.js imports.
import type { ClipConfig } from '../../src/clip/config';
import { memoryNeeded } from '../../src/runtime/model-store';
import type { Manifest, ManifestFile } from '../../src/weights/manifest';

export interface ModelSummary {
  resolution: number;
  patch: number;
  visionLayers: number;
  visionWidth: number;
  textLayers: number;
  textWidth: number;
  embedDim: number;
}

export interface ModelEntry {
  name: string;
  dtype: string;
  /** Bytes to download: the sum of the listed files. */
  totalBytes: number;
  /** Bytes of float32 weights once loaded. */
  memoryBytes: number;
  embedded: boolean;
  summary: ModelSummary;
  /** The whole config, so the panel can keep a manifest beside the stored shards (offline loading). */
  config: ClipConfig;
  files: ManifestFile[];
}

export function modelEntry(name: string, manifest: Manifest, embedded: boolean): ModelEntry {
  const { config, files, dtype } = manifest;
  return {
    name,
    dtype,
    totalBytes: files.reduce((sum, f) => sum + f.bytes, 0),
    memoryBytes: memoryNeeded({ config }),
    embedded,
    summary: {
      resolution: config.image_resolution,
      patch: config.vision_patch_size,
      visionLayers: config.vision_layers,
      visionWidth: config.vision_width,
      textLayers: config.transformer_layers,
      textWidth: config.transformer_width,
      embedDim: config.embed_dim,
    },
    config,
    files,
  };
}
