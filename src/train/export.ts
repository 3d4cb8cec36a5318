// The project's web weight format: manifest.json (config, dtype, files with byte sizes and sha256) and one
// or more safetensors files with OpenAI names and layout, readable in Node and the browser. The trained
// tiny model is one model.safetensors; converted checkpoints are shards model-0000k-of-0000n.safetensors
// (see src/clip/shards.ts), and readers load every .safetensors file the manifest lists.
import type { ClipConfig } from '../clip/config';
import { type Dtype, writeSafetensors } from '../clip/safetensors';
import { type StoreDtype, planShards } from '../clip/shards';

export interface ManifestFile {
  path: string;
  bytes: number;
  sha256: string;
}

/** Cosine similarity of fp32 and stored features on a fixed input set. */
export interface Fidelity {
  images: { n: number; min: number; mean: number };
  texts: { n: number; min: number; mean: number };
}

export interface Manifest {
  format: 'inside-clip-weights/1';
  name: string;
  dtype: Dtype;
  config: ClipConfig;
  files: ManifestFile[];
  /** Sum of files[].bytes (converted checkpoints). */
  totalBytes?: number;
  /** Where a converted checkpoint came from: a file name or hub id, and its tensor naming. */
  source?: { from: string; scheme: string };
  fidelity?: Fidelity;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function packModel(
  name: string,
  config: ClipConfig,
  weights: Map<string, { shape: number[]; data: Float32Array }>,
  dtype: Dtype = 'F32',
): Promise<{ manifest: Manifest; files: Map<string, Uint8Array> }> {
  const bytes = writeSafetensors(weights, { dtype, metadata: { config: JSON.stringify(config), name } });
  const file = { path: 'model.safetensors', bytes: bytes.byteLength, sha256: await sha256Hex(bytes) };
  const manifest: Manifest = { format: 'inside-clip-weights/1', name, dtype, config, files: [file] };
  return { manifest, files: new Map([[file.path, bytes]]) };
}

const shardName = (i: number, n: number): string =>
  `model-${String(i + 1).padStart(5, '0')}-of-${String(n).padStart(5, '0')}.safetensors`;

/** Weights in OpenAI order → shards of at most maxBytes each and their manifest. */
export async function packShards(
  name: string,
  config: ClipConfig,
  weights: Iterable<[string, { shape: number[]; data: Float32Array }]>,
  options: { dtype: StoreDtype; maxBytes: number },
): Promise<{ manifest: Manifest; files: Map<string, Uint8Array> }> {
  const metadata = { config: JSON.stringify(config), name };
  const plan = planShards(weights, options.dtype, options.maxBytes, JSON.stringify(metadata).length);
  const files = new Map<string, Uint8Array>();
  const listed: ManifestFile[] = [];
  for (const [i, entries] of plan.entries()) {
    const bytes = writeSafetensors(entries, { metadata });
    const path = shardName(i, plan.length);
    files.set(path, bytes);
    listed.push({ path, bytes: bytes.byteLength, sha256: await sha256Hex(bytes) });
  }
  const manifest: Manifest = {
    format: 'inside-clip-weights/1',
    name,
    dtype: options.dtype,
    config,
    files: listed,
    totalBytes: listed.reduce((a, f) => a + f.bytes, 0),
  };
  return { manifest, files };
}
