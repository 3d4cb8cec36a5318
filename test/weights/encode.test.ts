// The batch encoder (which writeSafetensors and the shard writer use) against a value-by-value encoder: float16 rounding (ties to
// even, subnormals, overflow to infinity, NaN), int8 clamping, and float32 from an offset view.
import { describe, expect, it } from 'vitest';
import { f32ToF16 } from '../../src/clip/safetensors';
import { encodeInto } from '../../src/weights/encode';
import type { StoreDtype } from '../../src/weights/shards';

/** The bytes value by value, with DataView and the per-value float16 rounding (not the batch encoder). */
function reference(data: Float32Array, dtype: StoreDtype): Uint8Array {
  const size = { F32: 4, F16: 2, I8: 1 }[dtype];
  const out = new Uint8Array(data.length * size);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) {
    if (dtype === 'F32') view.setFloat32(4 * i, data[i]!, true);
    else if (dtype === 'F16') view.setUint16(2 * i, f32ToF16(data[i]!), true);
    else view.setInt8(i, Math.max(-128, Math.min(127, Math.round(data[i]!))));
  }
  return out;
}

function ours(data: Float32Array, dtype: StoreDtype, at = 3): Uint8Array {
  const size = { F32: 4, F16: 2, I8: 1 }[dtype];
  const out = new Uint8Array(at + data.length * size + 5).fill(0xee);
  encodeInto(data, dtype, out, at);
  expect(out.subarray(0, at).every((b) => b === 0xee)).toBe(true);
  expect(out.subarray(at + data.length * size).every((b) => b === 0xee)).toBe(true);
  return out.subarray(at, at + data.length * size);
}

const fromBits = (bits: number[]): Float32Array => new Float32Array(Uint32Array.from(bits).buffer);

describe('encodeInto', () => {
  it('rounds to float16 exactly as writeSafetensors does, edge cases included', () => {
    const edges = [
      0,
      -0,
      1,
      -1,
      65504,
      65520,
      65519.99,
      1e6,
      -1e6,
      Infinity,
      -Infinity,
      NaN,
      2 ** -14,
      2 ** -24,
      2 ** -25,
      2 ** -25 * 1.0001,
      3 * 2 ** -26,
      1 + 2 ** -11,
      1 + 3 * 2 ** -11,
      1e-8,
      Math.PI,
      -Math.E,
    ];
    const data = Float32Array.from(edges);
    expect(ours(data, 'F16')).toEqual(reference(data, 'F16'));
  });

  it('matches writeSafetensors on 200,000 random float32 bit patterns in F16', () => {
    let x = 12345;
    const bits = Array.from({ length: 200_000 }, () => {
      x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
      return x;
    });
    const data = fromBits(bits);
    const want = reference(data, 'F16');
    const got = ours(data, 'F16');
    const firstDiff = got.findIndex((b, i) => b !== want[i]);
    expect(firstDiff).toBe(-1);
  });

  it('clamps and rounds int8, and copies float32 from a view at an offset', () => {
    const q = Float32Array.from([0, 1, -1, 127, -127, 200, -300, 2.5, -2.5, 0.49]);
    expect(ours(q, 'I8')).toEqual(reference(q, 'I8'));
    const wide = Float32Array.from({ length: 40 }, (_, i) => Math.sin(i) * 1e3);
    const view = wide.subarray(7, 33);
    expect(ours(view, 'F32', 1)).toEqual(reference(view, 'F32'));
    expect(ours(view, 'F16', 1)).toEqual(reference(view, 'F16'));
  });
});
