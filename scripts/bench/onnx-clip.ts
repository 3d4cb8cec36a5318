// CLIP's two encoders as ONNX graphs, written op for op as OpenAI's torch model computes them, so the
// bench compares onnxruntime and TF.js on the same architecture and weights. Batch 1, fixed shapes.
import { type ClipConfig, LN_EPS, dims } from '../../src/clip/config';
import { expectedShapes } from '../../src/clip/shapes';
import { GraphBuilder, encodeModel, valueInfo } from './onnx-proto';

/** A float32 weight by OpenAI state_dict name. */
export type WeightSource = (name: string) => { data: Float32Array; shape: readonly number[] };

/** Reads weights by name, checking presence and shape so a bad checkpoint fails with the name. */
class Params {
  private readonly shapes: Map<string, number[]>;

  constructor(
    private readonly b: GraphBuilder,
    private readonly source: WeightSource,
    cfg: ClipConfig,
  ) {
    this.shapes = expectedShapes(cfg);
  }

  get(name: string): { data: Float32Array; shape: readonly number[] } {
    let t: ReturnType<WeightSource> | undefined;
    try {
      t = this.source(name);
    } catch (e) {
      throw new Error(`ONNX CLIP graph: weight "${name}" is missing (${(e as Error).message})`, { cause: e });
    }
    if (!t) throw new Error(`ONNX CLIP graph: weight "${name}" is missing`);
    const want = this.shapes.get(name);
    if (want && want.join(',') !== [...t.shape].join(',')) {
      throw new Error(
        `ONNX CLIP graph: weight "${name}" has shape [${t.shape.join(', ')}], expected [${want.join(', ')}]`,
      );
    }
    return t;
  }

  /** The weight as an initializer, optionally reshaped (same data order). */
  raw(name: string, shape?: readonly number[]): string {
    const t = this.get(name);
    return this.b.float(name, t.data, shape ?? t.shape);
  }

  /** A torch linear weight [out, in] stored once as [in, out], so MatMul needs no Transpose node. */
  transposed(name: string): string {
    const t = this.get(name);
    const [rows, cols] = t.shape as [number, number];
    const out = new Float32Array(t.data.length);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = t.data[r * cols + c]!;
    return this.b.float(`${name}.T`, out, [cols, rows]);
  }
}

interface Ctx {
  b: GraphBuilder;
  p: Params;
}

function layerNorm({ b, p }: Ctx, x: string, prefix: string): string {
  return b.op('LayerNormalization', [x, p.raw(`${prefix}.weight`), p.raw(`${prefix}.bias`)], {
    axis: { int: -1 },
    epsilon: { float: LN_EPS },
  });
}

/** x @ W^T + bias, as torch.onnx exports nn.Linear: MatMul then Add. */
function linear(ctx: Ctx, x: string, weight: string, bias: string): string {
  const y = ctx.b.op('MatMul', [x, ctx.p.transposed(weight)]); // [1, n, out]
  return ctx.b.op('Add', [y, ctx.p.raw(bias)]); // [1, n, out]
}

/** A transformer's fixed sizes: tokens n, width D, heads H; the additive mask [n, n] when causal. */
interface Stack {
  n: number;
  width: number;
  heads: number;
  mask?: string;
}

/** nn.MultiheadAttention(ln_1(x)) with OpenAI's packed in_proj, the query scaled before q·k. */
function attention(ctx: Ctx, x: string, prefix: string, { n, width, heads, mask }: Stack): string {
  const { b } = ctx;
  const hd = width / heads;
  const qkv = linear(ctx, x, `${prefix}in_proj_weight`, `${prefix}in_proj_bias`); // [1, n, 3D]
  const [q, k, v] = b.opN('Split', [qkv, b.int64([width, width, width])], 3, { axis: { int: 2 } }); // 3 × [1, n, D]
  const toHeads = (t: string, perm: number[]): string =>
    b.op('Transpose', [b.op('Reshape', [t, b.int64([1, n, heads, hd])])], { perm: { ints: perm } });
  const qh = toHeads(q!, [0, 2, 1, 3]); // [1, H, n, hd]
  const kt = toHeads(k!, [0, 2, 3, 1]); // [1, H, hd, n]
  const vh = toHeads(v!, [0, 2, 1, 3]); // [1, H, n, hd]
  const scaled = b.op('Mul', [qh, b.scalar(Math.fround(1 / Math.sqrt(hd)))]); // [1, H, n, hd]
  let scores = b.op('MatMul', [scaled, kt]); // [1, H, n, n]
  if (mask) scores = b.op('Add', [scores, mask]); // [1, H, n, n]
  const probs = b.op('Softmax', [scores], { axis: { int: -1 } }); // [1, H, n, n]
  const mixed = b.op('MatMul', [probs, vh]); // [1, H, n, hd]
  const merged = b.op('Transpose', [mixed], { perm: { ints: [0, 2, 1, 3] } }); // [1, n, H, hd]
  const flat = b.op('Reshape', [merged, b.int64([1, n, width])]); // [1, n, D]
  return linear(ctx, flat, `${prefix}out_proj.weight`, `${prefix}out_proj.bias`); // [1, n, D]
}

/** OpenAI's ResidualAttentionBlock: pre-LN attention, then a QuickGELU MLP, each added back. */
function block(ctx: Ctx, x: string, prefix: string, stack: Stack): string {
  const { b } = ctx;
  const attn = attention(ctx, layerNorm(ctx, x, `${prefix}ln_1`), `${prefix}attn.`, stack); // [1, n, D]
  const h = b.op('Add', [x, attn]); // [1, n, D]
  const normed = layerNorm(ctx, h, `${prefix}ln_2`); // [1, n, D]
  const up = linear(ctx, normed, `${prefix}mlp.c_fc.weight`, `${prefix}mlp.c_fc.bias`); // [1, n, 4D]
  const gate = b.op('Sigmoid', [b.op('Mul', [up, b.scalar(1.702)])]); // [1, n, 4D]
  const act = b.op('Mul', [up, gate]); // [1, n, 4D]
  const down = linear(ctx, act, `${prefix}mlp.c_proj.weight`, `${prefix}mlp.c_proj.bias`); // [1, n, D]
  return b.op('Add', [h, down]); // [1, n, D]
}

function transformer(ctx: Ctx, x: string, prefix: string, layers: number, stack: Stack): string {
  let h = x;
  for (let l = 0; l < layers; l++) h = block(ctx, h, `${prefix}resblocks.${l}.`, stack); // [1, n, D]
  return h;
}

function imageGraph(ctx: Ctx, cfg: ClipConfig): void {
  const { b, p } = ctx;
  const d = dims(cfg);
  const tokens = d.grid * d.grid;
  // Conv with stride = kernel = patch is exactly conv1 with bias=False.
  const conv = b.op('Conv', ['pixels', p.raw('visual.conv1.weight')], {
    kernel_shape: { ints: [d.patch, d.patch] },
    strides: { ints: [d.patch, d.patch] },
  }); // [1, Wv, g, g]
  const flat = b.op('Reshape', [conv, b.int64([1, d.visionWidth, tokens])]); // [1, Wv, g*g]
  const patches = b.op('Transpose', [flat], { perm: { ints: [0, 2, 1] } }); // [1, g*g, Wv]
  const cls = p.raw('visual.class_embedding', [1, 1, d.visionWidth]); // [1, 1, Wv]
  const seq = b.op('Concat', [cls, patches], { axis: { int: 1 } }); // [1, T, Wv]
  const x = b.op('Add', [seq, p.raw('visual.positional_embedding')]); // [1, T, Wv]
  const pre = layerNorm(ctx, x, 'visual.ln_pre'); // [1, T, Wv]
  const stack = { n: d.visionTokens, width: d.visionWidth, heads: d.visionHeads };
  const h = transformer(ctx, pre, 'visual.transformer.', cfg.vision_layers, stack); // [1, T, Wv]
  const first = b.op('Gather', [h, b.int64([0], [])], { axis: { int: 1 } }); // [1, Wv]
  const post = layerNorm(ctx, first, 'visual.ln_post'); // [1, Wv]
  b.opTo('features', 'MatMul', [post, p.raw('visual.proj')]); // [1, E]
}

/** OpenAI's build_attention_mask: 0 on and below the diagonal, -inf above. */
function causalMask(b: GraphBuilder, n: number): string {
  const data = new Float32Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) data[i * n + j] = -Infinity;
  return b.float('attn_mask', data, [n, n]);
}

function textGraph(ctx: Ctx, cfg: ClipConfig): void {
  const { b, p } = ctx;
  const d = dims(cfg);
  const n = cfg.context_length;
  const emb = b.op('Gather', [p.raw('token_embedding.weight'), 'ids'], { axis: { int: 0 } }); // [1, L, W]
  const x = b.op('Add', [emb, p.raw('positional_embedding')]); // [1, L, W]
  const mask = causalMask(b, n); // [L, L]
  const stack = { n, width: d.textWidth, heads: d.textHeads, mask };
  const h = transformer(ctx, x, 'transformer.', cfg.transformer_layers, stack); // [1, L, W]
  const normed = layerNorm(ctx, h, 'ln_final'); // [1, L, W]
  // The EOT token has the largest id; ArgMax returns the first maximum, as torch's argmax does.
  const eot = b.op('ArgMax', ['ids'], { axis: { int: 1 }, keepdims: { int: 0 } }); // [1]
  const row = b.op('Gather', [normed, eot], { axis: { int: 1 } }); // [1, 1, W]
  const pooled = b.op('Reshape', [row, b.int64([1, d.textWidth])]); // [1, W]
  b.opTo('features', 'MatMul', [pooled, p.raw('text_projection')]); // [1, E]
}

/** One encoder of CLIP as ONNX model bytes: image `pixels` [1,3,R,R] or text `ids` [1,L] → `features` [1,E]. */
export function clipOnnx(weights: WeightSource, cfg: ClipConfig, encoder: 'image' | 'text'): Uint8Array {
  if (cfg.token_ids) {
    throw new Error(
      'the ONNX bench graph supports only the full BPE vocabulary; this config has a reduced token table (token_ids)',
    );
  }
  const b = new GraphBuilder();
  const ctx: Ctx = { b, p: new Params(b, weights, cfg) };
  const R = cfg.image_resolution;
  if (encoder === 'image') imageGraph(ctx, cfg);
  else textGraph(ctx, cfg);
  return encodeModel({
    name: `clip-${encoder}`,
    graph: b,
    inputs: [
      encoder === 'image'
        ? valueInfo('pixels', 'float32', [1, 3, R, R])
        : valueInfo('ids', 'int64', [1, cfg.context_length]),
    ],
    outputs: [valueInfo('features', 'float32', [1, cfg.embed_dim])],
  });
}
