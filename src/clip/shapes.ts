// The parameter names and shapes of a ViT CLIP, from its config alone. Kept apart from weights.ts so
// that page code (the model picker's memory estimate) can use it without pulling in TF.js.
import { type ClipConfig, dims } from './config';

/** The blocks of one stack ('transformer', 'visual.transformer'), named `${stack}.resblocks.{l}`. */
function blockShapes(stack: string, width: number, layers: number): [string, number[]][] {
  const out: [string, number[]][] = [];
  for (let l = 0; l < layers; l++) {
    const p = `${stack}.resblocks.${l}.`;
    out.push(
      [`${p}attn.in_proj_weight`, [3 * width, width]],
      [`${p}attn.in_proj_bias`, [3 * width]],
      [`${p}attn.out_proj.weight`, [width, width]],
      [`${p}attn.out_proj.bias`, [width]],
      [`${p}ln_1.weight`, [width]],
      [`${p}ln_1.bias`, [width]],
      [`${p}mlp.c_fc.weight`, [4 * width, width]],
      [`${p}mlp.c_fc.bias`, [4 * width]],
      [`${p}mlp.c_proj.weight`, [width, 4 * width]],
      [`${p}mlp.c_proj.bias`, [width]],
      [`${p}ln_2.weight`, [width]],
      [`${p}ln_2.bias`, [width]],
    );
  }
  return out;
}

/** Every parameter a ViT CLIP of this config has, with its shape, in OpenAI's state_dict order. */
export function expectedShapes(cfg: ClipConfig): Map<string, number[]> {
  const d = dims(cfg);
  const w = cfg.transformer_width;
  const vw = cfg.vision_width;
  return new Map<string, number[]>([
    ['positional_embedding', [cfg.context_length, w]],
    ['text_projection', [w, cfg.embed_dim]],
    ['logit_scale', []],
    ['visual.class_embedding', [vw]],
    ['visual.positional_embedding', [d.visionTokens, vw]],
    ['visual.proj', [vw, cfg.embed_dim]],
    ['visual.conv1.weight', [vw, 3, d.patch, d.patch]],
    ['visual.ln_pre.weight', [vw]],
    ['visual.ln_pre.bias', [vw]],
    ...blockShapes('visual.transformer', vw, cfg.vision_layers),
    ['visual.ln_post.weight', [vw]],
    ['visual.ln_post.bias', [vw]],
    ...blockShapes('transformer', w, cfg.transformer_layers),
    ['token_embedding.weight', [cfg.vocab_size, w]],
    ['ln_final.weight', [w]],
    ['ln_final.bias', [w]],
  ]);
}
