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
import { HubError } from './hub-error';
import type { Manifest, ManifestFile } from './manifest';
import { Sha256, type Sha256State } from './sha256';
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

/** Where a conversion can pick up again: after these shards, at this byte of this file, hash midway. */
export interface Checkpoint {
  shards: ManifestFile[];
  file: number;
  offset: number;
  hash: Sha256State | null;
}

export interface ConvertOptions {
  name: string;
  dtype: StoreDtype;
  maxShardBytes: number;
  /** Called with each finished shard, in order; the manifest comes only after every file's hash matched. */
  onShard: (shard: PackedShard) => Promise<void>;
  /** Called after a shard closes with nothing in flight, so the run can resume from there. */
  onCheckpoint?: (checkpoint: Checkpoint) => Promise<void>;
  /** An earlier run's checkpoint (same plan, name, dtype and shard size). */
  resume?: Checkpoint;
  onProgress?: (doneBytes: number, totalBytes: number) => void;
  signal?: AbortSignal;
  windowBytes?: number;
}

const cancelled = (): HubError => new HubError('the download was cancelled', 'cancelled');

/** Streams every file of the plan into shards; returns the manifest (not yet stored). */
export async function streamConversion(plan: ConvertPlan, options: ConvertOptions): Promise<Manifest> {
  const writer = new ShardWriter({
    name: options.name,
    config: plan.config,
    dtype: options.dtype,
    maxBytes: options.maxShardBytes,
    layout: plan.layout,
  });
  const resume = options.resume;
  const window = options.windowBytes ?? WINDOW_BYTES;
  const waiting = new Map<string, RenameStep[]>();
  const consumed = (f: number, t: SourceTensor): boolean =>
    resume !== undefined && (f < resume.file || (f === resume.file && t.end <= resume.offset));
  for (const [f, file] of plan.files.entries()) {
    for (const t of file.tensors) if (consumed(f, t)) waiting.set(t.name, []);
  }
  for (const step of plan.steps) {
    if (step.sources.every((n) => waiting.get(n)?.length === 0 && waiting.has(n))) continue; // done before
    for (const source of step.sources) waiting.set(source, [...(waiting.get(source) ?? []), step]);
  }
  for (const [name, steps] of waiting) if (steps.length === 0) waiting.delete(name);
  if (resume) writer.resumeAfter(resume.shards);
  const ready = new Map<string, TensorEntry>();
  const uses = new Map<string, number>([...waiting].map(([n, s]) => [n, s.length]));
  let closedSince = 0;

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
      for (const shard of await writer.add(step.target, out.shape, out.data)) {
        await options.onShard(shard);
        closedSince++;
      }
    }
  };

  let done = plan.files.slice(0, resume?.file ?? 0).reduce((a, f) => a + f.size, 0) + (resume?.offset ?? 0);
  for (const [f, file] of plan.files.entries()) {
    if (resume && f < resume.file) continue;
    const start = resume && f === resume.file ? resume.offset : 0;
    let hash: Sha256 | null = null;
    if (file.sha256) hash = start > 0 && resume?.hash ? Sha256.from(resume.hash) : new Sha256();
    if (start > 0 && file.sha256 && !resume?.hash)
      throw new HubError(`no saved hash to resume ${file.path}`, 'format');
    const order = [...file.tensors]
      .filter((t) => t.end > start || t.end === t.begin)
      .sort((a, b) => a.begin - b.begin);
    const buffers = new Map<SourceTensor, Uint8Array>();
    let next = 0;
    for (const t of order) if (t.end === t.begin && !consumed(f, t)) await complete(t, new Uint8Array(0));
    let at = start;
    for await (const bytes of streamFrom(file.source, start, window, options.signal)) {
      if (options.signal?.aborted) throw cancelled();
      const end = at + bytes.byteLength;
      let hashed = at; // the hash is fed up to each tensor's end, so a checkpoint's state is exact
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
        if (t.end > end) continue;
        buffers.delete(t);
        await complete(t, buf);
        if (
          closedSince > 0 &&
          writer.idle &&
          ready.size === 0 &&
          buffers.size === 0 &&
          options.onCheckpoint
        ) {
          hash?.update(bytes.subarray(hashed - at, t.end - at));
          hashed = t.end;
          closedSince = 0;
          await options.onCheckpoint({
            shards: writer.closed(),
            file: f,
            offset: t.end,
            hash: hash?.state() ?? null,
          });
        }
      }
      hash?.update(bytes.subarray(hashed - at));
      while (next < order.length && order[next]!.end <= end) next++;
      done += end - at;
      at = end;
      options.onProgress?.(done, plan.downloadBytes);
    }
    if (at !== file.size) throw new HubError(`${file.path} ended at byte ${at} of ${file.size}`, 'integrity');
    if (hash && hash.hex() !== file.sha256) {
      throw new HubError(
        `${file.path} does not match the hub's sha256: the download is corrupt`,
        'integrity',
      );
    }
  }
  return writer.finish();
}
