// <Fact> values: a config field or a derived size of ViT-B/32, ViT-B/16, ViT-L/14 (src/clip/configs) or the
// shipped tiny model (public/models/tiny/manifest.json). Unknown models or fields fail the build.
import { CONFIG_KEYS, type ClipConfig, PRESETS, dims } from '../../src/clip/config';
import { expectedShapes } from '../../src/clip/weights';
import { tinyConfig } from './model';

const DERIVED = [
  'vision_heads',
  'grid',
  'vision_tokens',
  'text_head_dim',
  'vision_head_dim',
  'parameters',
] as const;

export function configOf(model: string): ClipConfig {
  if (model === 'tiny') return tinyConfig();
  const cfg = PRESETS[model];
  if (!cfg || model === 'tiny-reference') {
    throw new Error(`<Fact model="${model}">: use ViT-B/32, ViT-B/16, ViT-L/14 or tiny`);
  }
  return cfg;
}

export function factValue(model: string, field: string): number {
  const cfg = configOf(model);
  const d = dims(cfg);
  if ((CONFIG_KEYS as readonly string[]).includes(field)) return cfg[field as (typeof CONFIG_KEYS)[number]];
  switch (field as (typeof DERIVED)[number]) {
    case 'vision_heads':
      return d.visionHeads;
    case 'grid':
      return d.grid;
    case 'vision_tokens':
      return d.visionTokens;
    case 'text_head_dim':
      return d.textHeadDim;
    case 'vision_head_dim':
      return d.visionHeadDim;
    case 'parameters':
      return [...expectedShapes(cfg).values()].reduce(
        (sum, shape) => sum + shape.reduce((a, b) => a * b, 1),
        0,
      );
    default:
      throw new Error(
        `<Fact field="${field}">: not a config field (${CONFIG_KEYS.join(', ')}) or a derived one (${DERIVED.join(', ')})`,
      );
  }
}
