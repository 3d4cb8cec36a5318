// The few words the figures say themselves (help for keyboard users, table captions, notes), in the
// site's two languages. A page sets its language once with setVizLang; build time sets it per page.

const en = {
  /** The decimal separator of numbers the figures print. */
  decimal: '.',
  table: 'Values as a table',
  tableCut: (rows: number, allRows: number, cols: number, allCols: number) =>
    `first ${rows} of ${allRows} rows and ${cols} of ${allCols} columns; download CSV for all`,
  heatmapHelp: (rows: number, cols: number) =>
    `A ${rows} by ${cols} heat map; use the arrow keys to read each value.`,
  masked: 'masked',
  row: 'row',
  column: 'column',
  patchHelp: (grid: number, patch: number) =>
    `${grid} by ${grid} patches of ${patch} by ${patch} pixels; use the arrow keys to move between patches.`,
  patchAt: (r: number, c: number, x: string, y: string, token: number) =>
    `patch row ${r}, column ${c}: pixels ${x} across, ${y} down; token ${token} (token 0 is the class embedding)`,
  window: (n: number) => `Context window of ${n} positions`,
  padding: 'padding',
  truncated: (kept: number) =>
    `The text was too long: only the first ${kept} positions are kept and the last one becomes EOT.`,
  used: (n: number, total: number) => `${n} of ${total} positions used; the rest is padding (id 0).`,
  rowsCut: (n: number, total: number) =>
    `positions 0–${n - 1} of ${total} shown: the rest is padding, which the EOT feature never reads`,
  rowsAll: (n: number, total: number) =>
    `all ${total} positions shown: 0–${n - 1} hold the text up to EOT, ${n}–${total - 1} are padding`,
  merge: (a: string, b: string) => `merge ${a} + ${b}`,
  ids: 'ids',
  download: 'Download this figure',
  /** The names matrices give their axes (Matrix.rowName, colName), as a reader sees them. */
  axes: {
    image: 'image',
    text: 'text',
    position: 'position',
    token: 'token',
    query: 'query',
    key: 'key',
    row: 'row',
    column: 'column',
    step: 'step',
    series: 'series',
  } as Record<string, string>,
};

export type VizStrings = typeof en;

const es: VizStrings = {
  decimal: ',',
  table: 'Valores en una tabla',
  tableCut: (rows, allRows, cols, allCols) =>
    `primeras ${rows} de ${allRows} filas y ${cols} de ${allCols} columnas; descarga el CSV para verlas todas`,
  heatmapHelp: (rows, cols) =>
    `Un mapa de calor de ${rows} por ${cols}; usa las flechas para leer cada valor.`,
  masked: 'enmascarado',
  row: 'fila',
  column: 'columna',
  patchHelp: (grid, patch) =>
    `${grid} por ${grid} parches de ${patch} por ${patch} píxeles; usa las flechas para moverte entre parches.`,
  patchAt: (r, c, x, y, token) =>
    `parche fila ${r}, columna ${c}: píxeles ${x} en horizontal, ${y} en vertical; token ${token} (el token 0 es el embedding de clase)`,
  window: (n) => `Ventana de contexto de ${n} posiciones`,
  padding: 'relleno',
  truncated: (kept) =>
    `El texto era demasiado largo: se conservan solo las primeras ${kept} posiciones y la última pasa a ser EOT.`,
  used: (n, total) => `${n} de ${total} posiciones usadas; el resto es relleno (id 0).`,
  rowsCut: (n, total) =>
    `se ven las posiciones 0–${n - 1} de ${total}: el resto es relleno, que el vector de EOT nunca lee`,
  rowsAll: (n, total) =>
    `se ven las ${total} posiciones: de la 0 a la ${n - 1}, el texto hasta EOT; de la ${n} a la ${total - 1}, relleno`,
  merge: (a, b) => `fusión ${a} + ${b}`,
  ids: 'ids',
  download: 'Descargar esta figura',
  axes: {
    image: 'imagen',
    text: 'texto',
    position: 'posición',
    token: 'token',
    query: 'consulta',
    key: 'clave',
    row: 'fila',
    column: 'columna',
    step: 'paso',
    series: 'serie',
  },
};

let current: VizStrings = en;

export function setVizLang(lang: string): void {
  current = lang.startsWith('es') ? es : en;
}

export function t(): VizStrings {
  return current;
}

/** An axis name as the page's language writes it; names the figures set themselves pass through. */
export function axisName(name: string | undefined, fallback: string): string {
  return name === undefined ? fallback : (current.axes[name] ?? name);
}
