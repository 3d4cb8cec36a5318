// The small input controls the figures and labs share (page only): a labelled field, a text field whose
// input settles before it is sent, a select of 0…count−1, and the temperature slider (τ on a log scale with
// its readout and a reset to the model's learned value). Everything the reader types is set as text or
// value, never as markup. One module, so the pages that use them load one small chunk.
import { formatPrecise } from '../../../src/viz/scales';
import type { FigureStrings } from '../../lib/figure-strings';
import { TAU_MAX, TAU_MIN } from '../../lib/url-state';

let uid = 0;
const nextId = (p: string): string => `${p}-${++uid}`;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  cls?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

export function labelled(label: string, control: HTMLInputElement | HTMLSelectElement): HTMLElement {
  const wrap = el('div', 'fig-field');
  control.id ||= nextId('fig-input');
  const l = el('label', undefined, label);
  l.htmlFor = control.id;
  wrap.append(l, control);
  return wrap;
}

export function textField(label: string, value: string, onInput: (v: string) => void): HTMLElement {
  const input = el('input', 'fig-text');
  input.type = 'text';
  input.value = value;
  input.spellcheck = false;
  input.autocomplete = 'off';
  let timer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => onInput(input.value), 120);
  });
  return labelled(label, input);
}

export function numberSelect(
  label: string,
  count: number,
  value: number,
  onChange: (v: number) => void,
): HTMLElement {
  const select = el('select', 'fig-select');
  for (let i = 0; i < count; i++) {
    const o = el('option', undefined, String(i));
    o.value = String(i);
    select.appendChild(o);
  }
  select.value = String(value);
  select.addEventListener('change', () => onChange(Number(select.value)));
  return labelled(label, select);
}

/** Temperature on a log scale, TAU_MIN (0.005) to TAU_MAX (2); returns a setter for programmatic changes. */
export function temperatureSlider(
  s: FigureStrings,
  learned: number,
  initial: number,
  onChange: (tau: number) => void,
): HTMLElement {
  const wrap = el('div', 'fig-temperature');
  const input = el('input', 'fig-range');
  input.type = 'range';
  input.min = String(Math.log10(TAU_MIN));
  input.max = String(Math.log10(TAU_MAX));
  input.step = '0.01';
  const out = el('output', 'fig-tau');
  const set = (tau: number): void => {
    input.value = String(Math.log10(tau));
    out.textContent = `τ = ${formatPrecise(tau, 3)} (1/τ = ${formatPrecise(1 / tau, 3)})`;
    input.setAttribute('aria-valuetext', out.textContent);
  };
  set(initial);
  input.addEventListener('input', () => {
    const tau = 10 ** Number(input.value);
    set(tau);
    onChange(tau);
  });
  const reset = el('button', 'fig-reset', s.learned);
  reset.type = 'button';
  reset.addEventListener('click', () => {
    set(learned);
    onChange(learned);
  });
  wrap.append(labelled(s.temperature, input), out, reset);
  return wrap;
}
