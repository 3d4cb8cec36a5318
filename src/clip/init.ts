// Fresh CLIP weights from a seed: the text tower as OpenAI's initialize_parameters, the vision tower's
// embeddings and proj with VisionTransformer's width^-0.5 scale, its blocks with the same rule as text
// blocks (same variance as torch's default layer init for these sizes), conv1 with kaiming-uniform variance.
// Used to train from scratch, to benchmark real shapes without real weights, and to test other configs.
import { createRng } from '../world/random';
import { type ClipConfig, dims, INITIAL_TEMPERATURE } from './config';
import { expectedShapes } from './weights';

/** Seeded uniform floats in [0, 1): mulberry32, the stream of createRng(seed).float (src/world/random.ts). */
export function seededRandom(seed: number): () => number {
  return createRng(seed).float;
}

/** Standard normal samples by Box–Muller over a seeded uniform source. */
export function seededNormal(seed: number): () => number {
  const uniform = seededRandom(seed);
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const u = Math.max(uniform(), 1e-12);
    const r = Math.sqrt(-2 * Math.log(u));
    const theta = 2 * Math.PI * uniform();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
}

function stdFor(name: string, cfg: ClipConfig): number {
  const text = !name.startsWith('visual.');
  const width = text ? cfg.transformer_width : cfg.vision_width;
  const layers = text ? cfg.transformer_layers : cfg.vision_layers;
  if (name === 'token_embedding.weight') return 0.02;
  if (name === 'positional_embedding') return 0.01;
  if (name === 'text_projection' || (name.startsWith('visual.') && !name.includes('resblocks')))
    return width ** -0.5;
  if (name.endsWith('attn.in_proj_weight')) return width ** -0.5;
  if (name.endsWith('attn.out_proj.weight') || name.endsWith('mlp.c_proj.weight')) {
    return width ** -0.5 * (2 * layers) ** -0.5;
  }
  if (name.endsWith('mlp.c_fc.weight')) return (2 * width) ** -0.5;
  return 0;
}

export interface InitOptions {
  seed?: number;
  /** Adds noise to LayerNorm gains (0.1) and biases (0.05), as the reference fixtures do, so tests see them. */
  perturb?: boolean;
}

export { INITIAL_TEMPERATURE };

/** Every parameter of the config, by OpenAI name, with float32 data. */
export function initWeights(
  cfg: ClipConfig,
  options: InitOptions = {},
): Map<string, { shape: number[]; data: Float32Array }> {
  const normal = seededNormal(options.seed ?? 0);
  const patchFanIn = 3 * dims(cfg).patch ** 2;
  const out = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const [name, shape] of expectedShapes(cfg)) {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    const isNorm = /(^|\.)ln_[^.]*\.weight$/.test(name);
    if (name === 'logit_scale') data[0] = Math.log(1 / INITIAL_TEMPERATURE);
    else if (isNorm) data.fill(1);
    else if (name === 'visual.conv1.weight') {
      const bound = 1 / Math.sqrt(patchFanIn);
      for (let i = 0; i < data.length; i++) data[i] = (normal() * bound) / Math.sqrt(3);
    } else {
      const std = stdFor(name, cfg);
      for (let i = 0; i < data.length; i++) data[i] = normal() * std;
    }
    if (options.perturb && (isNorm || name.endsWith('bias'))) {
      const scale = isNorm ? 0.1 : 0.05;
      for (let i = 0; i < data.length; i++) data[i] = data[i]! + normal() * scale;
    }
    out.set(name, { shape, data });
  }
  return out;
}
