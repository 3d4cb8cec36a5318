// CLIP configuration: OpenAI's constructor arguments as data, the sizes derived from them, and the
// rules that recover a configuration from a checkpoint (seed sections 3 and 4).
import vitB32 from './configs/vit-b-32.json';
import vitB16 from './configs/vit-b-16.json';
import vitL14 from './configs/vit-l-14.json';
import tinyReference from './configs/tiny-reference.json';

/** OpenAI's `CLIP(...)` constructor arguments, with the same names. */
export interface ClipConfig {
  embed_dim: number;
  image_resolution: number;
  vision_layers: number;
  vision_width: number;
  vision_patch_size: number;
  context_length: number;
  vocab_size: number;
  transformer_width: number;
  transformer_heads: number;
  transformer_layers: number;
  /** Vision heads; OpenAI fixes them at vision_width / 64. Only set for models that differ. */
  vision_heads?: number;
  /**
   * A reduced token-embedding table: row k holds BPE id token_ids[k], the last row is shared by every
   * other id, so vocab_size = token_ids.length + 1. Absent for OpenAI's full 49,408-row table.
   */
  token_ids?: number[];
  /** The MLP's activation: OpenAI's QuickGELU when absent; 'gelu' is the exact erf GELU of some HF models. */
  hidden_act?: HiddenAct;
  /** LayerNorm's epsilon; 1e-5 (torch's default, OpenAI's) when absent. */
  layer_norm_eps?: number;
}

export type HiddenAct = 'quick_gelu' | 'gelu';
export const HIDDEN_ACTS: readonly HiddenAct[] = ['quick_gelu', 'gelu'];

export const CONFIG_KEYS = [
  'embed_dim',
  'image_resolution',
  'vision_layers',
  'vision_width',
  'vision_patch_size',
  'context_length',
  'vocab_size',
  'transformer_width',
  'transformer_heads',
  'transformer_layers',
] as const;

export const PRESETS: Record<string, ClipConfig> = {
  'ViT-B/32': vitB32,
  'ViT-B/16': vitB16,
  'ViT-L/14': vitL14,
  'tiny-reference': tinyReference,
};

export const LN_EPS = 1e-5;

/** Sizes every layer needs, computed once from a config. */
export interface Dims {
  textWidth: number;
  textHeads: number;
  textHeadDim: number;
  visionWidth: number;
  visionHeads: number;
  visionHeadDim: number;
  patch: number;
  grid: number;
  visionTokens: number;
}

export function visionHeads(cfg: ClipConfig): number {
  return cfg.vision_heads ?? Math.floor(cfg.vision_width / 64);
}

export function dims(cfg: ClipConfig): Dims {
  const grid = Math.floor(cfg.image_resolution / cfg.vision_patch_size);
  const vh = visionHeads(cfg);
  return {
    textWidth: cfg.transformer_width,
    textHeads: cfg.transformer_heads,
    textHeadDim: cfg.transformer_width / cfg.transformer_heads,
    visionWidth: cfg.vision_width,
    visionHeads: vh,
    visionHeadDim: cfg.vision_width / vh,
    patch: cfg.vision_patch_size,
    grid,
    visionTokens: grid * grid + 1,
  };
}

/** Checks a config read from a file or metadata; returns it typed or throws naming the bad field. */
export function validateConfig(raw: unknown, source = 'config'): ClipConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error(`${source}: expected a JSON object with CLIP's constructor arguments`);
  }
  const obj = raw as Record<string, unknown>;
  const out: Record<string, number> = {};
  for (const key of CONFIG_KEYS) {
    const v = obj[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
      throw new Error(`${source}: "${key}" must be a positive integer (got ${JSON.stringify(v)})`);
    }
    out[key] = v;
  }
  const cfg = out as unknown as ClipConfig;
  if (typeof obj.vision_heads === 'number') cfg.vision_heads = obj.vision_heads;
  const problems: string[] = [];
  if (obj.hidden_act !== undefined) {
    if (!HIDDEN_ACTS.includes(obj.hidden_act as HiddenAct)) {
      throw new Error(
        `${source}: unsupported activation ${JSON.stringify(obj.hidden_act)} (hidden_act): Inside CLIP runs quick_gelu and gelu`,
      );
    }
    cfg.hidden_act = obj.hidden_act as HiddenAct;
  }
  if (obj.layer_norm_eps !== undefined) {
    const eps = obj.layer_norm_eps;
    if (typeof eps !== 'number' || !(eps > 0 && eps < 1)) {
      throw new Error(
        `${source}: "layer_norm_eps" must be a number between 0 and 1 (got ${JSON.stringify(eps)})`,
      );
    }
    cfg.layer_norm_eps = eps;
  }
  if (obj.token_ids !== undefined) {
    const ids = obj.token_ids;
    if (!Array.isArray(ids) || !ids.every((v) => Number.isInteger(v) && v >= 0)) {
      problems.push('token_ids must be a list of non-negative integer BPE ids');
    } else if (ids.length + 1 !== cfg.vocab_size) {
      problems.push(`vocab_size ${cfg.vocab_size} must be token_ids.length + 1 = ${ids.length + 1}`);
    } else cfg.token_ids = ids as number[];
  }
  if (cfg.transformer_width % cfg.transformer_heads !== 0) {
    problems.push(
      `transformer_width ${cfg.transformer_width} is not divisible by transformer_heads ${cfg.transformer_heads}`,
    );
  }
  const vh = visionHeads(cfg);
  if (vh < 1 || cfg.vision_width % vh !== 0) {
    problems.push(`vision_width ${cfg.vision_width} gives ${vh} vision heads (OpenAI uses width / 64)`);
  }
  if (cfg.image_resolution % cfg.vision_patch_size !== 0) {
    problems.push(
      `image_resolution ${cfg.image_resolution} is not a multiple of vision_patch_size ${cfg.vision_patch_size}`,
    );
  }
  if (problems.length > 0) throw new Error(`${source}: ${problems.join('; ')}`);
  return cfg;
}

/**
 * OpenAI's build_model rule: every size is read off a tensor shape; text heads = width / 64.
 * Shapes map OpenAI names to dimensions.
 */
export function inferConfig(shapes: Record<string, readonly number[]>): ClipConfig {
  const dim = (name: string, axis: number): number => {
    const s = shapes[name];
    const v = s?.[axis < 0 ? s.length + axis : axis];
    if (v === undefined) throw new Error(`cannot infer the config: tensor "${name}" is missing`);
    return v;
  };
  if (Object.keys(shapes).some((k) => k.startsWith('visual.layer1.'))) {
    throw new Error('ResNet image towers (RN50, RN101, ...) are not supported; use a ViT checkpoint');
  }
  const count = (stack: string): number =>
    new Set(
      Object.keys(shapes)
        .filter((k) => k.startsWith(`${stack}.resblocks.`))
        .map((k) => k.slice(stack.length + '.resblocks.'.length).split('.')[0]),
    ).size;
  const patch = dim('visual.conv1.weight', -1);
  const grid = Math.round(Math.sqrt(dim('visual.positional_embedding', 0) - 1));
  const width = dim('ln_final.weight', 0);
  if (width % 64 !== 0) {
    throw new Error(
      `cannot infer text heads: transformer_width ${width} is not a multiple of 64 (OpenAI's rule); pass a config`,
    );
  }
  return validateConfig(
    {
      embed_dim: dim('text_projection', 1),
      image_resolution: patch * grid,
      vision_layers: count('visual.transformer'),
      vision_width: dim('visual.conv1.weight', 0),
      vision_patch_size: patch,
      context_length: dim('positional_embedding', 0),
      vocab_size: dim('token_embedding.weight', 0),
      transformer_width: width,
      transformer_heads: width / 64,
      transformer_layers: count('transformer'),
    },
    'inferred config',
  );
}

/** The temperature a fresh model starts at (CLIP's initial logit_scale is ln(1 / 0.07)). */
export const INITIAL_TEMPERATURE = 0.07;
