// Hub config.json → ClipConfig (src/weights/hf-config.ts): the reference HF files, transformers' defaults,
// presets, and one clear sentence for each kind of bad file.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRESETS, validateConfig } from '../../src/clip/config';
import { fromHfConfig, isHfConfig } from '../../src/weights/hf-config';
import { REFERENCE, TINY_A } from '../helpers/reference';

const HF_TINY = resolve(REFERENCE, 'hf-tiny-clip-a');
const json = (path: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
const hfTiny = json(resolve(HF_TINY, 'config.json'));
const openaiTiny = json(resolve(TINY_A, 'config.json'));

/** hfTiny with one tower key replaced (undefined deletes it). */
function withTower(tower: 'text_config' | 'vision_config', key: string, value: unknown) {
  const t = { ...(hfTiny[tower] as Record<string, unknown>), [key]: value };
  if (value === undefined) delete t[key];
  return { ...hfTiny, [tower]: t };
}

describe('fromHfConfig', () => {
  it("maps hf-tiny-clip-a's config.json to exactly tiny-clip-a's config plus both head counts", () => {
    expect(fromHfConfig(hfTiny)).toEqual({ ...openaiTiny, transformer_heads: 4, vision_heads: 1 });
  });

  it('keeps the exact GELU of config.gelu.json', () => {
    const cfg = fromHfConfig(json(resolve(HF_TINY, 'config.gelu.json')));
    expect(cfg).toEqual({ ...openaiTiny, vision_heads: 1, hidden_act: 'gelu' });
  });

  it('keeps a layer-norm epsilon other than 1e-5', () => {
    const both = withTower('text_config', 'layer_norm_eps', 1e-6);
    const cfg = fromHfConfig({
      ...both,
      vision_config: { ...(both.vision_config as object), layer_norm_eps: 1e-6 },
    });
    expect(cfg.layer_norm_eps).toBe(1e-6);
  });

  it("applies transformers' defaults to omitted keys: an empty CLIPConfig is ViT-B/32", () => {
    const vitB32 = { ...PRESETS['ViT-B/32'], vision_heads: 12 };
    expect(fromHfConfig({ model_type: 'clip', text_config: {}, vision_config: {} })).toEqual(vitB32);
    // Older hub files: values under *_config_dict override *_config, as transformers reads them.
    const legacy = {
      architectures: ['CLIPModel'],
      text_config: { hidden_size: 64 },
      text_config_dict: { hidden_size: 512, num_attention_heads: 8 },
      vision_config_dict: { patch_size: 32, image_size: 224 },
    };
    expect(fromHfConfig(legacy)).toEqual(vitB32);
  });

  it('maps a ViT-B/32- and a ViT-L/14-shaped hub config to the presets, heads from the file', () => {
    const vitB32 = {
      architectures: ['CLIPModel'],
      model_type: 'clip',
      projection_dim: 512,
      text_config: {
        hidden_size: 512,
        intermediate_size: 2048,
        num_attention_heads: 8,
        num_hidden_layers: 12,
      },
      vision_config: { hidden_size: 768, intermediate_size: 3072, num_attention_heads: 12, patch_size: 32 },
    };
    expect(fromHfConfig(vitB32)).toEqual({ ...PRESETS['ViT-B/32'], vision_heads: 12 });
    const vitL14 = {
      ...vitB32,
      projection_dim: 768,
      text_config: { hidden_size: 768, intermediate_size: 3072, num_attention_heads: 12 },
      vision_config: {
        hidden_size: 1024,
        intermediate_size: 4096,
        num_attention_heads: 16,
        num_hidden_layers: 24,
        patch_size: 14,
      },
    };
    expect(fromHfConfig(vitL14)).toEqual({ ...PRESETS['ViT-L/14'], vision_heads: 16 });
  });

  it('reads heads from the file even where OpenAI would compute width / 64', () => {
    const cfg = fromHfConfig(withTower('vision_config', 'num_attention_heads', 4));
    expect(cfg.vision_heads).toBe(4);
    expect(validateConfig(cfg)).toEqual(cfg);
  });

  const bad: [string, unknown, RegExp][] = [
    [
      'a BERT',
      { model_type: 'bert', hidden_size: 768 },
      /^config\.json is not a CLIP model \(model_type "bert"\)$/,
    ],
    [
      'a Llama',
      { architectures: ['LlamaForCausalLM'] },
      /^config\.json is not a CLIP model \(architectures \["LlamaForCausalLM"\]\)$/,
    ],
    [
      'a CLIP without vision tower',
      { model_type: 'clip', text_config: {} },
      /^config\.json is not a CLIP model \(no vision_config\)$/,
    ],
    ['an array', [1, 2], /^config\.json is not a CLIP model \(not a JSON object\)$/],
    [
      'a string head count',
      withTower('text_config', 'num_attention_heads', 'x'),
      /^config\.json: text_config\.num_attention_heads must be a positive integer \(got "x"\)$/,
    ],
    [
      'a null layer count',
      withTower('vision_config', 'num_hidden_layers', null),
      /^config\.json: vision_config\.num_hidden_layers must be a positive integer \(got null\)$/,
    ],
    [
      'ReLU',
      withTower('text_config', 'hidden_act', 'relu'),
      /^config\.json: unsupported activation "relu" \(text_config\.hidden_act\): Inside CLIP runs quick_gelu and gelu$/,
    ],
    [
      'towers with different activations',
      withTower('vision_config', 'hidden_act', 'gelu'),
      /text_config\.hidden_act "quick_gelu" and vision_config\.hidden_act "gelu" differ/,
    ],
    [
      'towers with different epsilons',
      withTower('text_config', 'layer_norm_eps', 1e-6),
      /text_config\.layer_norm_eps 0\.000001 and vision_config\.layer_norm_eps 0\.00001 differ/,
    ],
    [
      'a 3x MLP',
      withTower('text_config', 'intermediate_size', 96),
      /^config\.json: text_config\.intermediate_size must be 4 × hidden_size = 128 \(got 96\)/,
    ],
    [
      'heads that do not divide the width',
      withTower('text_config', 'num_attention_heads', 5),
      /text_config\.hidden_size 32 is not divisible by text_config\.num_attention_heads 5/,
    ],
    [
      'a grey-scale model',
      withTower('vision_config', 'num_channels', 1),
      /vision_config\.num_channels must be 3 \(got 1\)/,
    ],
    [
      'a patch that does not tile the image',
      withTower('vision_config', 'patch_size', 5),
      /vision_config\.image_size 32 is not a multiple of vision_config\.patch_size 5/,
    ],
    [
      'a bad epsilon',
      withTower('text_config', 'layer_norm_eps', '1e-5'),
      /text_config\.layer_norm_eps must be a number/,
    ],
    [
      'a bad projection',
      { ...hfTiny, projection_dim: 0 },
      /projection_dim must be a positive integer \(got 0\)/,
    ],
  ];
  it.each(bad)('refuses %s with one sentence naming the key', (_, raw, message) => {
    expect(() => fromHfConfig(raw)).toThrow(message);
  });

  it('names the file it was given', () => {
    expect(() => fromHfConfig({ model_type: 'bert' }, 'owner/repo config.json')).toThrow(
      /^owner\/repo config\.json is not a CLIP model/,
    );
  });
});

describe('isHfConfig', () => {
  it("tells a hub config from the project's own form", () => {
    expect(isHfConfig(hfTiny)).toBe(true);
    expect(isHfConfig({ model_type: 'bert' })).toBe(true);
    expect(isHfConfig({ text_config_dict: {} })).toBe(true);
    expect(isHfConfig(openaiTiny)).toBe(false);
    expect(isHfConfig(PRESETS['ViT-B/32'])).toBe(false);
    expect(isHfConfig(null)).toBe(false);
    expect(isHfConfig('clip')).toBe(false);
  });
});

describe('validateConfig on the new keys', () => {
  it('accepts both activations and an epsilon, and names a bad activation', () => {
    expect(validateConfig({ ...openaiTiny, hidden_act: 'gelu', layer_norm_eps: 1e-6 })).toMatchObject({
      hidden_act: 'gelu',
      layer_norm_eps: 1e-6,
    });
    expect(validateConfig(openaiTiny)).not.toHaveProperty('hidden_act');
    expect(() => validateConfig({ ...openaiTiny, hidden_act: 'relu' })).toThrow(
      'config: unsupported activation "relu" (hidden_act): Inside CLIP runs quick_gelu and gelu',
    );
    expect(() => validateConfig({ ...openaiTiny, layer_norm_eps: -1 })).toThrow(
      /"layer_norm_eps" must be a number between 0 and 1 \(got -1\)/,
    );
  });
});
