// The project's web weight format now lives in src/weights (no TF.js): manifest.ts (types, readManifest,
// verifyFile), pack.ts (packModel, packShards), sha256.ts. This module keeps the old import path working.
export type { Fidelity, Manifest, ManifestFile } from '../weights/manifest';
export { packModel, packShards } from '../weights/pack';
export { sha256Hex } from '../weights/sha256';
