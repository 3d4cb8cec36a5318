// What a hub repository holds, read before the bulk download: the listing pinned to a commit, config.json
// as the project's config, the weight files (model.safetensors, a sharded index, or pytorch_model.bin) and
// their tensors' names and shapes, checked against the config. The reader sees sizes before agreeing.
import { CheckpointError } from '../clip/safetensors';
import type { ClipConfig } from '../clip/config';
import { fromHfConfig } from './hf-config';
import type { Hub, HubFile, RepoListing, RepoRef } from './hub';
import { HubError } from './hub-error';
import { type SourceFile, safetensorsTensors } from './source-tensors';
import { type ConvertPlan, planConversion } from './stream-convert';
import { torchTensors } from './torch-source';

export const WEIGHT_FILES = [
  'model.safetensors',
  'model.safetensors.index.json',
  'pytorch_model.bin',
] as const;
const CONFIG_LIMIT = 1 << 20;
const INDEX_LIMIT = 16 << 20;

export interface HubModel {
  ref: RepoRef;
  commit: string;
  config: ClipConfig;
  /** The weight file the repository holds, as listed (the index for sharded checkpoints). */
  weights: (typeof WEIGHT_FILES)[number];
  plan: ConvertPlan;
}

/** A config.json problem → the kind of failure the reader is told about. */
function configError(err: unknown): HubError {
  if (err instanceof HubError) return err;
  const message = (err as Error).message;
  return new HubError(message, /not a CLIP/.test(message) ? 'not-clip' : 'unsupported');
}

async function fileInfo(hub: Hub, ref: RepoRef, listing: RepoListing, path: string, signal?: AbortSignal) {
  const listed = listing.files.get(path);
  if (listed?.size !== undefined) return listed as HubFile & { size: number };
  const probed = await hub.probe(ref, path, signal);
  return { ...probed, sha256: listed?.sha256 ?? probed.sha256 } as HubFile & { size: number };
}

async function openFile(
  hub: Hub,
  ref: RepoRef,
  listing: RepoListing,
  path: string,
  signal?: AbortSignal,
): Promise<SourceFile> {
  const info = await fileInfo(hub, ref, listing, path, signal);
  const source = hub.source(ref, path, info.size);
  try {
    const tensors = path.endsWith('.bin')
      ? await torchTensors(source, signal)
      : await safetensorsTensors(source, signal);
    return { path, size: info.size, sha256: info.sha256, source, tensors };
  } catch (err) {
    if (err instanceof HubError) throw err;
    throw new HubError(`${path} of ${ref.repo} cannot be read: ${(err as Error).message}`, 'format');
  }
}

/** The shard files a model.safetensors.index.json names (its weight_map values), in first-seen order. */
function indexFiles(raw: unknown, what: string): string[] {
  const map = (raw as { weight_map?: unknown })?.weight_map;
  if (typeof map !== 'object' || map === null) throw new HubError(`${what} has no weight_map`, 'format');
  const files = [...new Set(Object.values(map as Record<string, unknown>))];
  if (files.length === 0 || !files.every((f) => typeof f === 'string' && /^[\w.-]+\.safetensors$/.test(f))) {
    throw new HubError(`${what} names no valid .safetensors shard`, 'format');
  }
  return files as string[];
}

export async function readHubModel(hub: Hub, ref: RepoRef, signal?: AbortSignal): Promise<HubModel> {
  const listing = await hub.listing(ref, signal);
  const pinned = { repo: ref.repo, revision: listing.commit };
  if (!listing.files.has('config.json')) {
    throw new HubError(
      `${ref.repo} has no config.json: it is not a transformers CLIPModel repository`,
      'not-clip',
    );
  }
  const weights = WEIGHT_FILES.find((f) => listing.files.has(f));
  if (!weights) {
    const has = [...listing.files.keys()].slice(0, 6).join(', ');
    throw new HubError(
      `${ref.repo} holds no model.safetensors or pytorch_model.bin (it has ${has})`,
      'not-clip',
    );
  }
  let config: ClipConfig;
  try {
    config = fromHfConfig(
      await hub.json(pinned, 'config.json', CONFIG_LIMIT, signal),
      `config.json of ${ref.repo}`,
    );
  } catch (err) {
    throw configError(err);
  }
  const paths =
    weights === 'model.safetensors.index.json'
      ? indexFiles(await hub.json(pinned, weights, INDEX_LIMIT, signal), `${weights} of ${ref.repo}`)
      : [weights];
  const files: SourceFile[] = [];
  for (const path of paths) files.push(await openFile(hub, pinned, listing, path, signal));
  try {
    return { ref, commit: listing.commit, config, weights, plan: planConversion(config, files) };
  } catch (err) {
    if (err instanceof CheckpointError) throw new HubError((err as Error).message, 'not-clip');
    throw err;
  }
}
