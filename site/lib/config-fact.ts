// One number about a model, read from its config: a config field or a derived size. Pure (no Node, no
// TF.js), so the build's <Fact> and the page's <LiveFact> read a config the same way.
import { CONFIG_KEYS, type ClipConfig, dims } from '../../src/clip/config';
import { expectedShapes } from '../../src/clip/shapes';

export const DERIVED = [
  'vision_heads',
  'grid',
  'vision_tokens',
  'text_head_dim',
  'vision_head_dim',
  'parameters',
] as const;

export function isFactField(field: string): boolean {
  return (CONFIG_KEYS as readonly string[]).includes(field) || (DERIVED as readonly string[]).includes(field);
}

export function configFact(cfg: ClipConfig, field: string): number {
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
