// A hub conversion stopped midway (cancelled, the connection lost, the page closed) keeps its finished
// shards and a checkpoint beside them, partial.json, so the next read of the same repository, commit,
// precision and shard size resumes there instead of starting over. No manifest is written until the end,
// so a partial model is never offered to the figures.
import type { Checkpoint } from '../weights/stream-convert';
import { type CacheLike, cacheKey, fileUrl } from './model-store';

interface Saved {
  commit: string;
  shardBytes: number;
  checkpoint: Checkpoint;
}

export const partialKey = (dir: string): string => fileUrl(dir, 'partial.json');

const isCheckpoint = (c: Checkpoint | undefined): c is Checkpoint =>
  !!c &&
  Array.isArray(c.shards) &&
  Number.isSafeInteger(c.file) &&
  Number.isSafeInteger(c.offset) &&
  c.offset > 0 &&
  c.shards.every(
    (f) => typeof f?.path === 'string' && typeof f.sha256 === 'string' && Number.isSafeInteger(f.bytes),
  );

/** The stored checkpoint when it is for this commit and shard size and every shard it names is stored. */
export async function readPartial(
  cache: CacheLike,
  dir: string,
  commit: string,
  shardBytes: number,
): Promise<Checkpoint | null> {
  try {
    const res = await cache.match(partialKey(dir));
    if (!res) return null;
    const saved = (await res.json()) as Saved;
    if (saved.commit !== commit || saved.shardBytes !== shardBytes || !isCheckpoint(saved.checkpoint))
      return null;
    for (const f of saved.checkpoint.shards) if (!(await cache.match(cacheKey(dir, f)))) return null;
    return saved.checkpoint;
  } catch {
    return null; // an unreadable checkpoint is no checkpoint: the conversion starts over
  }
}

export async function writePartial(
  cache: CacheLike,
  dir: string,
  commit: string,
  shardBytes: number,
  checkpoint: Checkpoint,
): Promise<void> {
  const body = JSON.stringify({ commit, shardBytes, checkpoint } satisfies Saved);
  await cache.put(partialKey(dir), new Response(body, { headers: { 'content-type': 'application/json' } }));
}

/** Bytes of the source already converted: the resume point. */
export const resumedBytes = (checkpoint: Checkpoint | null, sizes: readonly number[]): number =>
  checkpoint ? sizes.slice(0, checkpoint.file).reduce((a, b) => a + b, 0) + checkpoint.offset : 0;

/** Removes every entry under dir but the checkpoint and its shards (all of them when there is none). */
export async function keepOnly(cache: CacheLike, dir: string, checkpoint: Checkpoint | null): Promise<void> {
  const keep = new Set(
    checkpoint ? [partialKey(dir), ...checkpoint.shards.map((f) => cacheKey(dir, f))] : [],
  );
  for (const req of await cache.keys()) {
    if (req.url.startsWith(dir) && !keep.has(req.url)) await cache.delete(req.url);
  }
}
