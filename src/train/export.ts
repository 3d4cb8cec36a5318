// The project's web weight format: model.safetensors (OpenAI names and layout, config in its metadata)
// and manifest.json (config, files with byte sizes and sha256), readable in Node and the browser.
import type { ClipConfig } from '../clip/config';
import { type Dtype, writeSafetensors } from '../clip/safetensors';

export interface ManifestFile {
  path: string;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  format: 'inside-clip-weights/1';
  name: string;
  dtype: Dtype;
  config: ClipConfig;
  files: ManifestFile[];
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
