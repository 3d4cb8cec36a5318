// What a page with code cells runs before any interaction: a few listeners per cell. The first focus of a
// cell's code, or its first Run, loads the rest (cell-ui.ts: the editor, the runner, the output's figures);
// a link that carries a cell's code shows that code at once but never runs it.
type Mount = (root: HTMLElement, runNow: boolean) => { run(): void };

/** The query parameter naming the cell a shared link is for (link.ts). */
const CELL_PARAM = 'cell';

let ui: Promise<Mount> | null = null;
const load = (): Promise<Mount> => (ui ??= import('./cell-ui').then((m) => m.mountCell));

function boot(root: HTMLElement): void {
  let cell: Promise<{ run(): void }> | null = null;
  const start = (runNow: boolean): void => {
    if (cell) {
      if (runNow) void cell.then((c) => c.run());
      return;
    }
    cell = load().then((mount) => mount(root, runNow));
  };
  // Until the editor is in place (it handles these keys itself), Shift/Ctrl+Enter anywhere in the cell runs it.
  root.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || !(e.shiftKey || e.ctrlKey || e.metaKey)) return;
    if ((e.target as Element | null)?.closest('.cm-editor')) return;
    e.preventDefault();
    start(true);
  });
  const pre = root.querySelector('[data-cell-pre]');
  pre?.addEventListener('focus', () => start(false));
  pre?.addEventListener('pointerdown', () => start(false));
  root.querySelector('[data-cell-run]')?.addEventListener('click', () => start(true));
  for (const sel of ['[data-cell-reset]', '[data-cell-link]', '[data-cell-image]']) {
    root.querySelector(sel)?.addEventListener('click', () => start(false));
  }
  root.dataset.cellState = 'idle';
  if (new URLSearchParams(location.search).get(CELL_PARAM) === root.dataset.notebookCell) start(false);
}

document.querySelectorAll<HTMLElement>('[data-notebook-cell]').forEach(boot);
