// <Fact> values: a config field or a derived size of ViT-B/32, ViT-B/16, ViT-L/14 (src/clip/configs) or the
// shipped tiny model (public/models/tiny/manifest.json). Unknown models or fields fail the build.
import { type ClipConfig, PRESETS } from '../../src/clip/config';
import { configFact } from './config-fact';
import { tinyConfig } from './model';

export function configOf(model: string): ClipConfig {
  if (model === 'tiny') return tinyConfig();
  const cfg = PRESETS[model];
  if (!cfg || model === 'tiny-reference') {
    throw new Error(`<Fact model="${model}">: use ViT-B/32, ViT-B/16, ViT-L/14 or tiny`);
  }
  return cfg;
}

export function factValue(model: string, field: string): number {
  return configFact(configOf(model), field);
}
