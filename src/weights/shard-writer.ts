// The sharded web format written one tensor at a time, for streaming conversion (a worker reading a
// 600 MB checkpoint): the plan comes from names and shapes alone (shards.ts), so every shard's header,
// size and name (model-0000k-of-0000n, n known up front) are fixed before any data arrives. Each tensor
// is encoded into its shard's buffer as it comes, and a shard is handed out as soon as its last tensor
// lands: with tensors in layout order, memory holds about one shard plus one tensor.
// The bytes equal packShards' for the same weights (test/weights/shard-writer.test.ts).
import type { ClipConfig } from '../clip/config';
import { expectedShapes } from '../clip/shapes';
import { encodeInto } from './encode';
import type { Manifest, ManifestFile } from './manifest';
import { buildManifest, fileMetadata, manifestEntry, shardName } from './pack';
import { type PlannedPart, type StoreDtype, partEntries, planLayout, storeTensor } from './shards';

export interface ShardWriterOptions {
  name: string;
  config: ClipConfig;
  dtype: StoreDtype;
  maxBytes: number;
  /** Every tensor's name and shape, in file order; OpenAI's parameters for `config` by default. */
  layout?: Iterable<readonly [string, readonly number[]]>;
}

export interface PackedShard {
  path: string;
  bytes: Uint8Array;
  sha256: string;
}

const BYTES: Record<StoreDtype, number> = { F32: 4, F16: 2, I8: 1 };
const count = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

// The entries a part writes (the part, then its int8 scale), with shapes only.
const entryShapes = (p: PlannedPart): [string, number[], StoreDtype][] =>
  p.scaled
    ? [
        [p.name, p.shape, p.storeAs],
        [`${p.name}:scale`, [p.shape[0]!], 'F32'],
      ]
    : [[p.name, p.shape, p.storeAs]];

interface OpenShard {
  bytes: Uint8Array;
  /** Entry name → where its data starts in `bytes`. */
  at: Map<string, number>;
  left: number;
}

/** A safetensors file's bytes with its header written and its data zeroed, and where each entry goes. */
function openShard(parts: PlannedPart[], metadata: Record<string, string>): OpenShard {
  const header: Record<string, unknown> = { __metadata__: metadata };
  const offsets = new Map<string, number>();
  let offset = 0;
  for (const [name, shape, dtype] of parts.flatMap(entryShapes)) {
    const n = count(shape) * BYTES[dtype];
    header[name] = { dtype, shape, data_offsets: [offset, offset + n] };
    offsets.set(name, offset);
    offset += n;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headLength = json.byteLength + ((8 - (json.byteLength % 8)) % 8); // padded with spaces to 8
  const bytes = new Uint8Array(8 + headLength + offset);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(headLength), true);
  bytes.fill(0x20, 8, 8 + headLength);
  bytes.set(json, 8);
  const at = new Map([...offsets].map(([name, o]) => [name, 8 + headLength + o]));
  return { bytes, at, left: parts.length };
}

export class ShardWriter {
  /** How many shards the model takes; fixed by the layout. */
  readonly shardCount: number;
  private readonly plan: PlannedPart[][];
  private readonly shapes = new Map<string, readonly number[]>();
  /** Tensor name → the shards its parts go to, in order. */
  private readonly where = new Map<string, { shard: number; part: PlannedPart }[]>();
  private readonly open = new Map<number, OpenShard>();
  private readonly files: (ManifestFile | undefined)[];
  private readonly metadata: Record<string, string>;

  constructor(private readonly options: ShardWriterOptions) {
    this.metadata = fileMetadata(options.name, options.config);
    const layout = [...(options.layout ?? expectedShapes(options.config))];
    for (const [name, shape] of layout) {
      if (this.shapes.has(name)) throw new Error(`the layout lists tensor "${name}" twice`);
      this.shapes.set(name, shape);
    }
    const metadataBytes = JSON.stringify(this.metadata).length;
    this.plan = planLayout(layout, options.dtype, options.maxBytes, metadataBytes);
    this.shardCount = this.plan.length;
    this.files = this.plan.map(() => undefined);
    for (const [shard, parts] of this.plan.entries()) {
      for (const part of parts) {
        if (!this.where.has(part.source)) this.where.set(part.source, []);
        this.where.get(part.source)!.push({ shard, part });
      }
    }
  }

  /** Stores one tensor (float32, any order); resolves with the shards it completed. */
  async add(name: string, shape: readonly number[], data: Float32Array): Promise<PackedShard[]> {
    const expected = this.shapes.get(name);
    if (!expected) throw new Error(`tensor "${name}" is not in the layout`);
    const targets = this.where.get(name);
    if (!targets) throw new Error(`tensor "${name}" was already added`);
    if (shape.length !== expected.length || shape.some((d, i) => d !== expected[i])) {
      throw new Error(
        `tensor "${name}" has shape [${shape.join(', ')}]; the layout says [${expected.join(', ')}]`,
      );
    }
    if (data.length !== count(shape)) {
      throw new Error(`tensor "${name}" has ${data.length} values for shape [${shape.join(', ')}]`);
    }
    this.where.delete(name);
    const stored = storeTensor(data, shape, this.options.dtype);
    const done: PackedShard[] = [];
    for (const { shard, part } of targets) {
      let target = this.open.get(shard);
      if (!target) {
        target = openShard(this.plan[shard]!, this.metadata);
        this.open.set(shard, target);
      }
      for (const [entry, t] of partEntries(part, stored))
        encodeInto(t.data, t.storeAs, target.bytes, target.at.get(entry)!);
      if (--target.left === 0) done.push(await this.close(shard, target.bytes));
    }
    return done;
  }

  /** No shard is partly written: a resume may start right here. */
  get idle(): boolean {
    return this.open.size === 0;
  }

  /** The shards finished so far, in order (those of a resumed run included). */
  closed(): ManifestFile[] {
    return this.files.filter((f): f is ManifestFile => f !== undefined);
  }

  /**
   * Resumes after the first `files.length` shards, stored by an earlier run with the same layout: their
   * tensors count as added. Every tensor of those shards must lie wholly within them.
   */
  resumeAfter(files: readonly ManifestFile[]): void {
    if (files.length > this.shardCount)
      throw new Error(`${files.length} shards stored; the layout has ${this.shardCount}`);
    for (const [i, f] of files.entries()) {
      if (f.path !== shardName(i, this.shardCount))
        throw new Error(`stored shard ${f.path} is not shard ${i + 1} of this layout`);
      this.files[i] = f;
    }
    for (const [name, targets] of this.where) {
      const before = targets.filter((t) => t.shard < files.length).length;
      if (before === targets.length) this.where.delete(name);
      else if (before > 0) throw new Error(`tensor "${name}" straddles the resume point`);
    }
  }

  /** The manifest, once every tensor of the layout was added. */
  finish(): Manifest {
    const missing = [...this.where.keys()];
    if (missing.length > 0) {
      throw new Error(`tensor "${missing[0]}" was never added (${missing.length} missing in all)`);
    }
    const { name, config, dtype } = this.options;
    return buildManifest(name, config, dtype, this.files as ManifestFile[], true);
  }

  private async close(shard: number, bytes: Uint8Array): Promise<PackedShard> {
    this.open.delete(shard);
    const entry = await manifestEntry(shardName(shard, this.shardCount), bytes);
    this.files[shard] = entry;
    return { ...entry, bytes };
  }
}
