// SHA-256 in TypeScript against FIPS 180-2 appendix B / NIST CAVS vectors and node:crypto: every length
// up to 300, every two-piece split of one input, and megabytes in odd chunks; sha256Hex with and without
// crypto.subtle.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Sha256, sha256Hex } from '../../src/weights/sha256';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const node = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const ours = (bytes: Uint8Array): string => new Sha256().update(bytes).hex();

/** Deterministic bytes (a linear congruential generator), so a failure reproduces. */
function bytesOf(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe('Sha256', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    ],
    [
      'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu',
      'cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1',
    ],
  ])('hashes %j to the published digest', (message, digest) => {
    expect(ours(text(message))).toBe(digest);
  });

  it('hashes one million "a" to the published digest, fed 1000 bytes at a time', () => {
    const chunk = new Uint8Array(1000).fill(0x61);
    const h = new Sha256();
    for (let i = 0; i < 1000; i++) h.update(chunk);
    expect(h.hex()).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  it('agrees with node:crypto for every length from 0 to 300 bytes', () => {
    for (let n = 0; n <= 300; n++) {
      const bytes = bytesOf(n, n + 7);
      expect(ours(bytes), `${n} bytes`).toBe(node(bytes));
    }
  });

  it('gives the same digest for every split of a 200-byte input into two updates', () => {
    const bytes = bytesOf(200, 42);
    const whole = node(bytes);
    for (let k = 0; k <= 200; k++) {
      const h = new Sha256().update(bytes.subarray(0, k)).update(new Uint8Array(0)).update(bytes.subarray(k));
      expect(h.hex(), `split at ${k}`).toBe(whole);
    }
  });

  it('hashes 5 MB fed in chunks of odd sizes like the whole', () => {
    const bytes = bytesOf(5 * 1024 * 1024 + 37, 9);
    const sizes = [1, 63, 65, 127, 4097, 3, 65_537, 999_999];
    const h = new Sha256();
    for (let at = 0, i = 0; at < bytes.byteLength; i++) {
      const n = sizes[i % sizes.length]!;
      h.update(bytes.subarray(at, at + n));
      at += n;
    }
    expect(h.hex()).toBe(node(bytes));
  });

  it('keeps its digest once finished and refuses more input', () => {
    const h = new Sha256().update(text('abc'));
    expect(h.hex()).toBe(h.hex());
    expect(() => h.update(text('d'))).toThrow(/already called/);
  });
});

describe('sha256Hex', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('uses crypto.subtle when present and the TypeScript hash when not, with the same digest', async () => {
    const bytes = bytesOf(1000, 3);
    const digest = vi.spyOn(crypto.subtle, 'digest');
    expect(await sha256Hex(bytes)).toBe(node(bytes));
    expect(digest).toHaveBeenCalledTimes(1);
    digest.mockRestore();
    vi.stubGlobal('crypto', {});
    const fallback = vi.spyOn(Sha256.prototype, 'hex');
    expect(await sha256Hex(bytes)).toBe(node(bytes));
    expect(await sha256Hex(bytes.subarray(1, 999))).toBe(node(bytes.subarray(1, 999)));
    expect(fallback).toHaveBeenCalledTimes(2);
    fallback.mockRestore();
  });
});

describe('a saved state', () => {
  it('resumes to the same digest at every cut of a 300-byte input, through JSON', () => {
    const data = Uint8Array.from({ length: 300 }, (_, i) => (i * 131 + 7) & 255);
    const want = createHash('sha256').update(data).digest('hex');
    for (let cut = 0; cut <= data.length; cut += 7) {
      const saved = JSON.parse(JSON.stringify(new Sha256().update(data.subarray(0, cut)).state()));
      expect(Sha256.from(saved).update(data.subarray(cut)).hex(), `cut ${cut}`).toBe(want);
    }
  });

  it('refuses a state that is not one', () => {
    expect(() => Sha256.from({ h: [1], pending: [], length: 0 })).toThrow(/not a saved Sha256 state/);
    expect(() => Sha256.from({ h: new Array(8).fill(0), pending: [1], length: 64 })).toThrow();
  });
});
