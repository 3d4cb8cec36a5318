// Small controls the two toys share (page only): a checkbox, a logarithmic range with its readout, a number
// input, a select and a button. Labels are set as text, never as markup.
let uid = 0;

const el = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  cls: string,
  text?: string,
): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag);
  e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
};

/** A label above its control, as the other figures' fields (class fig-field). */
export function labelled(label: string, control: HTMLInputElement | HTMLSelectElement): HTMLElement {
  const wrap = el('div', 'fig-field');
  control.id ||= `toy-input-${++uid}`;
  const l = el('label', '', label);
  l.htmlFor = control.id;
  wrap.append(l, control);
  return wrap;
}

export function checkbox(label: string, checked: boolean, onChange: (v: boolean) => void): HTMLElement {
  const wrap = el('label', 'toy-check');
  const input = el('input', 'toy-checkbox');
  input.type = 'checkbox';
  input.checked = checked;
  input.addEventListener('change', () => onChange(input.checked));
  wrap.append(input, document.createTextNode(` ${label}`));
  return wrap;
}

/** A range on log10 of the value, between lo and hi, with the value printed beside it. */
export function logRange(
  label: string,
  lo: number,
  hi: number,
  value: number,
  show: (v: number) => string,
  onChange: (v: number) => void,
): HTMLElement & { set?: (v: number) => void } {
  const input = el('input', 'fig-range');
  input.type = 'range';
  input.min = String(Math.log10(lo));
  input.max = String(Math.log10(hi));
  input.step = '0.01';
  const out = el('output', 'toy-out');
  const set = (v: number): void => {
    input.value = String(Math.log10(v));
    out.textContent = show(v);
    input.setAttribute('aria-valuetext', out.textContent);
  };
  set(value);
  input.addEventListener('input', () => {
    const v = 10 ** Number(input.value);
    out.textContent = show(v);
    input.setAttribute('aria-valuetext', out.textContent);
    onChange(v);
  });
  const wrap = el('div', 'toy-range');
  wrap.append(labelled(label, input), out);
  return Object.assign(wrap, { set });
}

/** A linear range with its readout. */
export function linearRange(
  label: string,
  lo: number,
  hi: number,
  step: number,
  value: number,
  show: (v: number) => string,
  onChange: (v: number) => void,
): HTMLElement {
  const input = el('input', 'fig-range');
  input.type = 'range';
  Object.assign(input, { min: String(lo), max: String(hi), step: String(step), value: String(value) });
  const out = el('output', 'toy-out', show(value));
  input.setAttribute('aria-valuetext', out.textContent!);
  input.addEventListener('input', () => {
    out.textContent = show(Number(input.value));
    input.setAttribute('aria-valuetext', out.textContent);
    onChange(Number(input.value));
  });
  const wrap = el('div', 'toy-range');
  wrap.append(labelled(label, input), out);
  return wrap;
}

export function numberInput(
  label: string,
  value: number,
  range: number,
  onChange: (v: number) => void,
): HTMLElement {
  const input = el('input', 'toy-number');
  input.type = 'number';
  Object.assign(input, { min: String(-range), max: String(range), step: '0.1', value: String(value) });
  input.addEventListener('input', () => {
    const v = Number(input.value);
    if (input.value !== '' && Number.isFinite(v)) onChange(Math.max(-range, Math.min(range, v)));
  });
  return labelled(label, input);
}

export function select(
  label: string,
  options: [string, string][],
  value: string,
  onChange: (v: string) => void,
): HTMLElement {
  const sel = el('select', 'fig-select');
  for (const [v, text] of options) sel.append(Object.assign(el('option', '', text), { value: v }));
  sel.value = value;
  sel.addEventListener('change', () => onChange(sel.value));
  return labelled(label, sel);
}

export function button(label: string, onClick: () => void): HTMLButtonElement {
  const b = el('button', 'fig-reset', label);
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}
