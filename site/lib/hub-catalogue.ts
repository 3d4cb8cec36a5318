// The hub models the panel offers in one click. Pinned to `main`: no commit hash could be established from
// here, so each load resolves main to its commit first, names the model by it, and checks every weight
// file against the sha256 the hub lists for it as it streams.
import { type ClipConfig, PRESETS } from '../../src/clip/config';
import { expectedShapes } from '../../src/clip/shapes';
import { SPEED, type SpeedEstimate } from './speed';

export interface CatalogueEntry {
  label: string;
  repo: string;
  /** The name of its shape in PRESETS, which the bench times. */
  preset: string;
  config: ClipConfig;
  /** What `npm run bench` measured on random weights of this shape. */
  speed: SpeedEstimate | undefined;
}

const entry = (label: string, repo: string, preset: string): CatalogueEntry => ({
  label,
  repo,
  preset,
  config: PRESETS[preset]!,
  speed: SPEED[preset],
});

export const CATALOGUE: CatalogueEntry[] = [
  entry('OpenAI ViT-B/32', 'openai/clip-vit-base-patch32', 'ViT-B/32'),
  entry('OpenAI ViT-B/16', 'openai/clip-vit-base-patch16', 'ViT-B/16'),
  entry('OpenAI ViT-L/14', 'openai/clip-vit-large-patch14', 'ViT-L/14'),
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
