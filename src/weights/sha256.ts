// SHA-256 (FIPS 180-4, section 6.2) in plain TypeScript, fed chunk by chunk so a 600 MB checkpoint is
// hashed as it streams with 64 bytes of buffered state. sha256Hex prefers the platform's native digest
// (crypto.subtle), which is much faster but needs the whole input and a secure page; the class is the
// fallback and the streaming path.

// First 32 bits of the fractional parts of the cube roots of the first 64 primes (FIPS 180-4, 4.2.2).
const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

// First 32 bits of the fractional parts of the square roots of the first 8 primes (5.3.3).
const H0 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/** A hash midway, as plain JSON: a download stored in parts resumes hashing where it stopped. */
export interface Sha256State {
  h: number[];
  pending: number[];
  length: number;
}

export class Sha256 {
  private readonly h = Int32Array.from(H0);
  private readonly w = new Int32Array(16);
  private readonly block = new Uint8Array(64);
  private filled = 0;
  private length = 0;
  private digest: string | null = null;

  update(bytes: Uint8Array): this {
    if (this.digest !== null) throw new Error('this Sha256 is finished: hex() was already called');
    this.length += bytes.byteLength;
    let at = 0;
    if (this.filled > 0) {
      const n = Math.min(64 - this.filled, bytes.byteLength);
      this.block.set(bytes.subarray(0, n), this.filled);
      this.filled += n;
      at = n;
      if (this.filled < 64) return this;
      this.compress(this.block, 0);
      this.filled = 0;
    }
    // Whole blocks straight from the input: no copy.
    const whole = at + Math.floor((bytes.byteLength - at) / 64) * 64;
    this.compress(bytes, at, whole);
    at = whole;
    if (at < bytes.byteLength) {
      this.block.set(bytes.subarray(at), 0);
      this.filled = bytes.byteLength - at;
    }
    return this;
  }

  state(): Sha256State {
    if (this.digest !== null) throw new Error('this Sha256 is finished: hex() was already called');
    return { h: [...this.h], pending: [...this.block.subarray(0, this.filled)], length: this.length };
  }

  static from(state: Sha256State): Sha256 {
    const ok =
      Array.isArray(state?.h) &&
      state.h.length === 8 &&
      Array.isArray(state.pending) &&
      state.pending.length < 64 &&
      Number.isSafeInteger(state.length) &&
      state.length % 64 === state.pending.length;
    if (!ok) throw new Error('not a saved Sha256 state');
    const hash = new Sha256();
    hash.h.set(state.h);
    hash.block.set(state.pending);
    hash.filled = state.pending.length;
    hash.length = state.length;
    return hash;
  }

  /** The digest as 64 lower-case hex digits; the hash takes no more input afterwards. */
  hex(): string {
    if (this.digest !== null) return this.digest;
    const bytes = this.length;
    // Padding (5.1.1): a 1 bit, zeros, then the message length in bits as a 64-bit big-endian integer.
    this.block[this.filled++] = 0x80;
    if (this.filled > 56) {
      this.block.fill(0, this.filled);
      this.compress(this.block, 0);
      this.filled = 0;
    }
    this.block.fill(0, this.filled, 56);
    const view = new DataView(this.block.buffer);
    view.setUint32(56, Math.floor(bytes / 0x20000000), false); // bits above 2^32: bytes / 2^29
    view.setUint32(60, (bytes % 0x20000000) * 8, false);
    this.compress(this.block, 0);
    this.digest = Array.from(this.h, (x) => (x >>> 0).toString(16).padStart(8, '0')).join('');
    return this.digest;
  }

  // The 64-byte blocks of b[at..end) into the state (6.2.2), all arithmetic in signed 32-bit integers.
  // The message schedule lives in a 16-word ring: W[t] needs only W[t-2], W[t-7], W[t-15], W[t-16].
  private compress(b: Uint8Array, at: number, end = at + 64): void {
    const w = this.w;
    const h = this.h;
    let h0 = h[0]!;
    let h1 = h[1]!;
    let h2 = h[2]!;
    let h3 = h[3]!;
    let h4 = h[4]!;
    let h5 = h[5]!;
    let h6 = h[6]!;
    let h7 = h[7]!;
    for (; at + 64 <= end; at += 64) {
      for (let t = 0; t < 16; t++) {
        const i = at + 4 * t;
        w[t] = (b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!;
      }
      let a = h0;
      let bb = h1;
      let c = h2;
      let d = h3;
      let e = h4;
      let f = h5;
      let g = h6;
      let hh = h7;
      for (let t = 0; t < 64; t++) {
        let wt = w[t & 15]!;
        if (t >= 16) {
          const x = w[(t - 15) & 15]!;
          const y = w[(t - 2) & 15]!;
          const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
          const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
          wt = w[t & 15] = (wt + s0 + w[(t - 7) & 15]! + s1) | 0;
        }
        const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        const ch = (e & f) ^ (~e & g);
        const t1 = (hh + S1 + ch + K[t]! + wt) | 0;
        const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        const maj = (a & bb) ^ (a & c) ^ (bb & c);
        hh = g;
        g = f;
        f = e;
        e = (d + t1) | 0;
        d = c;
        c = bb;
        bb = a;
        a = (t1 + S0 + maj) | 0;
      }
      h0 = (h0 + a) | 0;
      h1 = (h1 + bb) | 0;
      h2 = (h2 + c) | 0;
      h3 = (h3 + d) | 0;
      h4 = (h4 + e) | 0;
      h5 = (h5 + f) | 0;
      h6 = (h6 + g) | 0;
      h7 = (h7 + hh) | 0;
    }
    h.set([h0, h1, h2, h3, h4, h5, h6, h7]);
  }
}

const hex = (digest: ArrayBuffer): string =>
  Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');

/** sha256 of bytes as 64 lower-case hex digits. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  // A view of a SharedArrayBuffer is refused by digest(); such bytes take the TypeScript path.
  const shared = typeof SharedArrayBuffer !== 'undefined' && bytes.buffer instanceof SharedArrayBuffer;
  if (subtle && !shared) {
    return hex(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  }
  return new Sha256().update(bytes).hex();
}
