// A checkpoint converted to the web format while it downloads: every file is read front to back in
// bounded windows and hashed as it passes; each tensor is kept only until the OpenAI tensor it feeds can be
// built (q, k and v wait for each other), then goes to the shard writer. The layout is the order in which
// tensors complete, so shards close in turn and are handed out at once. Peak memory: one window, the
// tensors in flight (the largest tensor as raw bytes and as float32) and one open shard.
import { type RenameStep, applyStep, renamePlan, stepShape } from '../clip/checkpoint-names';
import type { ClipConfig } from '../clip/config';
import type { TensorEntry } from '../clip/safetensors';
import { expectedShapes } from '../clip/shapes';
import { streamFrom } from './byte-source';
import { HubError } from './hub';
import type { Manifest } from './manifest';
import { Sha256 } from './sha256';
import { type PackedShard, ShardWriter } from './shard-writer';
import type { StoreDtype } from './shards';
import type { SourceFile, SourceTensor } from './source-tensors';

export const WINDOW_BYTES = 8 << 20;

export interface ConvertPlan {
  config: ClipConfig;
  files: SourceFile[];
  scheme: string;
  steps: RenameStep[];
  /** Target tensors in the order the stream completes them. */
  layout: [string, number[]][];
  /** Bytes to download: every file whole (the hash covers every byte). */
  downloadBytes: number;
}

interface Located {
  file: number;
  tensor: SourceTensor;
}

const same = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((d, i) => d === b[i]);
const shapeText = (s: readonly number[]): string => `[${s.join(', ')}]`;

/** Names and shapes checked against the config before any weight is downloaded. */
export function planConversion(config: ClipConfig, files: SourceFile[]): ConvertPlan {
  const tensors = new Map<string, Located>();
  for (const [file, f] of files.entries()) {
    for (const tensor of f.tensors) {
      if (tensors.has(tensor.name)) {
        throw new HubError(
          `tensor "${tensor.name}" is in both ${files[tensors.get(tensor.name)!.file]!.path} and ${f.path}`,
          'format',
        );
      }
      tensors.set(tensor.name, { file, tensor });
    }
  }
  let plan;
  try {
    plan = renamePlan(tensors.keys());
  } catch (err) {
    throw new HubError(`this is not a CLIP checkpoint: ${(err as Error).message}`, 'not-clip');
  }
  const expected = expectedShapes(config);
  const made = new Map<string, number[]>();
  for (const step of plan.steps) {
    const shape = stepShape(step, (n) => tensors.get(n)!.tensor.shape);
    const want = expected.get(step.target);
    if (!want)
      throw new HubError(
        `the checkpoint has a tensor "${step.sources[0]}" that config.json does not describe`,
        'not-clip',
      );
    if (!same(shape, want)) {
      throw new HubError(
        `tensor "${step.sources[0]}" has shape ${shapeText(shape)} but config.json gives ${shapeText(want)}`,
        'not-clip',
      );
    }
    made.set(step.target, shape);
  }
  const missing = [...expected.keys()].filter((k) => !made.has(k));
  if (missing.length > 0) {
    throw new HubError(
      `the checkpoint lacks "${missing[0]}" (${missing.length} tensors missing in all)`,
      'not-clip',
    );
  }
  const doneAt = (step: RenameStep): number => {
    const last = step.sources.map((n) => tensors.get(n)!);
    return Math.max(...last.map((l) => l.file * 2 ** 40 + l.tensor.end));
  };
  const order = [...plan.steps].sort((a, b) => doneAt(a) - doneAt(b));
  return {
    config,
    files,
    scheme: plan.scheme,
    steps: order,
    layout: order.map((s) => [s.target, made.get(s.target)!]),
    downloadBytes: files.reduce((a, f) => a + f.size, 0),
  };
}

export interface ConvertOptions {
  name: string;
  dtype: StoreDtype;
  maxShardBytes: number;
  /** Called with each finished shard, in order; the manifest comes only after every file's hash matched. */
  onShard: (shard: PackedShard) => Promise<void>;
  onProgress?: (doneBytes: number, totalBytes: number) => void;
  signal?: AbortSignal;
  windowBytes?: number;
}

/** Streams every file of the plan into shards; returns the manifest (not yet stored). */
export async function streamConversion(plan: ConvertPlan, options: ConvertOptions): Promise<Manifest> {
  const writer = new ShardWriter({
    name: options.name,
    config: plan.config,
    dtype: options.dtype,
    maxBytes: options.maxShardBytes,
    layout: plan.layout,
  });
  const window = options.windowBytes ?? WINDOW_BYTES;
  const waiting = new Map<string, RenameStep[]>();
  for (const step of plan.steps) {
    for (const source of step.sources) waiting.set(source, [...(waiting.get(source) ?? []), step]);
  }
  const ready = new Map<string, TensorEntry>();
  const uses = new Map<string, number>([...waiting].map(([n, s]) => [n, s.length]));
  let done = 0;

  const complete = async (t: SourceTensor, raw: Uint8Array): Promise<void> => {
    if (!waiting.has(t.name)) return; // a buffer the plan skips (position_ids)
    ready.set(t.name, { dtype: 'F32', shape: t.shape, data: t.decode(raw) });
    for (const step of waiting.get(t.name)!) {
      if (!step.sources.every((s) => ready.has(s))) continue;
      const out = applyStep(step, (n) => ready.get(n)!);
      for (const s of step.sources) {
        const left = uses.get(s)! - 1;
        uses.set(s, left);
        if (left === 0) ready.delete(s);
      }
      for (const shard of await writer.add(step.target, out.shape, out.data)) await options.onShard(shard);
    }
  };

  for (const file of plan.files) {
    const hash = file.sha256 ? new Sha256() : null;
    const order = [...file.tensors].sort((a, b) => a.begin - b.begin);
    const buffers = new Map<SourceTensor, Uint8Array>();
    let next = 0;
    for (const t of order) if (t.end === t.begin) await complete(t, new Uint8Array(0));
    let at = 0;
    for await (const bytes of streamFrom(file.source, 0, window, options.signal)) {
      if (options.signal?.aborted) throw new HubError('the download was cancelled', 'cancelled');
      const n = bytes.byteLength;
      hash?.update(bytes);
      const end = at + n;
      for (let i = next; i < order.length && order[i]!.begin < end; i++) {
        const t = order[i]!;
        if (t.end <= at) continue;
        let buf = buffers.get(t);
        if (!buf) {
          buf = new Uint8Array(t.end - t.begin);
          buffers.set(t, buf);
        }
        const from = Math.max(at, t.begin);
        buf.set(bytes.subarray(from - at, Math.min(end, t.end) - at), from - t.begin);
        if (t.end <= end) {
          buffers.delete(t);
          await complete(t, buf);
        }
      }
      while (next < order.length && order[next]!.end <= end) next++;
      at = end;
      done += n;
      options.onProgress?.(done, plan.downloadBytes);
    }
    if (at !== file.size) {
      throw new HubError(`${file.path} ended at byte ${at} of ${file.size}`, 'integrity');
    }
    if (hash && hash.hex() !== file.sha256) {
      throw new HubError(
        `${file.path} does not match the hub's sha256: the download is corrupt`,
        'integrity',
      );
    }
  }
  const manifest = writer.finish();
  return manifest;
}
