// One downloadable model's row in the model picker (model-panel.ts builds the panel): its download,
// cancel, resume and delete buttons, progress bar and state line, and the error a failed download shows.
// Also the panel's language, texts and element helper, which both files use. Texts are set as text.
import type { Manifest } from '../../src/weights/manifest';
import { ModelDownloadError } from '../../src/runtime/download-error';
import { cachedBytes, deleteModel, downloadModel, storeManifest } from '../../src/runtime/model-store';
import { isLang, ui } from '../i18n';
import { formatBytes } from '../lib/bytes';
import type { ModelEntry } from '../lib/model-entry';

export const lang = isLang(document.documentElement.lang) ? document.documentElement.lang : 'en';
export const t = ui(lang).models;
export const bytes = (n: number): string => formatBytes(n, lang);

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  cls: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function errorText(err: unknown): string {
  if (!(err instanceof ModelDownloadError)) return t.errors.other((err as Error).message);
  const file = err.file ?? '';
  switch (err.kind) {
    case 'http':
      return err.status === 404 ? t.errors.notFound(file) : t.errors.http(file, err.status ?? 0);
    case 'integrity':
      return t.errors.integrity(file);
    default:
      return t.errors[err.kind];
  }
}

/** What a row tells the panel: its model became whole in the cache, or was removed from it. */
export interface RowHooks {
  stored(): void;
  removed(): void;
}

/** One downloadable model: its buttons, progress and state line. */
export class ModelRow {
  private readonly url: string;
  private readonly download = el('button', 'model-button', t.download);
  private readonly cancel = el('button', 'model-button', t.cancel);
  private readonly remove = el('button', 'model-button', t.remove);
  private readonly progressWrap = el('div', 'model-progress');
  private readonly progress = el('progress', 'model-progress-bar');
  private readonly progressText = el('span', 'model-progress-text');
  /** Read by screen readers at each tenth of the download, not at every chunk. */
  private readonly announce = el('span', 'visually-hidden');
  private readonly state = el('p', 'model-state', t.checking);
  private controller: AbortController | null = null;
  private lastTenth = -1;

  constructor(
    private readonly row: HTMLElement,
    private readonly model: ModelEntry,
    private readonly hooks: RowHooks,
  ) {
    this.url = new URL(
      `${import.meta.env.BASE_URL.replace(/\/?$/, '/')}models/${model.name}/`,
      location.href,
    ).href;
    for (const b of [this.download, this.cancel, this.remove]) b.type = 'button';
    this.cancel.hidden = true;
    this.remove.hidden = true;
    this.download.addEventListener('click', () => void this.start());
    this.cancel.addEventListener('click', () => this.controller?.abort());
    this.remove.addEventListener('click', () => void this.delete());
    this.progress.max = model.totalBytes;
    this.progress.value = 0;
    this.progress.setAttribute('aria-label', t.progressLabel(model.name));
    this.progressText.setAttribute('aria-hidden', 'true');
    this.announce.setAttribute('aria-live', 'polite');
    this.progressWrap.append(this.progress, this.progressText, this.announce);
    this.progressWrap.hidden = true;
    this.state.setAttribute('role', 'status');
    const actions = el('div', 'model-actions');
    actions.append(this.download, this.cancel, this.remove);
    row.append(actions, this.progressWrap, this.state);
    void this.refresh();
  }

  /** Shows what the cache holds; `message` replaces the usual state line. */
  private async refresh(message?: string): Promise<void> {
    const stored = await cachedBytes(this.url, this.model).catch(() => 0);
    const whole = stored >= this.model.totalBytes;
    this.keepFocus(() => {
      this.setBusy(false);
      this.download.hidden = whole;
      this.download.textContent = stored > 0 ? t.resume : t.download;
      this.remove.hidden = stored === 0;
    });
    // The bar shows what is kept: nothing of a failed file, a whole model only just after its download.
    this.showProgress(stored, this.model.totalBytes, false);
    this.progressWrap.hidden = stored === 0 || (whole && message === undefined);
    this.state.textContent =
      message ??
      (whole
        ? t.stored
        : stored > 0
          ? t.partlyStored(bytes(stored), bytes(this.model.totalBytes))
          : t.notStored);
    this.row.dataset.stored = whole ? 'all' : stored > 0 ? 'part' : 'none';
  }

  private setBusy(busy: boolean): void {
    this.download.hidden = busy;
    this.remove.hidden = busy;
    this.cancel.hidden = !busy;
    if (busy) this.progressWrap.hidden = false;
  }

  /** Runs a change of buttons; when it hides the focused one, focus moves to the next visible one. */
  private keepFocus(change: () => void): void {
    const focused = document.activeElement;
    change();
    if (focused instanceof HTMLElement && this.row.contains(focused) && focused.hidden) {
      const next = [this.cancel, this.download, this.remove].find((b) => !b.hidden);
      (next ?? this.row.querySelector('input'))?.focus();
    }
  }

  private showProgress(loaded: number, total: number, announce = true): void {
    const percent = total > 0 ? Math.floor((loaded / total) * 100) : 100;
    this.progress.value = loaded;
    this.progressText.textContent = t.progress(bytes(loaded), bytes(total), percent);
    const tenth = Math.floor(percent / 10);
    if (announce && tenth !== this.lastTenth) {
      this.lastTenth = tenth;
      this.announce.textContent = this.progressText.textContent;
    }
  }

  private async start(): Promise<void> {
    if (this.controller) return;
    const controller = new AbortController();
    this.controller = controller;
    this.lastTenth = -1;
    this.keepFocus(() => this.setBusy(true));
    this.state.textContent = t.downloading;
    this.row.dataset.downloading = 'true';
    let frame = 0;
    let message: string;
    try {
      const files = await downloadModel(this.url, this.model, {
        signal: controller.signal,
        onProgress: (p) => {
          // One redraw per frame: chunks arrive far more often than the screen refreshes.
          cancelAnimationFrame(frame);
          frame = requestAnimationFrame(() => this.showProgress(p.loadedBytes, p.totalBytes));
        },
      });
      cancelAnimationFrame(frame);
      this.showProgress(this.model.totalBytes, this.model.totalBytes);
      const { name, dtype, config, files: listed } = this.model;
      const manifest = {
        format: 'inside-clip-weights/1' as const,
        name,
        dtype: dtype as Manifest['dtype'],
        config,
        files: listed,
      };
      if (!files.warning) await storeManifest(this.url, manifest);
      message = files.warning ? errorText(files.warning) : t.done(this.model.name);
    } catch (err) {
      cancelAnimationFrame(frame);
      message = errorText(err);
    }
    this.controller = null;
    await this.refresh(message);
    if (this.row.dataset.stored === 'all') this.hooks.stored();
    delete this.row.dataset.downloading; // last, so the row is settled once it goes
  }

  private async delete(): Promise<void> {
    await deleteModel(this.url, this.model).catch(() => 0);
    await this.refresh(t.removed(this.model.name));
    this.hooks.removed();
  }
}
