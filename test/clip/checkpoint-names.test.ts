// Hugging Face CLIPModel and open_clip checkpoints: tiny-clip-a exported to each naming by an exporter written
// here (independent of the loader), read back through loadModel, against OpenAI's own logits.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { detectScheme, toOpenAiNames } from '../../src/clip/checkpoint-names';
import { validateConfig } from '../../src/clip/config';
import { disposeModel, forward, loadModel } from '../../src/clip/model';
import {
  type Checkpoint,
  CheckpointError,
  type Dtype,
  type TensorEntry,
  readSafetensors,
  writeSafetensors,
} from '../../src/clip/safetensors';
import { useBackend } from '../../src/node/backend';
import { TINY_A, loadFixtures, maxAbsDiff, splitRows } from '../helpers/reference';

const fx = loadFixtures();
const config = validateConfig(fx.index.config, 'tiny-clip-a config');
const original = readSafetensors(new Uint8Array(readFileSync(resolve(TINY_A, 'weights.safetensors'))));
const ids = splitRows(fx.get('text.tokens').data as Int32Array, 4);
const images = splitRows(fx.get('image.pixels').data as Float32Array, 3);
const wantLogits = fx.get('logits_per_image').data;

type Named = [string, TensorEntry];

function transposed(t: TensorEntry): TensorEntry {
  const [rows, cols] = t.shape as [number, number];
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < rows * cols; i++) data[(i % cols) * rows + Math.floor(i / cols)] = t.data[i]!;
  return { ...t, shape: [cols, rows], data };
}

const BLOCK_TO_HF: Record<string, string> = {
  'attn.out_proj.weight': 'self_attn.out_proj.weight',
  'attn.out_proj.bias': 'self_attn.out_proj.bias',
  'ln_1.weight': 'layer_norm1.weight',
  'ln_1.bias': 'layer_norm1.bias',
  'ln_2.weight': 'layer_norm2.weight',
  'ln_2.bias': 'layer_norm2.bias',
  'mlp.c_fc.weight': 'mlp.fc1.weight',
  'mlp.c_fc.bias': 'mlp.fc1.bias',
  'mlp.c_proj.weight': 'mlp.fc2.weight',
  'mlp.c_proj.bias': 'mlp.fc2.bias',
};
const TOP_TO_HF: Record<string, string> = {
  'token_embedding.weight': 'text_model.embeddings.token_embedding.weight',
  positional_embedding: 'text_model.embeddings.position_embedding.weight',
  'ln_final.weight': 'text_model.final_layer_norm.weight',
  'ln_final.bias': 'text_model.final_layer_norm.bias',
  'visual.class_embedding': 'vision_model.embeddings.class_embedding',
  'visual.conv1.weight': 'vision_model.embeddings.patch_embedding.weight',
  'visual.positional_embedding': 'vision_model.embeddings.position_embedding.weight',
  'visual.ln_pre.weight': 'vision_model.pre_layrnorm.weight',
  'visual.ln_pre.bias': 'vision_model.pre_layrnorm.bias',
  'visual.ln_post.weight': 'vision_model.post_layernorm.weight',
  'visual.ln_post.bias': 'vision_model.post_layernorm.bias',
  logit_scale: 'logit_scale',
};

/** What transformers' CLIPModel.state_dict() holds for these weights (position_ids buffers included). */
function exportHf(ckpt: Checkpoint): Named[] {
  const out: Named[] = [];
  const ramp = (n: number): TensorEntry => ({
    dtype: 'F32',
    shape: [1, n],
    data: Float32Array.from({ length: n }, (_, i) => i),
  });
  out.push(['text_model.embeddings.position_ids', ramp(config.context_length)]);
  out.push(['vision_model.embeddings.position_ids', ramp(17)]); // (32 / 8)² patches + the class token
  for (const [name, t] of ckpt.tensors) {
    if (name === 'text_projection') out.push(['text_projection.weight', transposed(t)]);
    else if (name === 'visual.proj') out.push(['visual_projection.weight', transposed(t)]);
    else if (TOP_TO_HF[name]) out.push([TOP_TO_HF[name], t]);
    else {
      const vision = name.startsWith('visual.');
      const [layer, ...rest] = name
        .slice((vision ? 'visual.' : '').length + 'transformer.resblocks.'.length)
        .split('.');
      const part = rest.join('.');
      const prefix = `${vision ? 'vision' : 'text'}_model.encoder.layers.${layer}.`;
      if (part === 'attn.in_proj_weight' || part === 'attn.in_proj_bias') {
        const kind = part.endsWith('weight') ? 'weight' : 'bias';
        const third = t.data.length / 3;
        ['q', 'k', 'v'].forEach((p, i) => {
          const data = t.data.slice(i * third, (i + 1) * third);
          out.push([
            `${prefix}self_attn.${p}_proj.${kind}`,
            { ...t, shape: [t.shape[0]! / 3, ...t.shape.slice(1)], data },
          ]);
        });
      } else {
        if (!BLOCK_TO_HF[part]) throw new Error(`exporter has no HF name for ${name}`);
        out.push([prefix + BLOCK_TO_HF[part], t]);
      }
    }
  }
  return out;
}

/** open_clip's DDP training checkpoints: OpenAI's names under "module.". */
const exportOpenClip = (ckpt: Checkpoint): Named[] =>
  [...ckpt.tensors].map(([name, t]): Named => [`module.${name}`, t]);

const EXPORTERS = { hf: exportHf, open_clip: exportOpenClip } as const;
const asCheckpoint = (tensors: Named[]): Checkpoint => ({ tensors: new Map(tensors), metadata: {} });
const bytesOf = (tensors: Named[], dtype: Dtype = 'F32'): Uint8Array =>
  writeSafetensors(tensors, { dtype, metadata: original.metadata });

const bits = (a: Float32Array): Uint32Array => new Uint32Array(a.buffer, a.byteOffset, a.length);

function maxRelDiff(got: ArrayLike<number>, want: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < want.length; i++) m = Math.max(m, Math.abs(got[i]! - want[i]!) / Math.abs(want[i]!));
  return m;
}

beforeAll(() => useBackend('cpu'));

describe.each(['hf', 'open_clip'] as const)('a %s checkpoint of tiny-clip-a', (scheme) => {
  const exported = EXPORTERS[scheme](original);

  it('is detected as such, and OpenAI names are detected as openai', () => {
    expect(detectScheme(exported.map(([n]) => n))).toBe(scheme);
    expect(detectScheme(original.tensors.keys())).toBe('openai');
  });

  it('maps back to the original F32 tensors bit for bit, metadata kept', () => {
    const { checkpoint, scheme: got } = toOpenAiNames(readSafetensors(bytesOf(exported)));
    expect(got).toBe(scheme);
    expect([...checkpoint.tensors.keys()].sort()).toEqual([...original.tensors.keys()].sort());
    for (const [name, want] of original.tensors) {
      const t = checkpoint.tensors.get(name)!;
      expect(t.shape, name).toEqual(want.shape);
      expect(t.dtype, name).toBe('F32');
      const wantBits = bits(want.data);
      expect(
        bits(t.data).findIndex((b, i) => b !== wantBits[i]),
        name,
      ).toBe(-1);
    }
    expect(checkpoint.metadata).toEqual(original.metadata);
  });

  it.each([
    ['F32', 'absolute', 1e-5], // model.test.ts's tolerance on cpu
    ['F16', 'relative', 1e-2],
    ['BF16', 'relative', 1e-2],
  ] as const)('gives OpenAI logits when stored as %s (%s error under %s)', (dtype, kind, tol) => {
    const model = loadModel(bytesOf(exported, dtype), { config });
    const got = forward(model, { ids, images }).logitsPerImage!;
    disposeModel(model);
    expect(model.scheme).toBe(scheme);
    expect(got.shape).toEqual([3, 4]);
    const abs = maxAbsDiff(got.data, wantLogits);
    const relative = maxRelDiff(got.data, wantLogits);
    // measured on cpu: F32 2.2e-6 absolute; F16 1.3e-3 and BF16 8.6e-3 relative (4.0e-3 and 3.2e-2 absolute)
    const said = `${scheme} ${dtype}: max |error| ${abs}, relative ${relative}`;
    expect(kind === 'absolute' ? abs : relative, said).toBeLessThan(tol);
  });

  it('leaks no tensors over a load and dispose', () => {
    const bytes = bytesOf(exported);
    const before = tf.memory().numTensors;
    const model = loadModel(bytes, { config });
    forward(model, { ids: ids.slice(0, 1), images: images.slice(0, 1) });
    disposeModel(model);
    expect(tf.memory().numTensors).toBe(before);
  });
});

/** The HF export as transformers writes it: position_ids as I64 buffers (the writer here has no I64). */
function withI64PositionIds(
  named: Named[],
  isInteger = (name: string): boolean => name.endsWith('position_ids'),
): Uint8Array {
  const header: Record<string, unknown> = {};
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const [name, t] of named) {
    const ids = isInteger(name);
    const data = ids ? BigInt64Array.from(t.data, (v) => BigInt(Math.round(v))) : Float32Array.from(t.data);
    const raw = new Uint8Array(data.buffer);
    header[name] = {
      dtype: ids ? 'I64' : 'F32',
      shape: t.shape,
      data_offsets: [offset, offset + raw.length],
    };
    chunks.push(raw);
    offset += raw.length;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

describe('a Hugging Face file with I64 position_ids buffers', () => {
  it("loads: the integer buffers are skipped, the logits are OpenAI's", () => {
    const model = loadModel(withI64PositionIds(exportHf(original)), { config });
    const got = forward(model, { ids, images }).logitsPerImage!;
    disposeModel(model);
    expect(model.scheme).toBe('hf');
    expect(maxAbsDiff(got.data, wantLogits)).toBeLessThan(1e-5);
  });

  it('still refuses an integer tensor that is not an index buffer', () => {
    const bytes = withI64PositionIds(exportHf(original), (n) => n === 'logit_scale');
    expect(() => readSafetensors(bytes)).toThrow(/tensor "logit_scale" has unsupported dtype I64/);
  });
});

describe('naming errors', () => {
  const hf = exportHf(original);
  const without = (drop: string): Named[] => hf.filter(([n]) => n !== drop);
  const load = (tensors: Named[]) => () => loadModel(bytesOf(tensors), { config });
  const map = (tensors: Named[]) => () => toOpenAiNames(asCheckpoint(tensors));
  const entry = (shape: number[]): TensorEntry => ({
    dtype: 'F32',
    shape,
    data: new Float32Array(shape.reduce((a, b) => a * b, 1)),
  });

  it('names a missing tensor', () => {
    const run = load(without('vision_model.post_layernorm.bias'));
    expect(run).toThrow(CheckpointError);
    expect(run).toThrow(/missing tensor "visual\.ln_post\.bias" \(expected \[64\]\)/);
  });

  it('names an extra tensor no rule maps, in either scheme', () => {
    expect(map([...hf, ['text_model.embeddings.extra.weight', entry([2])]])).toThrow(
      /no OpenAI name for tensor "text_model\.embeddings\.extra\.weight"/,
    );
    const open = [...exportOpenClip(original), ['module.visual.extra', entry([2])] as Named];
    expect(load(open)).toThrow(/unknown tensor "visual\.extra"/);
  });

  it('names a mis-shaped tensor with both shapes', () => {
    const bad = hf.map(([n, t]): Named =>
      n === 'text_model.final_layer_norm.weight' ? [n, entry([31])] : [n, t],
    );
    expect(load(bad)).toThrow(CheckpointError);
    expect(load(bad)).toThrow(/tensor "ln_final\.weight" has shape \[31\], expected \[32\]/);
    const k = 'text_model.encoder.layers.0.self_attn.k_proj.weight';
    const badK = hf.map(([n, t]): Named => (n === k ? [n, entry([16, 32])] : [n, t]));
    expect(map(badK)).toThrow(
      `cannot build "transformer.resblocks.0.attn.in_proj_weight": "${k}" has shape [16, 32], ` +
        `"text_model.encoder.layers.0.self_attn.q_proj.weight" has [32, 32]`,
    );
  });

  it('names the missing part of an incomplete q/k/v', () => {
    const run = map(without('vision_model.encoder.layers.1.self_attn.v_proj.bias'));
    expect(run).toThrow(CheckpointError);
    expect(run).toThrow(
      'cannot build "visual.transformer.resblocks.1.attn.in_proj_bias": ' +
        'missing "vision_model.encoder.layers.1.self_attn.v_proj.bias"',
    );
  });

  it('refuses mixed schemes, naming examples of each', () => {
    const mixed = [...hf, ['visual.proj', original.tensors.get('visual.proj')!] as Named];
    expect(map(mixed)).toThrow(CheckpointError);
    expect(map(mixed)).toThrow(
      /mixes tensor naming schemes: hf \(e\.g\. "text_model\..*openai \(e\.g\. "visual\.proj"\)/,
    );
    const half = [...original.tensors].map(([n, t], i): Named => [i % 2 ? `module.${n}` : n, t]);
    expect(map(half)).toThrow(/mixes tensor naming schemes: openai .* and open_clip/);
  });

  it('refuses an unrecognised checkpoint, naming some of its tensors', () => {
    const bert = [
      ['encoder.layer.0.attention.self.query.weight', entry([2])] as Named,
      ['pooler.dense.bias', entry([2])] as Named,
    ];
    expect(map(bert)).toThrow(CheckpointError);
    expect(map(bert)).toThrow(
      /unrecognised checkpoint.*"encoder\.layer\.0\.attention\.self\.query\.weight", "pooler\.dense\.bias"/,
    );
    expect(() => detectScheme([])).toThrow(/unrecognised checkpoint.*none/);
  });

  it('strips open_clip\'s "state_dict." and "module." prefixes and drops HF position_ids', () => {
    const nested = [...original.tensors].map(([n, t]): Named => [`state_dict.module.${n}`, t]);
    const { checkpoint, scheme } = toOpenAiNames(asCheckpoint(nested));
    expect(scheme).toBe('open_clip');
    expect([...checkpoint.tensors.keys()]).toEqual([...original.tensors.keys()]);
    const fromHf = toOpenAiNames(asCheckpoint(hf)).checkpoint;
    expect([...fromHf.tensors.keys()].filter((n) => n.includes('position_ids'))).toEqual([]);
  });
});
