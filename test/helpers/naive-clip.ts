// An independent CLIP in plain float64 loops, written from the conventions in ../shared/reference/README.md.
// It is checked against OpenAI's fixtures, then serves as the oracle for configurations the fixtures lack.
import type { ClipConfig } from '../../src/clip/config';
import { dims } from '../../src/clip/config';

type Params = (name: string) => { shape: number[]; data: Float32Array };
type Mat = number[][];

const layerNorm = (x: Mat, g: Float32Array, b: Float32Array): Mat =>
  x.map((row) => {
    const mean = row.reduce((a, v) => a + v, 0) / row.length;
    const variance = row.reduce((a, v) => a + (v - mean) ** 2, 0) / row.length;
    return row.map((v, i) => ((v - mean) / Math.sqrt(variance + 1e-5)) * g[i]! + b[i]!);
  });

/** x @ W.T + b with W stored [out, in]. */
function linear(x: Mat, w: { shape: number[]; data: Float32Array }, b?: Float32Array): Mat {
  const [out, inp] = w.shape as [number, number];
  return x.map((row) =>
    Array.from({ length: out }, (_, o) => {
      let s = b ? b[o]! : 0;
      for (let i = 0; i < inp; i++) s += row[i]! * w.data[o * inp + i]!;
      return s;
    }),
  );
}

/** x @ P with P stored [in, out] (text_projection, visual.proj). */
function project(x: number[], p: { shape: number[]; data: Float32Array }): number[] {
  const out = p.shape[1]!;
  return Array.from({ length: out }, (_, o) => x.reduce((s, v, i) => s + v * p.data[i * out + o]!, 0));
}

function attention(
  x: Mat,
  P: Params,
  prefix: string,
  heads: number,
  causal: boolean,
): { out: Mat; probs: Mat[] } {
  const n = x.length;
  const width = x[0]!.length;
  const hd = width / heads;
  const qkv = linear(x, P(`${prefix}.in_proj_weight`), P(`${prefix}.in_proj_bias`).data);
  const context: Mat = Array.from({ length: n }, () => new Array<number>(width).fill(0));
  const probs: Mat[] = [];
  for (let h = 0; h < heads; h++) {
    const col = (t: number, which: number, j: number) => qkv[t]![which * width + h * hd + j]!;
    const ph: Mat = [];
    for (let i = 0; i < n; i++) {
      const scores = Array.from({ length: n }, (_, j) => {
        if (causal && j > i) return -Infinity;
        let s = 0;
        for (let d = 0; d < hd; d++) s += (col(i, 0, d) / Math.sqrt(hd)) * col(j, 1, d);
        return s;
      });
      const max = Math.max(...scores);
      const e = scores.map((s) => Math.exp(s - max));
      const sum = e.reduce((a, v) => a + v, 0);
      const p = e.map((v) => v / sum);
      ph.push(p);
      for (let d = 0; d < hd; d++) context[i]![h * hd + d] = p.reduce((a, pj, j) => a + pj * col(j, 2, d), 0);
    }
    probs.push(ph);
  }
  return { out: linear(context, P(`${prefix}.out_proj.weight`), P(`${prefix}.out_proj.bias`).data), probs };
}

function block(
  x: Mat,
  P: Params,
  prefix: string,
  heads: number,
  causal: boolean,
): { out: Mat; probs: Mat[] } {
  const ln1 = layerNorm(x, P(`${prefix}.ln_1.weight`).data, P(`${prefix}.ln_1.bias`).data);
  const attn = attention(ln1, P, `${prefix}.attn`, heads, causal);
  const a = x.map((row, i) => row.map((v, j) => v + attn.out[i]![j]!));
  const ln2 = layerNorm(a, P(`${prefix}.ln_2.weight`).data, P(`${prefix}.ln_2.bias`).data);
  const fc = linear(ln2, P(`${prefix}.mlp.c_fc.weight`), P(`${prefix}.mlp.c_fc.bias`).data);
  const act = fc.map((row) => row.map((v) => v / (1 + Math.exp(-1.702 * v))));
  const proj = linear(act, P(`${prefix}.mlp.c_proj.weight`), P(`${prefix}.mlp.c_proj.bias`).data);
  return { out: a.map((row, i) => row.map((v, j) => v + proj[i]![j]!)), probs: attn.probs };
}

export interface NaiveResult {
  features: number[];
  /** Per layer, per head, [n, n] attention probabilities. */
  probs: Mat[][];
}

export function naiveText(ids: ArrayLike<number>, P: Params, cfg: ClipConfig): NaiveResult {
  const w = cfg.transformer_width;
  const tok = P('token_embedding.weight').data;
  const pos = P('positional_embedding').data;
  const known = cfg.token_ids;
  const rowOf = (id: number) => (known ? (known.includes(id) ? known.indexOf(id) : known.length) : id);
  let x: Mat = Array.from(ids, (id, t) =>
    Array.from({ length: w }, (_, j) => tok[rowOf(id) * w + j]! + pos[t * w + j]!),
  );
  const probs: Mat[][] = [];
  for (let l = 0; l < cfg.transformer_layers; l++) {
    const r = block(x, P, `transformer.resblocks.${l}`, cfg.transformer_heads, true);
    x = r.out;
    probs.push(r.probs);
  }
  const normed = layerNorm(x, P('ln_final.weight').data, P('ln_final.bias').data);
  let eot = 0;
  for (let t = 1; t < ids.length; t++) if (ids[t]! > ids[eot]!) eot = t;
  return { features: project(normed[eot]!, P('text_projection')), probs };
}

/** pixels: one image, float [3, R, R]. */
export function naiveImage(pixels: Float32Array, P: Params, cfg: ClipConfig): NaiveResult {
  const { patch: p, grid: g, visionWidth: vw, visionHeads } = dims(cfg);
  const r = cfg.image_resolution;
  const conv = P('visual.conv1.weight').data;
  const cls = P('visual.class_embedding').data;
  const pos = P('visual.positional_embedding').data;
  let x: Mat = [Array.from(cls)];
  for (let gy = 0; gy < g; gy++) {
    for (let gx = 0; gx < g; gx++) {
      const row = Array.from({ length: vw }, (_, o) => {
        let s = 0;
        for (let c = 0; c < 3; c++)
          for (let dy = 0; dy < p; dy++)
            for (let dx = 0; dx < p; dx++)
              s += conv[((o * 3 + c) * p + dy) * p + dx]! * pixels[(c * r + gy * p + dy) * r + gx * p + dx]!;
        return s;
      });
      x.push(row);
    }
  }
  x = x.map((row, t) => row.map((v, j) => v + pos[t * vw + j]!));
  x = layerNorm(x, P('visual.ln_pre.weight').data, P('visual.ln_pre.bias').data);
  const probs: Mat[][] = [];
  for (let l = 0; l < cfg.vision_layers; l++) {
    const res = block(x, P, `visual.transformer.resblocks.${l}`, visionHeads, false);
    x = res.out;
    probs.push(res.probs);
  }
  const post = layerNorm([x[0]!], P('visual.ln_post.weight').data, P('visual.ln_post.bias').data)[0]!;
  return { features: project(post, P('visual.proj')), probs };
}
