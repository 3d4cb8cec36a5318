// A Hugging Face CLIPConfig (the config.json of a CLIPModel repository on the hub) as the project's
// ClipConfig: OpenAI's constructor arguments plus the heads, the activation and LayerNorm's epsilon, all
// read from the file (never guessed from widths). Keys the file leaves out take transformers' defaults.
import { type ClipConfig, HIDDEN_ACTS, type HiddenAct, LN_EPS, validateConfig } from '../clip/config';

type Json = Record<string, unknown>;

// transformers' CLIPTextConfig and CLIPVisionConfig defaults (and CLIPConfig's projection_dim).
const TEXT_DEFAULTS: Json = {
  hidden_size: 512,
  intermediate_size: 2048,
  num_attention_heads: 8,
  num_hidden_layers: 12,
  max_position_embeddings: 77,
  vocab_size: 49408,
  hidden_act: 'quick_gelu',
  layer_norm_eps: 1e-5,
};
const VISION_DEFAULTS: Json = {
  hidden_size: 768,
  intermediate_size: 3072,
  num_attention_heads: 12,
  num_hidden_layers: 12,
  image_size: 224,
  patch_size: 32,
  num_channels: 3,
  hidden_act: 'quick_gelu',
  layer_norm_eps: 1e-5,
};
const PROJECTION_DIM = 512;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True for a hub config.json (model_type, architectures or tower sub-configs), false for the project's form. */
export function isHfConfig(raw: unknown): boolean {
  if (!isObject(raw) || 'transformer_width' in raw) return false;
  const hfKeys = ['model_type', 'architectures', 'text_config', 'vision_config'];
  return hfKeys.some((k) => k in raw) || 'text_config_dict' in raw || 'vision_config_dict' in raw;
}

function notClip(source: string, raw: unknown): Error {
  let why = 'not a JSON object';
  if (isObject(raw)) {
    if (raw.model_type !== undefined && raw.model_type !== 'clip') {
      why = `model_type ${JSON.stringify(raw.model_type)}`;
    } else if (raw.architectures !== undefined) {
      why = `architectures ${JSON.stringify(raw.architectures)}`;
    } else {
      why = `no ${isObject(raw.text_config ?? raw.text_config_dict) ? 'vision' : 'text'}_config`;
    }
  }
  return new Error(`${source} is not a CLIP model (${why})`);
}

function isClip(raw: unknown): raw is Json {
  if (!isObject(raw)) return false;
  if (raw.model_type !== undefined && raw.model_type !== 'clip') return false;
  const arch = raw.architectures;
  if (arch !== undefined && !(Array.isArray(arch) && arch.includes('CLIPModel'))) return false;
  const has = (tower: string) => isObject(raw[`${tower}_config`]) || isObject(raw[`${tower}_config_dict`]);
  return has('text') && has('vision');
}

/** One tower's values as transformers reads them: defaults, then <tower>_config, then <tower>_config_dict. */
function tower(raw: Json, name: 'text' | 'vision', source: string) {
  const defaults = name === 'text' ? TEXT_DEFAULTS : VISION_DEFAULTS;
  const given = raw[`${name}_config`];
  const legacy = raw[`${name}_config_dict`];
  const values: Json = {
    ...defaults,
    ...(isObject(given) ? given : {}),
    ...(isObject(legacy) ? legacy : {}),
  };
  const where = `${name}_config`;
  const int = (key: string): number => {
    const v = values[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
      throw new Error(`${source}: ${where}.${key} must be a positive integer (got ${JSON.stringify(v)})`);
    }
    return v;
  };
  const act = values.hidden_act;
  if (!HIDDEN_ACTS.includes(act as HiddenAct)) {
    throw new Error(
      `${source}: unsupported activation ${JSON.stringify(act)} (${where}.hidden_act): Inside CLIP runs quick_gelu and gelu`,
    );
  }
  const eps = values.layer_norm_eps;
  if (typeof eps !== 'number' || !(eps > 0 && eps < 1)) {
    throw new Error(
      `${source}: ${where}.layer_norm_eps must be a number between 0 and 1 (got ${JSON.stringify(eps)})`,
    );
  }
  const width = int('hidden_size');
  const heads = int('num_attention_heads');
  if (width % heads !== 0) {
    throw new Error(
      `${source}: ${where}.hidden_size ${width} is not divisible by ${where}.num_attention_heads ${heads}`,
    );
  }
  // OpenAI's MLP is 4 x width wide; shapes.ts and init.ts build exactly that.
  const inner = int('intermediate_size');
  if (inner !== 4 * width) {
    throw new Error(
      `${source}: ${where}.intermediate_size must be 4 × hidden_size = ${4 * width} (got ${inner}); Inside CLIP runs OpenAI's MLP`,
    );
  }
  return { where, int, width, heads, act: act as HiddenAct, eps };
}

/** Maps a hub CLIPConfig to ClipConfig, or throws one sentence naming the key and its value. */
export function fromHfConfig(raw: unknown, source = 'config.json'): ClipConfig {
  if (!isClip(raw)) throw notClip(source, raw);
  const text = tower(raw, 'text', source);
  const vision = tower(raw, 'vision', source);
  if (text.act !== vision.act) {
    throw new Error(
      `${source}: text_config.hidden_act "${text.act}" and vision_config.hidden_act "${vision.act}" differ; Inside CLIP runs one activation in both towers`,
    );
  }
  if (text.eps !== vision.eps) {
    throw new Error(
      `${source}: text_config.layer_norm_eps ${text.eps} and vision_config.layer_norm_eps ${vision.eps} differ; Inside CLIP uses one epsilon in both towers`,
    );
  }
  const channels = vision.int('num_channels');
  if (channels !== 3) {
    throw new Error(
      `${source}: vision_config.num_channels must be 3 (got ${channels}); CLIP reads RGB images`,
    );
  }
  const image = vision.int('image_size');
  const patch = vision.int('patch_size');
  if (image % patch !== 0) {
    throw new Error(
      `${source}: vision_config.image_size ${image} is not a multiple of vision_config.patch_size ${patch}`,
    );
  }
  const projection = raw.projection_dim ?? PROJECTION_DIM;
  if (typeof projection !== 'number' || !Number.isInteger(projection) || projection <= 0) {
    throw new Error(
      `${source}: projection_dim must be a positive integer (got ${JSON.stringify(projection)})`,
    );
  }
  const cfg: Json = {
    embed_dim: projection,
    image_resolution: image,
    vision_layers: vision.int('num_hidden_layers'),
    vision_width: vision.width,
    vision_patch_size: patch,
    context_length: text.int('max_position_embeddings'),
    vocab_size: text.int('vocab_size'),
    transformer_width: text.width,
    transformer_heads: text.heads,
    transformer_layers: text.int('num_hidden_layers'),
    vision_heads: vision.heads,
  };
  // OpenAI's values stay implicit, so an OpenAI-shaped hub model gives exactly OpenAI's config.
  if (text.act !== 'quick_gelu') cfg.hidden_act = text.act;
  if (text.eps !== LN_EPS) cfg.layer_norm_eps = text.eps;
  return validateConfig(cfg, source);
}
