// The words of <VisionFilters /> ("what the image tower learned"): headings, captions, controls and what
// the keyboard announces, in English and Spanish. Numbers come in as arguments, read from the weights.
const en = {
  filtersHeading: 'The filters of conv1',
  positionsHeading: 'Every patch position against every other',
  selectedHeading: (r: number, c: number) => `Patch at row ${r}, column ${c}`,
  filtersLabel: "conv1's filters as colour tiles",
  positionsLabel: 'Cosine similarity of the positional embeddings',
  filtersNote: (width: number, patch: number, model: string) =>
    `visual.conv1.weight of the ${model} model: each of its ${width} filters is a ${patch} × ${patch} tile whose ` +
    `red, green and blue are the weights it applies to those channels. Each tile is scaled on its own, from ` +
    `its smallest weight (0) to its largest (1), so the tiles compare patterns, not sizes.`,
  positionsNote: (g: number, model: string) =>
    `visual.positional_embedding of the ${model} model, the class token's row left out: block (row, column) ` +
    `is the cosine between that patch position's embedding and each of the ${g * g} positions, ` +
    `from −1 (blue) through 0 (white) to 1 (red).`,
  neighbours: (k: number, n: number) =>
    `For ${k} of the ${n} positions, the most similar other position is a neighbour on the grid (it shares a side or a corner).`,
  perPage: 'Filters shown',
  all: 'all',
  previous: 'Previous',
  next: 'Next',
  range: (a: number, b: number, n: number) => `filters ${a}–${b} of ${n}`,
  filtersHelp: 'Each tile is one filter; use the arrow keys or click a tile to read its range of weights.',
  filterAt: (i: number, min: string, max: string) => `filter ${i}: weights from ${min} (0) to ${max} (1)`,
  table: 'Range of each filter’s weights',
  filter: 'filter',
  min: 'smallest',
  max: 'largest',
  positionsHelp: (g: number) =>
    `${g} by ${g} small maps, one per patch position; use the arrow keys or click to pick a patch and see its map large.`,
  positionAt: (
    r: number,
    c: number,
    token: number,
    near: string,
    nearCos: string,
    far: string,
    farCos: string,
  ) =>
    `patch at row ${r}, column ${c} (token ${token}): most like ${near} (cosine ${nearCos}), least like ${far} (cosine ${farCos})`,
  place: (r: number, c: number) => `row ${r}, column ${c}`,
  mapTitle: (r: number, c: number) => `Cosine of the patch at row ${r}, column ${c} with every position`,
  row: 'row',
  column: 'column',
  read: (model: string, backend: string) =>
    `Read from the weights of the ${model} model in your browser (${backend}).`,
};

export type VisionStrings = typeof en;

/** The model's name as the Spanish lessons say it (docs/glossary-es.md: «el modelo pequeño»). */
const nombre = (model: string): string => (model === 'tiny' ? 'pequeño' : model);

const es: VisionStrings = {
  filtersHeading: 'Los filtros de conv1',
  positionsHeading: 'Cada posición de parche frente a las demás',
  selectedHeading: (r, c) => `Parche de la fila ${r}, columna ${c}`,
  filtersLabel: 'Los filtros de conv1 como teselas de color',
  positionsLabel: 'Similitud coseno de los embeddings posicionales',
  filtersNote: (width, patch, model) =>
    `visual.conv1.weight del modelo ${nombre(model)}: cada uno de sus ${width} filtros es una tesela de ${patch} × ${patch} ` +
    `cuyo rojo, verde y azul son los pesos que aplica a esos canales. Cada tesela se escala por separado, de su ` +
    `peso más pequeño (0) al más grande (1), así que las teselas comparan formas, no tamaños.`,
  positionsNote: (g, model) =>
    `visual.positional_embedding del modelo ${nombre(model)}, sin la fila del token de clase: el bloque (fila, columna) ` +
    `es el coseno entre el embedding de esa posición y el de cada una de las ${g * g} posiciones, ` +
    `de −1 (azul) a 1 (rojo), pasando por 0 (blanco).`,
  neighbours: (k, n) =>
    `En ${k} de las ${n} posiciones, la otra posición más parecida es vecina suya en la cuadrícula (comparte lado o esquina).`,
  perPage: 'Filtros visibles',
  all: 'todos',
  previous: 'Anteriores',
  next: 'Siguientes',
  range: (a, b, n) => `filtros ${a}–${b} de ${n}`,
  filtersHelp:
    'Cada tesela es un filtro; usa las flechas o haz clic en una tesela para leer el rango de sus pesos.',
  filterAt: (i, min, max) => `filtro ${i}: pesos de ${min} (0) a ${max} (1)`,
  table: 'Rango de los pesos de cada filtro',
  filter: 'filtro',
  min: 'mínimo',
  max: 'máximo',
  positionsHelp: (g) =>
    `${g} por ${g} mapas pequeños, uno por posición de parche; usa las flechas o haz clic para elegir un parche y ver su mapa en grande.`,
  positionAt: (r, c, token, near, nearCos, far, farCos) =>
    `parche de la fila ${r}, columna ${c} (token ${token}): se parece más a ${near} (coseno ${nearCos}) y menos a ${far} (coseno ${farCos})`,
  place: (r, c) => `la fila ${r}, columna ${c}`,
  mapTitle: (r, c) => `Coseno del parche de la fila ${r}, columna ${c} con cada posición`,
  row: 'fila',
  column: 'columna',
  read: (model, backend) => `Leído de los pesos del modelo ${nombre(model)} en tu navegador (${backend}).`,
};

export function visionStrings(lang: string): VisionStrings {
  return lang.startsWith('es') ? es : en;
}
