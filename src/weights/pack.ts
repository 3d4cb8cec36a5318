// Weights → the web format in memory: one model.safetensors (the tiny model) or shards of bounded size
// named model-0000k-of-0000n.safetensors, each with its manifest entry. shard-writer.ts builds the same
// shards one tensor at a time.
import type { ClipConfig } from '../clip/config';
import { writeSafetensors } from '../clip/safetensors';
import {
  type Manifest,
  type ManifestDtype,
  type ManifestFile,
  WEIGHTS_FORMAT,
  readManifest,
} from './manifest';
import { sha256Hex } from './sha256';
import { type StoreDtype, planShards } from './shards';

export type Weights = Iterable<[string, { shape: number[]; data: Float32Array }]>;

export interface PackedModel {
  manifest: Manifest;
  files: Map<string, Uint8Array>;
}

const pad = (n: number): string => String(n).padStart(5, '0');

/** Shard i (from 0) of n: model-00001-of-00003.safetensors, as Hugging Face names its shards. */
export const shardName = (i: number, n: number): string => `model-${pad(i + 1)}-of-${pad(n)}.safetensors`;

/** The __metadata__ every file of a model carries. */
export const fileMetadata = (name: string, config: ClipConfig): Record<string, string> => ({
  config: JSON.stringify(config),
  name,
});

export async function manifestEntry(path: string, bytes: Uint8Array): Promise<ManifestFile> {
  return { path, bytes: bytes.byteLength, sha256: await sha256Hex(bytes) };
}

/** The manifest of packed files, checked by the same reader every loader uses. */
export function buildManifest(
  name: string,
  config: ClipConfig,
  dtype: ManifestDtype,
  files: ManifestFile[],
  withTotal: boolean,
): Manifest {
  const draft: Manifest = { format: WEIGHTS_FORMAT, name, dtype, config, files };
  if (withTotal) draft.totalBytes = files.reduce((a, f) => a + f.bytes, 0);
  return readManifest(draft, `the packed ${name} model's manifest`);
}

export async function packModel(
  name: string,
  config: ClipConfig,
  weights: Map<string, { shape: number[]; data: Float32Array }>,
  dtype: ManifestDtype = 'F32',
): Promise<PackedModel> {
  const bytes = writeSafetensors(weights, { dtype, metadata: fileMetadata(name, config) });
  const file = await manifestEntry('model.safetensors', bytes);
  return {
    manifest: buildManifest(name, config, dtype, [file], false),
    files: new Map([[file.path, bytes]]),
  };
}

/** Weights in OpenAI order → shards of at most maxBytes each and their manifest. */
export async function packShards(
  name: string,
  config: ClipConfig,
  weights: Weights,
  options: { dtype: StoreDtype; maxBytes: number },
): Promise<PackedModel> {
  const metadata = fileMetadata(name, config);
  const plan = planShards(weights, options.dtype, options.maxBytes, JSON.stringify(metadata).length);
  const files = new Map<string, Uint8Array>();
  const listed: ManifestFile[] = [];
  for (const [i, entries] of plan.entries()) {
    const bytes = writeSafetensors(entries, { metadata });
    const path = shardName(i, plan.length);
    files.set(path, bytes);
    listed.push(await manifestEntry(path, bytes));
  }
  return { manifest: buildManifest(name, config, options.dtype, listed, true), files };
}
