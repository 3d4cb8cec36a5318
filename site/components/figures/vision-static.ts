// Build time: <VisionFilters />'s first paint and config, from the tiny model's weights as the build's
// engine holds them (the same Engine.weights the worker answers with), drawn by the page's own code.
import { filterPage, filterTiles, positionSimilarity } from '../../../src/lab/vision-weights';
import { setVizLang } from '../../../src/viz/strings';
import {
  CONV1,
  FILTERS_PER_PAGE,
  POSITIONS,
  type VisionConfig,
  type VisionShow,
  centrePatch,
  drawFilters,
  drawPositions,
  visionNote,
} from './vision-draw';
import { visionStrings } from './vision-strings';
import { buildEngine } from '../../lib/model';
import { renderStatic } from '../../lib/static-dom';

export interface StaticVision {
  html: string;
  config: VisionConfig;
  label: string;
  note: string;
}

/** Cosines kept to 5 decimals in the page (the first paint is drawn from the same rounded values). */
const round5 = (v: number): number => Math.round(v * 1e5) / 1e5;

export async function staticVision(show: VisionShow, lang: string): Promise<StaticVision> {
  const engine = await buildEngine();
  const names = [...(show !== 'positions' ? [CONV1] : []), ...(show !== 'filters' ? [POSITIONS] : [])];
  const { weights, model } = engine.weights({ type: 'weights', id: 0, channel: 'build', names });
  const s = visionStrings(lang);
  const config: VisionConfig = { lang, show, model, perPage: FILTERS_PER_PAGE, selected: 0 };
  const conv = weights[CONV1];
  const pos = weights[POSITIONS];
  const tiles = conv ? filterTiles(conv.data, conv.shape) : null;
  const sim = pos ? positionSimilarity(pos.data, pos.shape) : null;
  if (tiles) {
    config.filters = {
      count: tiles.count,
      patch: tiles.patch,
      rgb: Buffer.from(tiles.rgb).toString('base64'),
      min: Array.from(tiles.min),
      max: Array.from(tiles.max),
    };
  }
  if (sim) {
    sim.values = Float32Array.from(sim.values, round5);
    config.positions = { grid: sim.grid, values: Array.from(sim.values) };
    config.selected = centrePatch(sim.grid);
  }
  setVizLang(lang);
  const html = renderStatic(
    (body) => {
      if (tiles) {
        const p = filterPage(tiles.count, FILTERS_PER_PAGE, 0);
        drawFilters(body, tiles, s, p.start, p.end);
      }
      if (sim) drawPositions(body, sim, s, config.selected);
    },
    { class: 'fig-body' },
  );
  const label = [tiles ? s.filtersLabel : '', sim ? s.positionsLabel : ''].filter(Boolean).join('; ');
  return { html, config, label, note: visionNote(s, tiles, sim, model) };
}
