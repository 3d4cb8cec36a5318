// Reading checkpoints: dtypes, configs from metadata or shapes, and a clear error for every mismatch.
import { describe, expect, it } from 'vitest';
import { PRESETS, inferConfig, validateConfig, type ClipConfig } from '../../src/clip/config';
import { initWeights } from '../../src/clip/init';
import { CheckpointError, readSafetensors, writeSafetensors } from '../../src/clip/safetensors';
import { checkShapes, expectedShapes, resolveConfig } from '../../src/clip/weights';

const small: ClipConfig = { ...PRESETS['tiny-reference']!, vocab_size: 40, context_length: 7 };
const values = Float32Array.from([0, 1, -2.5, 0.1, 65504, 1e-7, -3.14159, 2 ** -20]);

describe('safetensors', () => {
  it('round-trips F32 exactly', () => {
    const bytes = writeSafetensors([['x', { shape: [2, 4], data: values }]], { metadata: { a: 'b' } });
    const ckpt = readSafetensors(bytes);
    expect(Array.from(ckpt.tensors.get('x')!.data)).toEqual(Array.from(values));
    expect(ckpt.tensors.get('x')!.shape).toEqual([2, 4]);
    expect(ckpt.metadata).toEqual({ a: 'b' });
  });

  it('decodes F16 within half precision and BF16 within bfloat precision', () => {
    for (const [dtype, rel] of [
      ['F16', 2 ** -11],
      ['BF16', 2 ** -8],
    ] as const) {
      const got = readSafetensors(
        writeSafetensors([['x', { shape: [8], data: values }]], { dtype }),
      ).tensors.get('x')!;
      expect(got.dtype).toBe(dtype);
      values.forEach((v, i) => {
        const tol = Math.max(Math.abs(v) * rel, dtype === 'F16' ? 2 ** -24 : 1e-38);
        expect(Math.abs(got.data[i]! - v), `${dtype} ${v}`).toBeLessThanOrEqual(tol);
      });
    }
  });

  it('pads the header to a multiple of 8 bytes', () => {
    const bytes = writeSafetensors([['é', { shape: [1], data: values.subarray(0, 1) }]]);
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(n % 8).toBe(0);
  });

  it('names a truncated file, a bad header and an unsupported dtype', () => {
    const bytes = writeSafetensors([['w', { shape: [8], data: values }]]);
    expect(() => readSafetensors(bytes.subarray(0, bytes.length - 4))).toThrow(/truncated file: tensor "w"/);
    expect(() => readSafetensors(bytes.subarray(0, 5))).toThrow(CheckpointError);
    expect(() => readSafetensors(new TextEncoder().encode('hello world, not a checkpoint'))).toThrow(
      /not a safetensors file/,
    );
    const text = new TextDecoder().decode(bytes).replace('"F32"', '"I64"');
    expect(() => readSafetensors(new TextEncoder().encode(text))).toThrow(/"w" has unsupported dtype I64/);
  });
});

describe('configs', () => {
  it('infers the ViT-B/32 config from its shapes with OpenAI rules', () => {
    const shapes = Object.fromEntries(expectedShapes(PRESETS['ViT-B/32']!));
    expect(inferConfig(shapes)).toEqual(PRESETS['ViT-B/32']);
    const l14 = Object.fromEntries(expectedShapes(PRESETS['ViT-L/14']!));
    expect(inferConfig(l14)).toEqual(PRESETS['ViT-L/14']);
  });

  it('refuses to guess text heads when the width is not a multiple of 64', () => {
    const shapes = Object.fromEntries(expectedShapes(small));
    expect(() => inferConfig(shapes)).toThrow(/transformer_width 32 is not a multiple of 64/);
  });

  it('prefers the metadata config, and validates it', () => {
    const bytes = writeSafetensors(initWeights(small), { metadata: { config: JSON.stringify(small) } });
    expect(resolveConfig(readSafetensors(bytes))).toEqual(small);
    expect(() => validateConfig({ ...small, transformer_heads: 5 })).toThrow(
      /not divisible by transformer_heads 5/,
    );
    expect(() => validateConfig({ ...small, embed_dim: -1 })).toThrow(
      /"embed_dim" must be a positive integer/,
    );
  });
});

describe('checking a checkpoint against its config', () => {
  const shapes = () => new Map<string, readonly number[]>(expectedShapes(small));

  it('accepts the exact set, and OpenAI buffers beside it', () => {
    const s = shapes();
    s.set('input_resolution', []);
    expect(() => checkShapes(small, s)).not.toThrow();
  });

  it('names a missing, an unknown and a mis-shaped tensor with both shapes', () => {
    const s = shapes();
    s.delete('ln_final.bias');
    expect(() => checkShapes(small, s)).toThrow(/missing tensor "ln_final.bias" \(expected \[32\]\)/);
    const t = shapes();
    t.set('visual.extra', [3]);
    expect(() => checkShapes(small, t)).toThrow(/unknown tensor "visual.extra"/);
    const u = shapes();
    u.set('visual.proj', [64, 16]);
    expect(() => checkShapes(small, u)).toThrow(/"visual.proj" has shape \[64, 16\], expected \[64, 32\]/);
  });
});
