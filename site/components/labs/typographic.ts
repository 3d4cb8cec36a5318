// The typographic-attack sandbox (Goh et al., 2021): a word written onto the image on a canvas in the page
// (text, position, size, colour), the preview the reader sees, and the attacked pixels the model gets.
// The canvas never leaves the page; its pixels go to the model worker only.
import type { PixelImage } from '../../../src/runtime/image-file';
import { COLOURS, COLOUR_RGB, type Colour } from '../../../src/world';
import { labelled } from '../controls/fields';
import type { ZeroShotStrings } from './zero-shot-strings';

export interface Attack {
  word: string;
  /** Centre of the word, in % of the width and height. */
  x: number;
  y: number;
  /** Letter height in % of the image height. */
  size: number;
  colour: Colour;
}

export const NO_ATTACK: Attack = { word: '', x: 50, y: 80, size: 22, colour: 'white' };
export const MAX_WORD_CHARS = 24;

/** An attack read from the URL, each field checked and clamped; defaults where missing. */
export function attackFrom(raw: Partial<Record<keyof Attack, unknown>> | undefined): Attack {
  const num = (v: unknown, lo: number, hi: number, d: number): number =>
    typeof v === 'number' && Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : d;
  return {
    word: typeof raw?.word === 'string' ? raw.word.slice(0, MAX_WORD_CHARS) : '',
    x: num(raw?.x, 0, 100, NO_ATTACK.x),
    y: num(raw?.y, 0, 100, NO_ATTACK.y),
    size: num(raw?.size, 5, 60, NO_ATTACK.size),
    colour: COLOURS.includes(raw?.colour as Colour) ? (raw!.colour as Colour) : NO_ATTACK.colour,
  };
}

/** RGB HWC (the world's renders) → RGBA pixels. */
export function rgbToPixels(rgb: Uint8Array, size: number, name: string): PixelImage {
  const data = new Uint8ClampedArray(size * size * 4);
  for (let i = 0; i < size * size; i++) data.set([rgb[i * 3]!, rgb[i * 3 + 1]!, rgb[i * 3 + 2]!, 255], i * 4);
  return { width: size, height: size, data, name };
}

/**
 * Draws `base` with the attack's word on `canvas` and returns what was drawn as pixels (the word, when
 * there is one, is part of them). The canvas keeps the base image's size.
 */
export function drawAttacked(canvas: HTMLCanvasElement, base: PixelImage, attack: Attack): PixelImage {
  canvas.width = base.width;
  canvas.height = base.height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('no 2d canvas');
  ctx.putImageData(new ImageData(new Uint8ClampedArray(base.data), base.width, base.height), 0, 0);
  const word = attack.word.trim();
  if (word) {
    const px = Math.max(4, Math.round((attack.size / 100) * base.height));
    ctx.font = `bold ${px}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    const [r, g, b] = COLOUR_RGB[attack.colour];
    ctx.fillStyle = `rgb(${r}, ${g}, ${b})`;
    ctx.fillText(word, (attack.x / 100) * base.width, (attack.y / 100) * base.height);
  }
  const drawn = ctx.getImageData(0, 0, base.width, base.height);
  return { width: base.width, height: base.height, data: drawn.data, name: base.name };
}

function range(label: string, value: number, min: number, max: number, onInput: (v: number) => void) {
  const input = document.createElement('input');
  input.type = 'range';
  input.className = 'fig-range';
  input.min = String(min);
  input.max = String(max);
  input.step = '1';
  input.value = String(value);
  input.addEventListener('input', () => onInput(Number(input.value)));
  return { field: labelled(label, input), input };
}

/** The attack's controls; `onChange` gets the whole attack after every edit (the word debounced). */
export function attackControls(
  s: ZeroShotStrings,
  initial: Attack,
  onChange: (a: Attack) => void,
): HTMLElement {
  const attack = { ...initial };
  const set = (patch: Partial<Attack>): void => {
    Object.assign(attack, patch);
    onChange({ ...attack });
  };
  const box = document.createElement('fieldset');
  box.className = 'zs-group zs-attack';
  const legend = document.createElement('legend');
  legend.textContent = s.attackHeading;
  const word = document.createElement('input');
  word.type = 'text';
  word.className = 'fig-text zs-word';
  word.maxLength = MAX_WORD_CHARS;
  word.spellcheck = false;
  word.autocomplete = 'off';
  word.value = attack.word;
  let timer: ReturnType<typeof setTimeout> | undefined;
  word.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => set({ word: word.value }), 150);
  });
  const clear = document.createElement('button');
  clear.type = 'button';
  clear.className = 'fig-reset zs-clear-word';
  clear.textContent = s.clearWord;
  clear.addEventListener('click', () => {
    word.value = '';
    set({ word: '' });
  });
  const colour = document.createElement('select');
  colour.className = 'fig-select zs-colour';
  for (const c of COLOURS) {
    const o = document.createElement('option');
    o.value = c;
    o.textContent = s.colours[c];
    colour.appendChild(o);
  }
  colour.value = attack.colour;
  colour.addEventListener('change', () => set({ colour: colour.value as Colour }));
  const x = range(s.across, attack.x, 0, 100, (v) => set({ x: v }));
  const y = range(s.down, attack.y, 0, 100, (v) => set({ y: v }));
  const size = range(s.size, attack.size, 5, 60, (v) => set({ size: v }));
  const row = document.createElement('div');
  row.className = 'zs-row';
  row.append(labelled(s.word, word), clear, labelled(s.colour, colour), x.field, y.field, size.field);
  box.append(legend, row);
  return box;
}
