// Drawing <VisionFilters /> from its data: the same functions paint the build-time first view (through
// happy-dom, from the tiny model) and redraw in the page (a page of filters, another patch, another model).
import { heatmap } from '../../../src/viz/heatmap';
import type { Matrix } from '../../../src/viz/matrix';
import { formatValue } from '../../../src/viz/scales';
import { type TileSet, filterMosaic, positionGrid } from '../../../src/viz/vision-weights';
import {
  type PositionSimilarity,
  extremes,
  neighbourCount,
  similarityMap,
} from '../../../src/lab/vision-weights';
import { part } from '../../../src/viz/dom';
import type { VisionStrings } from './vision-strings';

export type VisionShow = 'filters' | 'positions' | 'both';

export const CONV1 = 'visual.conv1.weight';
export const POSITIONS = 'visual.positional_embedding';

/** Filters on the first page: the page size the control starts at. */
export const FILTERS_PER_PAGE = 32;

/** What the page script reads: the figure's data for the tiny model, small enough to ship in the page. */
export interface VisionConfig {
  lang: string;
  show: VisionShow;
  model: string;
  perPage: number;
  /** The patch whose map is drawn large (row * g + col). */
  selected: number;
  /** The tiles as base64 bytes (FilterTiles.rgb), each filter's range, and conv1's width. */
  filters?: { count: number; patch: number; rgb: string; min: number[]; max: number[] };
  positions?: { grid: number; values: number[] };
}

/** The patch drawn large at first: the centre of the grid. */
export function centrePatch(g: number): number {
  return Math.floor(g / 2) * g + Math.floor(g / 2);
}

/** The caption's note: what is drawn, from which model, and (positions) how many nearest ones are neighbours. */
export function visionNote(
  s: VisionStrings,
  tiles: TileSet | null,
  sim: PositionSimilarity | null,
  model: string,
): string {
  const notes: string[] = [];
  if (tiles) notes.push(s.filtersNote(tiles.count, tiles.patch, model));
  if (sim) notes.push(s.positionsNote(sim.grid, model), s.neighbours(neighbourCount(sim), sim.grid ** 2));
  return notes.join(' ');
}

export function drawFilters(
  body: HTMLElement,
  tiles: TileSet,
  s: VisionStrings,
  start: number,
  end: number,
): void {
  filterMosaic(part(body, 'filters', s.filtersHeading), tiles, {
    title: s.filtersLabel,
    help: s.filtersHelp,
    start,
    end,
    describe: (i) => s.filterAt(i, formatValue(tiles.min[i]!), formatValue(tiles.max[i]!)),
    table: { caption: s.table, filter: s.filter, min: s.min, max: s.max },
    sym: 'conv1-weight',
  });
}

const numbers = (g: number): string[] => Array.from({ length: g }, (_, k) => String(k + 1));

/** The selected patch's g × g map, as the heat map draws it (and the CSV of the whole grid). */
export function selectedMap(sim: PositionSimilarity, p: number, s: VisionStrings): Matrix {
  return {
    rows: sim.grid,
    cols: sim.grid,
    values: similarityMap(sim, p),
    rowLabels: numbers(sim.grid),
    colLabels: numbers(sim.grid),
    rowName: s.row,
    colName: s.column,
  };
}

/** Every position against every other, [g², g²], rows and columns named "row,column" (1-based). */
export function similarityMatrix(sim: PositionSimilarity): Matrix {
  const g = sim.grid;
  const names = Array.from({ length: g * g }, (_, p) => `${Math.floor(p / g) + 1},${(p % g) + 1}`);
  return { rows: g * g, cols: g * g, values: sim.values, rowLabels: names, colLabels: names };
}

export function drawPositions(
  body: HTMLElement,
  sim: PositionSimilarity,
  s: VisionStrings,
  selected: number,
  onSelect: (p: number) => void = () => {},
): void {
  const g = sim.grid;
  const rc = (p: number): [number, number] => [Math.floor(p / g) + 1, (p % g) + 1];
  const describe = (p: number): string => {
    const e = extremes(sim, p);
    return s.positionAt(
      ...rc(p),
      p + 1,
      s.place(...rc(e.nearest)),
      formatValue(e.nearestCos),
      s.place(...rc(e.farthest)),
      formatValue(e.farthestCos),
    );
  };
  const drawMap = (p: number): void => {
    heatmap(part(body, 'position-map', s.selectedHeading(...rc(p))), selectedMap(sim, p, s), {
      title: s.mapTitle(...rc(p)),
      kind: 'diverging',
      domain: [-1, 1],
      // Wide enough for the printed cosines (up to 8 characters) while g ≤ 7; 300 px beyond that.
      width: g <= 7 ? 400 : 300,
      sym: 'positional-similarity',
    });
  };
  positionGrid(part(body, 'positions', s.positionsHeading), sim, {
    title: s.positionsLabel,
    help: s.positionsHelp(g),
    selected,
    describe,
    onSelect(p) {
      drawMap(p);
      onSelect(p);
    },
    sym: 'positional-similarity',
  });
  drawMap(selected);
}
