// The web weight format's manifest.json: what it holds, the one validator every reader runs it through
// (server copy, stored copy, build-time list, Node loaders), and the one check of a file against it.
// Layout and history of the format: docs/weights.md.
import { type ClipConfig, validateConfig } from '../clip/config';
import { sha256Hex } from './sha256';

export const WEIGHTS_FORMAT = 'inside-clip-weights/1';

/** The dtypes a manifest may declare: how the big matrices are stored (I8 keeps small tensors in F32). */
export const MANIFEST_DTYPES = ['F32', 'F16', 'I8'] as const;
export type ManifestDtype = (typeof MANIFEST_DTYPES)[number];

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
  format: typeof WEIGHTS_FORMAT;
  name: string;
  dtype: ManifestDtype;
  config: ClipConfig;
  files: ManifestFile[];
  /** Sum of files[].bytes (converted checkpoints). */
  totalBytes?: number;
  /** Where a converted checkpoint came from: a file name or hub id, and its tensor naming. */
  source?: { from: string; scheme: string };
  fidelity?: Fidelity;
}

export class ManifestError extends Error {
  override name = 'ManifestError';
}

// A plain file name beside manifest.json: no folder, no "..", no leading dot.
const FILE_NAME = /^[\w-][\w.-]*\.safetensors$/;
const SHA256 = /^[0-9a-f]{64}$/;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function readFile(raw: unknown, where: string): ManifestFile {
  if (!isObject(raw)) throw new ManifestError(`${where} is not an object with path, bytes and sha256`);
  const { path, bytes, sha256 } = raw;
  if (typeof path !== 'string' || !FILE_NAME.test(path) || path.includes('..')) {
    throw new ManifestError(`${where} has path ${JSON.stringify(path)}, not a plain *.safetensors file name`);
  }
  if (typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes < 0) {
    throw new ManifestError(`${where} (${path}) has bytes ${JSON.stringify(bytes)}, not a whole number`);
  }
  if (typeof sha256 !== 'string' || !SHA256.test(sha256)) {
    throw new ManifestError(`${where} (${path}) has no sha256 of 64 lower-case hex digits`);
  }
  return { path, bytes, sha256 };
}

/**
 * A parsed manifest.json → a checked Manifest with only the known fields; `source` names the copy in
 * messages (a path or URL). Any problem throws a ManifestError that says what is wrong.
 */
export function readManifest(raw: unknown, source: string): Manifest {
  if (!isObject(raw)) throw new ManifestError(`${source} is not a JSON object`);
  if (raw.format !== WEIGHTS_FORMAT) {
    const got = raw.format === undefined ? 'has no format' : `is format ${JSON.stringify(raw.format)}`;
    throw new ManifestError(`${source} ${got}; this site reads ${WEIGHTS_FORMAT}`);
  }
  const { name, dtype } = raw;
  if (typeof name !== 'string' || name === '') throw new ManifestError(`${source} has no model name`);
  if (!MANIFEST_DTYPES.includes(dtype as ManifestDtype)) {
    throw new ManifestError(
      `${source} has dtype ${JSON.stringify(dtype)}; expected one of ${MANIFEST_DTYPES.join(', ')}`,
    );
  }
  let config: ClipConfig;
  try {
    config = validateConfig(raw.config, `${source} config`);
  } catch (err) {
    throw new ManifestError((err as Error).message, { cause: err });
  }
  if (!Array.isArray(raw.files) || raw.files.length === 0) {
    throw new ManifestError(`${source} lists no .safetensors file`);
  }
  const files = raw.files.map((f, i) => readFile(f, `${source} files[${i}]`));
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.path)) throw new ManifestError(`${source} lists ${f.path} twice`);
    seen.add(f.path);
  }
  const manifest: Manifest = { format: WEIGHTS_FORMAT, name, dtype: dtype as ManifestDtype, config, files };
  if (raw.totalBytes !== undefined) {
    const sum = files.reduce((a, f) => a + f.bytes, 0);
    if (raw.totalBytes !== sum) {
      throw new ManifestError(
        `${source} has totalBytes ${JSON.stringify(raw.totalBytes)}, but its files sum to ${sum}`,
      );
    }
    manifest.totalBytes = sum;
  }
  // Informational fields: kept when well-formed, never needed to load.
  if (isObject(raw.source) && typeof raw.source.from === 'string' && typeof raw.source.scheme === 'string') {
    manifest.source = { from: raw.source.from, scheme: raw.source.scheme };
  }
  if (isObject(raw.fidelity)) manifest.fidelity = raw.fidelity as unknown as Fidelity;
  return manifest;
}

export type FileProblem = 'size' | 'sha256';

/** A file that does not match its manifest entry. */
export class WeightsFileError extends Error {
  override name = 'WeightsFileError';

  constructor(
    message: string,
    readonly file: string,
    readonly problem: FileProblem,
  ) {
    super(message);
  }
}

/** Resolves when bytes are the file the manifest lists (size first: it is free), else throws WeightsFileError. */
export async function verifyFile(file: ManifestFile, bytes: Uint8Array): Promise<void> {
  if (bytes.byteLength !== file.bytes) {
    throw new WeightsFileError(
      `${file.path} has ${bytes.byteLength} bytes; the manifest says ${file.bytes}`,
      file.path,
      'size',
    );
  }
  if ((await sha256Hex(bytes)) !== file.sha256) {
    throw new WeightsFileError(
      `${file.path} does not match its sha256 in the manifest (damaged or changed)`,
      file.path,
      'sha256',
    );
  }
}
