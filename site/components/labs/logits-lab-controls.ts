// The logits lab's small building blocks for its controls (page only): a button styled like the figures'
// reset button, and a select of [value, label] options. Labels are set as text.
import { el } from '../controls/fields';

export function button(
  label: string,
  cls: string,
  disabled: boolean,
  onClick: () => void,
): HTMLButtonElement {
  const b = el('button', `fig-reset ${cls}`, label);
  b.type = 'button';
  b.disabled = disabled;
  b.addEventListener('click', onClick);
  return b;
}

export function select(
  options: [string, string][],
  value: string,
  onChange: (v: string) => void,
): HTMLSelectElement {
  const sel = el('select', 'fig-select');
  for (const [v, label] of options) sel.append(Object.assign(el('option', '', label), { value: v }));
  sel.value = value;
  sel.addEventListener('change', () => onChange(sel.value));
  return sel;
}
