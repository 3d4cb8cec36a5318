// The files the command lines accept as a model: a checkpoint (safetensors or PyTorch's zip, told apart by
// their first bytes, sharded or not) and a config (the project's form or a hub config.json).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type ClipConfig, validateConfig } from '../../src/clip/config';
import { type Checkpoint, readSafetensors } from '../../src/clip/safetensors';
import { readFileOrFail } from '../../src/node/files';
import { fromHfConfig, isHfConfig } from '../../src/weights/hf-config';
import { mergeShards } from '../../src/weights/shards';

// Written by another part of the project; loaded when present so that safetensors works without it.
const TORCH_READER = new URL('../../src/weights/torch-bin.ts', import.meta.url);

/** PyTorch's torch.save writes a zip archive: "PK\x03\x04". */
const isZip = (b: Uint8Array): boolean => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

async function readTorch(bytes: Uint8Array, path: string): Promise<Checkpoint> {
  if (!existsSync(fileURLToPath(TORCH_READER))) {
    throw new Error(
      `${path} is a PyTorch checkpoint, and this build has no PyTorch reader yet; use a .safetensors file`,
    );
  }
  const mod = (await import(TORCH_READER.href)) as {
    readTorchCheckpoint(b: Uint8Array): Promise<Checkpoint>;
  };
  return mod.readTorchCheckpoint(bytes);
}

/** One checkpoint file read into memory, errors prefixed with its path. */
export async function readCheckpointFile(path: string): Promise<{ checkpoint: Checkpoint; bytes: number }> {
  const bytes = readFileOrFail(path, 'checkpoint');
  try {
    const checkpoint = isZip(bytes) ? await readTorch(bytes, path) : readSafetensors(bytes);
    return { checkpoint, bytes: bytes.byteLength };
  } catch (err) {
    const message = (err as Error).message;
    throw new Error(message.startsWith(path) ? message : `${path}: ${message}`, { cause: err });
  }
}

/** Several shards joined into one checkpoint (a tensor in two shards is an error). */
export async function readCheckpointFiles(
  paths: readonly string[],
): Promise<{ checkpoint: Checkpoint; bytes: number }> {
  const read = [];
  for (const p of paths) read.push(await readCheckpointFile(p));
  if (read.length === 1) return read[0]!;
  return {
    checkpoint: mergeShards(read.map((r) => r.checkpoint)),
    bytes: read.reduce((a, r) => a + r.bytes, 0),
  };
}

/** A config as parsed JSON: a hub config.json goes through fromHfConfig, the project's form is validated. */
export function configFromJson(raw: unknown, source: string): ClipConfig {
  return isHfConfig(raw) ? fromHfConfig(raw, source) : validateConfig(raw, `config ${source}`);
}

/** A config JSON file in either form, or an error naming the file and what is wrong with it. */
export function readAnyConfigFile(path: string): ClipConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code ? `cannot read config ${path}: ${code}` : `config ${path} is not valid JSON`, {
      cause: err,
    });
  }
  return configFromJson(raw, path);
}
