// OpenAI-named CLIP weights as a Hugging Face CLIPModel repository holds them, for the hub bench: the
// state_dict names of transformers' CLIPModel (q, k and v split, both projections stored as Linear weights,
// position_ids buffers included) and a config.json of the same form as the hub's. Written here, apart from
// the loader (src/clip/checkpoint-names.ts), so reading the result back checks one against the other.
import type { ClipConfig } from '../../src/clip/config';
import { dims } from '../../src/clip/config';

type Tensor = { shape: number[]; data: Float32Array };
export type Named = [string, Tensor];

const BLOCK: Record<string, string> = {
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
const TOP: Record<string, string> = {
  'token_embedding.weight': 'text_model.embeddings.token_embedding.weight',
  positional_embedding: 'text_model.embeddings.position_embedding.weight',
  'ln_final.weight': 'text_model.final_layer_norm.weight',
  'ln_final.bias': 'text_model.final_layer_norm.bias',
  'visual.class_embedding': 'vision_model.embeddings.class_embedding',
  'visual.conv1.weight': 'vision_model.embeddings.patch_embedding.weight',
  'visual.positional_embedding': 'vision_model.embeddings.position_embedding.weight',
  'visual.ln_pre.weight': 'vision_model.pre_layrnorm.weight', // sic: transformers' spelling
  'visual.ln_pre.bias': 'vision_model.pre_layrnorm.bias',
  'visual.ln_post.weight': 'vision_model.post_layernorm.weight',
  'visual.ln_post.bias': 'vision_model.post_layernorm.bias',
  logit_scale: 'logit_scale',
};

/** [rows, cols] → [cols, rows] (OpenAI's x @ proj is HF's Linear with the transposed weight). */
export function transposed(t: Tensor): Tensor {
  const [rows, cols] = t.shape as [number, number];
  const data = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) data[c * rows + r] = t.data[r * cols + c]!;
  return { shape: [cols, rows], data };
}

const ramp = (n: number): Tensor => ({
  shape: [1, n],
  data: Float32Array.from({ length: n }, (_, i) => i),
});

/** The tensors of transformers' CLIPModel.state_dict() for these weights, in a hub file's order. */
export function exportHf(cfg: ClipConfig, weights: Iterable<[string, Tensor]>): Named[] {
  const out: Named[] = [
    ['text_model.embeddings.position_ids', ramp(cfg.context_length)],
    ['vision_model.embeddings.position_ids', ramp(dims(cfg).visionTokens)],
  ];
  for (const [name, t] of weights) {
    if (name === 'text_projection') out.push(['text_projection.weight', transposed(t)]);
    else if (name === 'visual.proj') out.push(['visual_projection.weight', transposed(t)]);
    else if (TOP[name]) out.push([TOP[name], t]);
    else {
      const m = /^(visual\.)?transformer\.resblocks\.(\d+)\.(.+)$/.exec(name);
      if (!m) throw new Error(`no Hugging Face name for ${name}`);
      const prefix = `${m[1] ? 'vision' : 'text'}_model.encoder.layers.${m[2]}.`;
      const part = m[3]!;
      if (part === 'attn.in_proj_weight' || part === 'attn.in_proj_bias') {
        const kind = part.endsWith('weight') ? 'weight' : 'bias';
        const third = t.data.length / 3;
        ['q', 'k', 'v'].forEach((p, i) => {
          out.push([
            `${prefix}self_attn.${p}_proj.${kind}`,
            {
              shape: [t.shape[0]! / 3, ...t.shape.slice(1)],
              data: t.data.subarray(i * third, (i + 1) * third),
            },
          ]);
        });
      } else if (BLOCK[part]) out.push([prefix + BLOCK[part], t]);
      else throw new Error(`no Hugging Face name for ${name}`);
    }
  }
  return out;
}

/** A hub config.json (the form of openai/clip-vit-base-patch32's) for an OpenAI-shaped config. */
export function hfConfig(cfg: ClipConfig): Record<string, unknown> {
  const d = dims(cfg);
  const common = { hidden_act: cfg.hidden_act ?? 'quick_gelu', layer_norm_eps: cfg.layer_norm_eps ?? 1e-5 };
  return {
    architectures: ['CLIPModel'],
    model_type: 'clip',
    projection_dim: cfg.embed_dim,
    logit_scale_init_value: 2.6592,
    initializer_factor: 1.0,
    torch_dtype: 'float32',
    text_config: {
      model_type: 'clip_text_model',
      hidden_size: cfg.transformer_width,
      intermediate_size: 4 * cfg.transformer_width,
      num_attention_heads: cfg.transformer_heads,
      num_hidden_layers: cfg.transformer_layers,
      max_position_embeddings: cfg.context_length,
      vocab_size: cfg.vocab_size,
      projection_dim: cfg.embed_dim,
      bos_token_id: 49406,
      eos_token_id: 49407,
      pad_token_id: 1,
      ...common,
    },
    vision_config: {
      model_type: 'clip_vision_model',
      hidden_size: cfg.vision_width,
      intermediate_size: 4 * cfg.vision_width,
      num_attention_heads: d.visionHeads,
      num_hidden_layers: cfg.vision_layers,
      image_size: cfg.image_resolution,
      patch_size: cfg.vision_patch_size,
      num_channels: 3,
      projection_dim: cfg.embed_dim,
      ...common,
    },
  };
}
