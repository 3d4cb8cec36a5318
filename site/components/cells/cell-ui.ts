// A code cell, once the reader uses it: the editor in place of the plain code, Run / Stop / Reset / Copy
// link / Image, the countdown while a program runs, and its output drawn in order. One CellClient per page
// runs every cell, with the model the figures use (their client's pick).
import { CellClient, type RunEnd } from '../../../src/runtime/cell-client';
import type { CellImages } from '../../../src/runtime/cell-protocol';
import { getClient } from '../../../src/runtime/client';
import { decodeImageFile } from '../../../src/runtime/image-file';
import type { ImageSpec } from '../../../src/runtime/protocol';
import { setVizLang } from '../../../src/viz/strings';
import { type CellEditor, createEditor } from './cell-editor';
import { drawError, drawItem } from './cell-output';
import { cellLink, linkedCode } from './link';
import { cellStrings } from './strings';

let client: CellClient | null = null;

function cells(lang: string): CellClient {
  const base = import.meta.env.BASE_URL;
  const backend = new URLSearchParams(location.search).get('backend');
  client ??= new CellClient({
    base,
    lang,
    backend: backend === 'wasm' || backend === 'cpu' || backend === 'webgl' ? backend : undefined,
    model: () => getClient(base).wantedModel,
  });
  return client;
}

/** Pixels of the images the page shows in its figures (gallery thumbnails, the reader's photos). */
function pageImages(): ImageSpec[] {
  const out: ImageSpec[] = [];
  for (const img of document.querySelectorAll<HTMLImageElement>('main figure img')) {
    if (out.length >= 16 || !img.complete || img.naturalWidth < 1) continue;
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const ctx = canvas.getContext('2d');
    if (!ctx) continue;
    try {
      ctx.drawImage(img, 0, 0);
      const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      out.push({ kind: 'pixels', width, height, data, name: img.alt || `image ${out.length}` });
    } catch {
      // a cross-origin image the canvas may not read
    }
  }
  return out;
}

export function mountCell(root: HTMLElement, runNow: boolean): { run(): void } {
  const lang = root.dataset.cellLang ?? 'en';
  const s = cellStrings(lang);
  setVizLang(lang);
  const name = root.dataset.notebookCell ?? '';
  const starter = JSON.parse(root.querySelector('[data-cell-source]')?.textContent ?? '""') as string;
  const host = root.querySelector<HTMLElement>('[data-cell-editor]')!;
  const pre = host.querySelector<HTMLElement>('[data-cell-pre]');
  const status = root.querySelector<HTMLElement>('[data-cell-status]')!;
  const output = root.querySelector<HTMLElement>('[data-cell-output]')!;
  const runButton = root.querySelector<HTMLButtonElement>('[data-cell-run]')!;
  const stopButton = root.querySelector<HTMLButtonElement>('[data-cell-stop]')!;
  const hadFocus = pre !== null && document.activeElement === pre;
  const say = (text: string): void => {
    status.textContent = text;
  };
  if (typeof Worker === 'undefined') {
    say(s.noWorker);
    runButton.disabled = true;
    return { run: () => undefined };
  }
  const runner = cells(lang);
  let mine: ImageSpec | null = null;
  let editor: CellEditor | null = null;
  let running = false;
  let wantRun = runNow;

  const run = async (): Promise<void> => {
    if (!editor) {
      wantRun = true;
      return;
    }
    if (running) return;
    running = true;
    root.dataset.cellState = 'running';
    root.setAttribute('aria-busy', 'true');
    // Focus follows the next useful control, so a keyboard reader is never left on a disabled button.
    const runHadFocus = document.activeElement === runButton;
    runButton.disabled = true;
    stopButton.disabled = false;
    if (runHadFocus) stopButton.focus();
    editor.showError(null);
    output.replaceChildren();
    say(s.starting);
    const images: CellImages = { mine, page: pageImages() };
    let countdown: ReturnType<typeof setInterval> | undefined;
    let shown = 0;
    const width = Math.max(240, Math.min(640, output.clientWidth || 560));
    const job = runner.run(editor.code(), images, {
      started(limitMs) {
        const end = performance.now() + limitMs;
        const tick = (): void => say(s.running(Math.max(0, Math.ceil((end - performance.now()) / 1000))));
        tick();
        countdown = setInterval(tick, 250);
      },
      item(item) {
        shown++;
        try {
          drawItem(output, item, width, `${name}-${shown}`);
        } catch (err) {
          drawError(output, (err as Error).message, null);
        }
      },
    });
    stop = job.cancel;
    const end: RunEnd = await job.done;
    clearInterval(countdown);
    stop = null;
    running = false;
    root.removeAttribute('aria-busy');
    const stopHadFocus = document.activeElement === stopButton;
    runButton.disabled = false;
    stopButton.disabled = true;
    if (stopHadFocus) runButton.focus();
    root.dataset.cellState = end.status;
    finish(end, shown);
  };
  let stop: (() => void) | null = null;

  const finish = (end: RunEnd, shown: number): void => {
    if (end.status === 'done') {
      root.dataset.cellTensors = String(end.tensors);
      say(s.done(Math.round(end.ms), end.leaked));
      if (shown === 0) drawItem(output, { kind: 'text', level: 'log', text: s.nothing }, 0);
    } else if (end.status === 'error') {
      const where = end.line !== undefined ? s.errorAt(end.line, end.column ?? 1) : null;
      drawError(output, end.message, where);
      say(where ? `${where}: ${end.message}` : end.message);
      editor?.showError(end.line ?? null, end.column);
    } else if (end.status === 'stopped') {
      say(end.byLimit ? s.stoppedLimit(Math.round(runner.limitMs / 1000)) : s.stopped(end.seconds));
    } else {
      say(s.failed(end.message));
    }
  };

  // Run's clicks reach run() through cell-boot.ts, which owns the button from before this module loads.
  stopButton.addEventListener('click', () => stop?.());
  root.querySelector('[data-cell-reset]')?.addEventListener('click', () => {
    editor?.set(starter);
    say(s.resetDone);
  });
  root.querySelector('[data-cell-link]')?.addEventListener('click', () => {
    if (!editor) return;
    void cellLink(location.href, name, editor.code()).then(async (url) => {
      if (!url) return say(s.linkTooLong);
      try {
        await navigator.clipboard.writeText(url);
        say(s.linkCopied);
      } catch {
        say(s.linkShown(url));
      }
      root.dataset.cellLinkHref = url;
    });
  });
  const file = root.querySelector<HTMLInputElement>('[data-cell-image]');
  file?.addEventListener('change', () => {
    const f = file.files?.[0];
    if (!f) return;
    decodeImageFile(f, { lang }).then(
      (p) => {
        mine = { kind: 'pixels', width: p.width, height: p.height, data: p.data, name: p.name };
        say(s.imageSet(p.name));
      },
      (err: Error) => say(s.imageFailed(err.message)),
    );
  });

  void linkedCode(location.href, name).then((linked) => {
    if (linked !== null) say(s.fromLink);
    host.replaceChildren();
    editor = createEditor(host, linked ?? starter, {
      label: s.code(name),
      describedBy: `${root.id}-hint`,
      run: () => void run(),
    });
    runner.warm();
    if (hadFocus) editor.focus();
    root.dataset.cellEditor = 'ready';
    if (wantRun && linked === null) void run();
  });
  return { run: () => void run() };
}
