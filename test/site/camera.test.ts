// @vitest-environment happy-dom
// The camera control stops its stream when its controls are rebuilt (the signal aborts), not only on a
// photo, Close, Escape or pagehide: a figure that switches model must not leave the camera on.
import { describe, expect, it } from 'vitest';
import { cameraControl } from '../../site/components/controls/camera';
import { figureStrings } from '../../site/lib/figure-strings';

function fakeCamera(): { stopped: () => number } {
  let stops = 0;
  const track = { stop: () => (stops += 1) };
  const stream = { getTracks: () => [track] } as unknown as MediaStream;
  Object.defineProperty(navigator, 'mediaDevices', {
    configurable: true,
    value: { getUserMedia: () => Promise.resolve(stream) },
  });
  HTMLMediaElement.prototype.play = () => Promise.resolve();
  // happy-dom accepts only its own MediaStream here; the control needs nothing but storage.
  const held = new WeakMap<HTMLMediaElement, unknown>();
  Object.defineProperty(HTMLMediaElement.prototype, 'srcObject', {
    configurable: true,
    get(this: HTMLMediaElement) {
      return held.get(this) ?? null;
    },
    set(this: HTMLMediaElement, v: unknown) {
      held.set(this, v);
    },
  });
  return { stopped: () => stops };
}

async function openCamera(signal?: AbortSignal): Promise<HTMLElement> {
  const control = cameraControl(
    figureStrings('en'),
    () => undefined,
    () => undefined,
    signal,
  );
  document.body.append(control);
  control.querySelector<HTMLButtonElement>('.fig-camera-open')!.click();
  await new Promise((r) => setTimeout(r, 0));
  return control;
}

describe('cameraControl', () => {
  it('stops the open stream when its signal aborts', async () => {
    const camera = fakeCamera();
    const abort = new AbortController();
    const control = await openCamera(abort.signal);
    expect(control.querySelector<HTMLElement>('.fig-camera-take')!.hidden).toBe(false);
    expect(camera.stopped()).toBe(0);
    abort.abort();
    expect(camera.stopped()).toBe(1);
    expect(control.querySelector<HTMLElement>('.fig-camera-take')!.hidden).toBe(true);
    expect(control.querySelector<HTMLVideoElement>('video')!.srcObject).toBeNull();
  });

  it('keeps the stream open while the signal is live', async () => {
    const camera = fakeCamera();
    const control = await openCamera(new AbortController().signal);
    expect(camera.stopped()).toBe(0);
    control.querySelector<HTMLButtonElement>('.fig-camera-close')!.click();
    expect(camera.stopped()).toBe(1);
  });
});
