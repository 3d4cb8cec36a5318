// What a prerendered figure hands to the page script: its kind, the lesson's props, the model sizes the
// controls need, and (for the small similarity and loss figures) the build-time run itself, so their
// temperature slider works before any model loads. Serialised into a JSON <script>, '<' escaped.
import { type ClipConfig, dims } from '../../../src/clip/config';
import type { FigureKind } from './kinds';
import type { Run } from './views';

export type { FigureKind };

export interface FigureConfig {
  kind: FigureKind;
  lang: string;
  stage?: string;
  texts: string[];
  images: number[];
  tower?: 'text' | 'vision';
  layer?: number;
  head?: number;
  /** Model sizes for the controls. */
  layers: number;
  heads: number;
  patch: number;
  resolution: number;
  contextLength: number;
  /** The learned temperature 1 / exp(logit_scale). */
  tau?: number;
  run?: Run;
}

export type FigureSizes = Pick<FigureConfig, 'layers' | 'heads' | 'patch' | 'resolution' | 'contextLength'>;

/** The model sizes a figure's controls need: at build time from tiny, in the page from the model in use. */
export function figureSizes(
  cfg: ClipConfig,
  tower: 'text' | 'vision' | undefined,
  stage?: string,
): FigureSizes {
  const vision = tower === 'vision' || Boolean(stage?.startsWith('visual.'));
  const d = dims(cfg);
  return {
    layers: vision ? cfg.vision_layers : cfg.transformer_layers,
    heads: vision ? d.visionHeads : d.textHeads,
    patch: cfg.vision_patch_size,
    resolution: cfg.image_resolution,
    contextLength: cfg.context_length,
  };
}

/** JSON safe inside <script type="application/json">: no '<', so no '</script>' can close it early. */
export function configJson(config: FigureConfig): string {
  return JSON.stringify(config, (_k, v: unknown) =>
    ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as Float32Array) : v,
  ).replaceAll('<', '\\u003c');
}

/** Typed arrays come back as plain arrays; views only index them, so that is enough. */
export function readConfig(el: Element): FigureConfig | null {
  const json = el.querySelector(':scope > script.fig-config')?.textContent;
  if (!json) return null;
  try {
    return JSON.parse(json) as FigureConfig;
  } catch {
    return null;
  }
}
