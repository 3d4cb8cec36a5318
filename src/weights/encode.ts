// Float32 tensors → the little-endian bytes safetensors stores for F32, F16 and I8, written straight into
// a shard's buffer. Batch loops over the float bits, no allocation per value: converting ViT-B/32 to F16
// value by value spent over a minute allocating. Bit-identical to writeSafetensors (test/weights/encode.test.ts).
import type { StoreDtype } from './shards';

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** IEEE 754 binary16 bits of the float32 with bits x, rounded to nearest, ties to even. */
function half(x: number): number {
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // infinity, or a quiet NaN
  const e = exp - 127 + 15;
  if (e >= 31) return sign | 0x7c00; // too big: infinity
  if (e <= 0) {
    // A binary16 subnormal (or zero): the implicit 1 joins the mantissa, shifted down.
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let h = mant >> shift;
    const rem = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rem > mid || (rem === mid && h & 1)) h++;
    return sign | h;
  }
  let h = (e << 10) | (mant >> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && h & 1)) h++; // a carry into the exponent is still right
  return sign | h;
}

/** Writes data as dtype into out[at..at + data.length * size). I8 data holds integers (quantize.ts). */
export function encodeInto(data: Float32Array, dtype: StoreDtype, out: Uint8Array, at: number): void {
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  if (dtype === 'F32') {
    if (LITTLE_ENDIAN) out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
    else for (let i = 0; i < data.length; i++) view.setFloat32(at + 4 * i, data[i]!, true);
  } else if (dtype === 'F16') {
    const bits = new Uint32Array(data.buffer, data.byteOffset, data.length);
    for (let i = 0; i < bits.length; i++) view.setUint16(at + 2 * i, half(bits[i]!), true);
  } else {
    for (let i = 0; i < data.length; i++)
      view.setInt8(at + i, Math.max(-128, Math.min(127, Math.round(data[i]!))));
  }
}
