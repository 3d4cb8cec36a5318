// A lesson figure's controls, from its kind's ControlSpec (kinds.ts): text fields, layer and head selects,
// the temperature slider and the image picker, in that order. The live figure (client.ts) rebuilds them
// when the model's sizes change and passes what the reader has chosen so far.
import { numberSelect, temperatureSlider, textField } from '../controls/fields';
import { type ImageChoice, imagePicker } from '../controls/image-picker';
import type { FigureConfig } from './config';
import type { ControlSpec } from './kinds';
import type { PhotoSource } from '../controls/photo-load';
import type { FigureStrings } from '../../lib/figure-strings';

export interface ControlInputs {
  c: FigureConfig;
  s: FigureStrings;
  /** Receives drops and pastes for the picker. */
  fig: HTMLElement;
  texts: readonly string[];
  layer: number;
  head: number;
  tau: number;
  /** The world sample shown, or −1. */
  image: number;
  /** The photograph shown, when a real CLIP offers photographs, or −1. */
  photo: number;
  photos: PhotoSource | null;
  /** Aborts when the controls are rebuilt. */
  signal: AbortSignal;
  setText(k: number, v: string): void;
  setLayer(v: number): void;
  setHead(v: number): void;
  setTau(tau: number): void;
  setImage(k: number, choice: ImageChoice): void;
  problem(message: string): void;
}

export function figureControls(spec: ControlSpec, x: ControlInputs): HTMLElement[] {
  const { c, s } = x;
  const out: HTMLElement[] = [];
  const picker = (selected: number, pick: (choice: ImageChoice) => void): HTMLElement =>
    imagePicker(s, c.resolution, selected, x.fig, pick, x.problem, x.signal, undefined, x.photos);
  if (spec.text === 'always' || (spec.text === 'given' && c.texts.length > 0))
    out.push(textField(s.text, x.texts[0] ?? '', (v) => x.setText(0, v)));
  if (spec.text === 'each' && c.texts.length > 0)
    x.texts.forEach((t, k) => out.push(textField(s.textSlot(k), t, (v) => x.setText(k, v))));
  if (spec.layer) out.push(numberSelect(s.layer, c.layers, x.layer, x.setLayer));
  if (spec.head?.(c)) out.push(numberSelect(s.head, c.heads, x.head, x.setHead));
  if (spec.temperature) out.push(temperatureSlider(s, c.tau ?? x.tau, x.tau, x.setTau));
  if (spec.image === 'slots' && c.images.length > 0) {
    let slot = 0;
    out.push(numberSelect(s.imageSlotPick, c.images.length, 0, (v) => (slot = v)));
    out.push(picker(-1, (choice) => x.setImage(slot, choice)));
  }
  if (spec.image === 'one' && c.images.length === 1)
    out.push(picker(x.photos ? x.photo : x.image, (choice) => x.setImage(0, choice)));
  return out;
}
