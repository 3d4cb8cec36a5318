// Unique ids for figures within a build (each page gets distinct ones; ids only need to be unique per page).
let n = 0;

export function nextFigureId(kind: string): string {
  return `fig-${kind}-${++n}`;
}
