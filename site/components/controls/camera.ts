// The camera as an image source: a live preview the reader takes a photo from. Frames stay in the page,
// and the stream stops as soon as a photo is taken, the preview is closed, the page is hidden or the
// controls are rebuilt (their AbortSignal).
import { fitWithin, type PixelImage } from '../../../src/runtime/image-file';
import type { FigureStrings } from '../../lib/figure-strings';

function button(cls: string, text: string): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = cls;
  b.textContent = text;
  return b;
}

/** The reader-facing reason getUserMedia failed. */
export function cameraMessage(s: FigureStrings, err: unknown): string {
  const name = err instanceof DOMException ? err.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return s.cameraDenied;
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return s.cameraNone;
  if (name === 'NotReadableError') return s.cameraBusy;
  return `${s.cameraFailed} ${(err as Error)?.message ?? String(err)}`;
}

/** The frame now in the preview, with its long side capped like any reader image. */
function grab(video: HTMLVideoElement, name: string): PixelImage | null {
  const [w, h] = fitWithin(video.videoWidth, video.videoHeight);
  if (!video.videoWidth || !video.videoHeight) return null;
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return null;
  ctx.drawImage(video, 0, 0, w, h);
  return { width: w, height: h, data: ctx.getImageData(0, 0, w, h).data, name };
}

export function cameraControl(
  s: FigureStrings,
  onPhoto: (image: PixelImage) => void,
  onError: (message: string) => void,
  signal?: AbortSignal,
): HTMLElement {
  const wrap = document.createElement('div');
  wrap.className = 'fig-camera';
  const open = button('fig-camera-open', s.cameraOpen);
  const video = document.createElement('video');
  video.className = 'fig-camera-preview';
  video.muted = true;
  video.playsInline = true;
  video.setAttribute('aria-label', s.cameraPreview);
  const take = button('fig-camera-take', s.cameraTake);
  const close = button('fig-camera-close', s.cameraClose);
  let stream: MediaStream | null = null;

  const show = (live: boolean): void => {
    video.hidden = take.hidden = close.hidden = !live;
    open.hidden = live;
  };
  const stop = (): void => {
    stream?.getTracks().forEach((t) => t.stop());
    stream = null;
    video.srcObject = null;
    show(false);
  };
  show(false);

  open.addEventListener('click', async () => {
    if (!navigator.mediaDevices?.getUserMedia) {
      onError(s.cameraMissing);
      return;
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: 'environment' },
        audio: false,
      });
    } catch (err) {
      onError(cameraMessage(s, err));
      return;
    }
    video.srcObject = stream;
    show(true);
    await video.play().catch(() => undefined);
    take.focus();
  });
  take.addEventListener('click', () => {
    const image = grab(video, s.cameraPhoto);
    if (!image) {
      onError(s.cameraNotReady);
      return;
    }
    stop();
    open.focus();
    onPhoto(image);
  });
  close.addEventListener('click', () => {
    stop();
    open.focus();
  });
  wrap.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && stream) {
      stop();
      open.focus();
    }
  });
  addEventListener('pagehide', stop, { signal });
  // Controls rebuilt (another model, another figure state) abort their signal: an open camera stops too.
  signal?.addEventListener('abort', stop);
  wrap.append(open, video, take, close);
  return wrap;
}
