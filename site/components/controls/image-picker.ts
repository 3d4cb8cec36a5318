// The image picker the figures and labs share (page only): the world's gallery thumbnails (or the
// photographs, with a real CLIP), a file picker, the camera, drag and drop, and paste.
// Every image choice (sample, file, drop, paste, camera) starts a new generation of the picker: only the
// newest may reach the figure, so a slow decode finishing late never replaces a later choice or message.
import {
  decodeImageFile,
  IMAGE_ACCEPT,
  ImageFileError,
  type PixelImage,
} from '../../../src/runtime/image-file';
import { GALLERY_SIZE, galleryItems } from '../../../src/runtime/inputs';
import type { PhotoSource } from './photo-load';
import type { FigureStrings } from '../../lib/figure-strings';
import { cameraControl } from './camera';
import { el, labelled } from './fields';

/** A gallery thumbnail drawn from the world's pixels (no image files to download). */
function thumbnail(rgb: Uint8Array, size: number): HTMLCanvasElement {
  const canvas = el('canvas', 'fig-thumb');
  canvas.width = size;
  canvas.height = size;
  const rgba = new Uint8ClampedArray(size * size * 4);
  for (let i = 0; i < size * size; i++) rgba.set([rgb[i * 3]!, rgb[i * 3 + 1]!, rgb[i * 3 + 2]!, 255], i * 4);
  canvas.getContext('2d')?.putImageData(new ImageData(rgba, size, size), 0, 0);
  canvas.setAttribute('aria-hidden', 'true');
  return canvas;
}

export type ImageChoice =
  | { kind: 'world'; index: number }
  | { kind: 'pixels'; image: PixelImage }
  | { kind: 'photo'; index: number; image: PixelImage };

/** Turns a reader's file into pixels; `signal` aborts when another image is chosen meanwhile. */
export type ImageDecoder = (
  file: Blob & { name?: string },
  options: { signal?: AbortSignal },
) => Promise<PixelImage>;

/** The image with what the page must tell about it in its note (transparency, in the page's language). */
function withNotes(s: FigureStrings, image: PixelImage): PixelImage {
  if (!image.transparent) return image;
  return { ...image, note: [image.note, s.transparentNote].filter(Boolean).join(' ') };
}

/**
 * The image picker. `figure` receives drops and pastes until `signal` aborts (the picker is rebuilt when
 * the model's resolution changes). onError gets a message for a bad file; the previous image stays selected.
 * While a file is decoded the picker says so (`.fig-reading`); any later choice replaces it.
 * With `photos` (a real CLIP is in use) the samples are those photographs instead of the world's scenes,
 * and `selected` is a photo's index.
 */
export function imagePicker(
  s: FigureStrings,
  size: number,
  selected: number,
  figure: HTMLElement,
  onPick: (c: ImageChoice) => void,
  onError: (message: string) => void,
  signal?: AbortSignal,
  decode: ImageDecoder = decodeImageFile,
  photos: PhotoSource | null = null,
): HTMLElement {
  const wrap = el('div', 'fig-picker');
  const reading = el('p', 'fig-reading');
  reading.setAttribute('role', 'status');
  reading.hidden = true;
  const busy = (name: string | null): void => {
    reading.hidden = name === null;
    reading.textContent = name === null ? '' : s.reading(name);
    if (name === null) wrap.removeAttribute('aria-busy');
    else wrap.setAttribute('aria-busy', 'true');
  };
  // The newest choice's number; a decode that finishes under an older one is dropped.
  let generation = 0;
  let decoding: AbortController | null = null;
  const begin = (): number => {
    decoding?.abort();
    decoding = null;
    busy(null);
    return ++generation;
  };
  signal?.addEventListener('abort', () => void begin());
  const gallery = el('fieldset', 'fig-gallery');
  gallery.appendChild(el('legend', undefined, photos ? s.photos : s.samples));
  const buttons: HTMLButtonElement[] = [];
  const press = (k: number): void =>
    buttons.forEach((b, i) => b.setAttribute('aria-pressed', String(i === k)));
  const sample = (k: number, label: string, picture: HTMLElement, pick: () => void): void => {
    const b = el('button', 'fig-thumb-button');
    b.type = 'button';
    b.setAttribute('aria-label', `${k}: ${label}`);
    b.title = label;
    b.appendChild(picture);
    b.addEventListener('click', pick);
    buttons.push(b);
    gallery.appendChild(b);
  };
  if (photos) {
    gallery.dataset.photos = 'true';
    for (let k = 0; k < photos.count; k++) {
      const img = el('img', 'fig-thumb fig-photo');
      img.src = photos.src(k);
      img.alt = '';
      img.width = size;
      img.height = size;
      img.decoding = 'async';
      sample(k, photos.alt(k), img, () => void takePhoto(k));
    }
  } else {
    const items = galleryItems(size);
    for (let k = 0; k < GALLERY_SIZE; k++) {
      sample(k, items[k]!.caption, thumbnail(items[k]!.image, size), () => {
        begin();
        press(k);
        onPick({ kind: 'world', index: k });
      });
    }
  }
  const takePhoto = async (k: number): Promise<void> => {
    if (!photos) return;
    const mine = begin();
    const abort = new AbortController();
    decoding = abort;
    busy(photos.alt(k));
    press(k);
    try {
      const image = await photos.load(k, abort.signal);
      if (mine !== generation) return dropped();
      begin();
      onPick({ kind: 'photo', index: k, image });
    } catch (err) {
      if (mine !== generation) return dropped();
      begin();
      onError(s.unreadable((err as Error).message));
    }
  };
  press(selected);
  const file = el('input', 'fig-file');
  file.type = 'file';
  file.accept = IMAGE_ACCEPT;
  // A decode that finished after a later choice: dropped, and announced for the browser tests.
  const dropped = (): void =>
    void figure.dispatchEvent(new CustomEvent('fig:image-dropped', { bubbles: true }));
  const take = async (blob: (Blob & { name?: string }) | null | undefined): Promise<void> => {
    if (!blob) return;
    const mine = begin();
    const abort = new AbortController();
    decoding = abort;
    busy(blob.name ?? '');
    try {
      const image = await decode(blob, { signal: abort.signal });
      if (mine !== generation) return dropped();
      begin();
      press(-1);
      onPick({ kind: 'pixels', image: withNotes(s, image) });
    } catch (err) {
      if (mine !== generation) return dropped();
      begin();
      onError(err instanceof ImageFileError ? err.message : s.unreadable((err as Error).message));
    }
  };
  file.addEventListener('change', () => void take(file.files?.[0]));
  const on = { signal };
  figure.addEventListener(
    'dragover',
    (e) => {
      e.preventDefault();
      figure.classList.add('fig-dropping');
    },
    on,
  );
  figure.addEventListener('dragleave', () => figure.classList.remove('fig-dropping'), on);
  figure.addEventListener(
    'drop',
    (e) => {
      e.preventDefault();
      figure.classList.remove('fig-dropping');
      void take(e.dataTransfer?.files?.[0]);
    },
    on,
  );
  figure.addEventListener(
    'paste',
    (e) => {
      const f = [...(e.clipboardData?.files ?? [])][0];
      if (f) {
        e.preventDefault();
        void take(f);
      }
    },
    on,
  );
  const camera = cameraControl(
    s,
    (image) => {
      begin();
      press(-1);
      onPick({ kind: 'pixels', image });
    },
    onError,
    signal,
  );
  wrap.append(gallery, labelled(s.yourImage, file), camera, el('p', 'fig-hint', s.dropHint), reading);
  return wrap;
}
