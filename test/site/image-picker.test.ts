// @vitest-environment happy-dom
// The image picker's generations: only the newest choice (sample, file, drop, paste, camera) reaches the
// figure, so a slow decode that finishes after a later choice neither draws nor hides a later message; a
// decode under way says so (English and Spanish); transparent images get the note; the file picker offers
// what decodes; and several uploads add no element to the page.
import { describe, expect, it } from 'vitest';
import {
  type ImageChoice,
  type ImageDecoder,
  imagePicker,
} from '../../site/components/controls/image-picker';
import { figureStrings } from '../../site/lib/figure-strings';
import { IMAGE_ACCEPT, ImageFileError, type PixelImage } from '../../src/runtime/image-file';

const pixels = (name: string, transparent = false): PixelImage => ({
  width: 2,
  height: 2,
  data: new Uint8ClampedArray(16),
  name,
  transparent,
});

/** A decoder whose calls are settled by hand, in any order. */
function manualDecoder(): {
  decode: ImageDecoder;
  calls: { name: string; signal?: AbortSignal; resolve(p: PixelImage): void; reject(e: Error): void }[];
} {
  const calls: ReturnType<typeof manualDecoder>['calls'] = [];
  const decode: ImageDecoder = (file, { signal }) =>
    new Promise((resolve, reject) => calls.push({ name: file.name ?? '', signal, resolve, reject }));
  return { decode, calls };
}

function setup(lang = 'en', decode?: ImageDecoder) {
  document.body.replaceChildren();
  const figure = document.createElement('figure');
  document.body.append(figure);
  const picks: ImageChoice[] = [];
  const errors: string[] = [];
  const picker = imagePicker(
    figureStrings(lang),
    4,
    0,
    figure,
    (c) => picks.push(c),
    (m) => errors.push(m),
    undefined,
    decode,
  );
  figure.append(picker);
  const drop = (name: string): void => {
    const file = new File(['x'], name, { type: 'image/png' });
    const e = new Event('drop', { bubbles: true, cancelable: true });
    Object.defineProperty(e, 'dataTransfer', { value: { files: [file] } });
    figure.dispatchEvent(e);
  };
  const sample = (k: number): void =>
    picker.querySelectorAll<HTMLButtonElement>('.fig-thumb-button')[k]!.click();
  const pressed = (): number =>
    [...picker.querySelectorAll('.fig-thumb-button')].findIndex(
      (b) => b.getAttribute('aria-pressed') === 'true',
    );
  const reading = picker.querySelector<HTMLElement>('.fig-reading')!;
  let staleDrops = 0;
  figure.addEventListener('fig:image-dropped', () => (staleDrops += 1));
  return { figure, picker, picks, errors, drop, sample, pressed, reading, stale: () => staleDrops };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('imagePicker', () => {
  it('drops a slow decode that finishes after a later sample click', async () => {
    const { decode, calls } = manualDecoder();
    const p = setup('en', decode);
    p.drop('huge.png');
    expect(p.reading.hidden).toBe(false);
    expect(p.reading.textContent).toMatch(/Reading “huge\.png”…/);
    expect(p.picker.getAttribute('aria-busy')).toBe('true');
    p.sample(5);
    expect(p.reading.hidden).toBe(true);
    expect(calls[0]!.signal?.aborted).toBe(true);
    calls[0]!.resolve(pixels('huge.png'));
    await tick();
    expect(p.picks).toEqual([{ kind: 'world', index: 5 }]);
    expect(p.pressed()).toBe(5);
    expect(p.stale()).toBe(1);
  });

  it('keeps a small file chosen second when the first, slower one finishes last', async () => {
    const { decode, calls } = manualDecoder();
    const p = setup('en', decode);
    p.drop('huge.png');
    p.drop('small.png');
    calls[1]!.resolve(pixels('small.png'));
    await tick();
    calls[0]!.resolve(pixels('huge.png'));
    await tick();
    expect(p.picks.map((c) => (c.kind === 'pixels' ? c.image.name : c.index))).toEqual(['small.png']);
    expect(p.pressed()).toBe(-1);
    expect(p.reading.hidden).toBe(true);
  });

  it('never lets an older decode replace a later error (the size limit)', async () => {
    const { decode, calls } = manualDecoder();
    const p = setup('en', decode);
    p.drop('huge.png');
    p.drop('too-big.png');
    calls[1]!.reject(new ImageFileError('“too-big.png” is 41 MB; the limit is 40 MB.'));
    await tick();
    calls[0]!.resolve(pixels('huge.png'));
    await tick();
    expect(p.errors).toEqual(['“too-big.png” is 41 MB; the limit is 40 MB.']);
    expect(p.picks).toEqual([]);
    expect(p.pressed()).toBe(0);
  });

  it('drops an older decode’s error too', async () => {
    const { decode, calls } = manualDecoder();
    const p = setup('en', decode);
    p.drop('broken.png');
    p.sample(2);
    calls[0]!.reject(new ImageFileError('“broken.png” could not be decoded.'));
    await tick();
    expect(p.errors).toEqual([]);
    expect(p.picks).toEqual([{ kind: 'world', index: 2 }]);
  });

  it('says a decode is under way in Spanish on Spanish pages', () => {
    const { decode } = manualDecoder();
    const p = setup('es', decode);
    p.drop('grande.png');
    expect(p.reading.textContent).toMatch(/^Leyendo “grande\.png”… Puedes elegir otra imagen/);
  });

  it('adds the transparency note, in the page’s language', async () => {
    for (const [lang, words] of [
      ['en', /transparent areas reach the model black: CLIP’s preprocessing drops the alpha channel/],
      ['es', /zonas transparentes llegan negras al modelo: el preprocesado de CLIP descarta el canal alfa/],
    ] as const) {
      const { decode, calls } = manualDecoder();
      const p = setup(lang, decode);
      p.drop('logo.png');
      calls[0]!.resolve({ ...pixels('logo.png', true), note: 'scaled.' });
      await tick();
      const c = p.picks[0]!;
      expect(c.kind === 'pixels' && c.image.note).toMatch(words);
      expect(c.kind === 'pixels' && c.image.note?.startsWith('scaled. ')).toBe(true);
      p.drop('photo.png');
      calls[1]!.resolve(pixels('photo.png'));
      await tick();
      const d = p.picks[1]!;
      expect(d.kind === 'pixels' && d.image.note).toBeFalsy();
    }
  });

  it('offers in the file picker exactly what it decodes, SVG included', () => {
    const p = setup('en');
    const accept = p.picker.querySelector<HTMLInputElement>('input.fig-file')!.accept;
    expect(accept).toBe(IMAGE_ACCEPT);
    expect(accept.split(',')).toEqual(expect.arrayContaining(['image/svg+xml', '.svg', 'image/png']));
    expect(accept).not.toMatch(/image\/\*/);
  });

  it('adds no element to the page over several uploads', async () => {
    const { decode, calls } = manualDecoder();
    const p = setup('en', decode);
    const count = () => document.getElementsByTagName('*').length;
    const before = count();
    for (let k = 0; k < 6; k++) {
      p.drop(`p${k}.png`);
      calls[k]!.resolve(pixels(`p${k}.png`, k % 2 === 0));
      await tick();
      expect(count()).toBe(before);
    }
    expect(p.picks).toHaveLength(6);
  });
});
