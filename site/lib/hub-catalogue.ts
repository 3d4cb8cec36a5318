// The hub models the panel offers in one click. Pinned to `main`: no commit hash could be established from
// here, so each load resolves main to its commit first, names the model by it, and checks every weight
// file against the sha256 the hub lists for it as it streams.
import { type ClipConfig, PRESETS } from '../../src/clip/config';
import { expectedShapes } from '../../src/clip/shapes';

export interface CatalogueEntry {
  label: string;
  repo: string;
  config: ClipConfig;
}

export const CATALOGUE: CatalogueEntry[] = [
  { label: 'OpenAI ViT-B/32', repo: 'openai/clip-vit-base-patch32', config: PRESETS['ViT-B/32']! },
  { label: 'OpenAI ViT-B/16', repo: 'openai/clip-vit-base-patch16', config: PRESETS['ViT-B/16']! },
  { label: 'OpenAI ViT-L/14', repo: 'openai/clip-vit-large-patch14', config: PRESETS['ViT-L/14']! },
];

/** The float32 bytes of the weights (the hub's files are float32). */
export function float32Bytes(config: ClipConfig): number {
  let n = 0;
  for (const shape of expectedShapes(config).values()) n += shape.reduce((a, b) => a * b, 1);
  return 4 * n;
}

/** The hub's address, fixed at build time (PUBLIC_HF_ENDPOINT), never read from the page's URL. */
export const hubEndpoint = (configured: string | undefined): string =>
  (configured && /^https?:\/\/[^\s]+$/.test(configured) ? configured : 'https://huggingface.co').replace(
    /\/+$/,
    '',
  );
