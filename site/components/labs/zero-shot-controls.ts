// The zero-shot playground's own controls: the label list (rename, remove, add a world label, back to the
// defaults) and one checkbox per prompt template.
import { MAX_LABEL_CHARS, TEMPLATES, worldLabels } from '../../../src/lab/zero-shot';
import type { ZeroShotStrings } from './zero-shot-strings';

export const el = <K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, text?: string) => {
  const e = document.createElement(tag);
  e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
};

/** The label list: rename in place, remove, add (a world label not listed yet), back to the defaults. */
export function labelEditor(
  s: ZeroShotStrings,
  initial: readonly string[],
  defaults: readonly string[],
  onChange: (labels: string[]) => void,
): HTMLElement {
  const wrap = el('div', 'zs-labels');
  const list = el('ol', 'zs-label-list');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const values = (): string[] => [...list.querySelectorAll<HTMLInputElement>('input')].map((i) => i.value);
  const render = (labels: readonly string[], focus?: number): void => {
    list.replaceChildren(
      ...labels.map((label, k) => {
        const li = el('li', 'zs-label');
        const input = el('input', 'fig-text zs-label-input');
        input.type = 'text';
        input.value = label;
        input.spellcheck = false;
        input.autocomplete = 'off';
        input.maxLength = MAX_LABEL_CHARS;
        input.setAttribute('aria-label', s.label(k));
        input.addEventListener('input', () => {
          clearTimeout(timer);
          timer = setTimeout(() => onChange(values()), 250);
        });
        const remove = el('button', 'fig-reset zs-remove', s.removeShort);
        remove.type = 'button';
        remove.setAttribute('aria-label', s.remove(label));
        remove.addEventListener('click', () => {
          const next = values().filter((_, i) => i !== k);
          render(next, Math.min(k, next.length - 1));
          onChange(next);
        });
        li.append(input, remove);
        return li;
      }),
    );
    if (focus !== undefined) (list.querySelectorAll('input')[focus] ?? add).focus();
  };
  const add = el('button', 'fig-reset zs-add', s.add);
  add.type = 'button';
  add.addEventListener('click', () => {
    const now = values();
    const taken = new Set(now.map((l) => l.trim().toLowerCase()));
    const next = [...now, worldLabels().find((l) => !taken.has(l)) ?? ''];
    render(next, next.length - 1);
    onChange(next);
  });
  const reset = el('button', 'fig-reset zs-reset-labels', s.resetLabels);
  reset.type = 'button';
  reset.addEventListener('click', () => {
    render(defaults);
    onChange([...defaults]);
  });
  render(initial);
  const buttons = el('div', 'zs-row');
  buttons.append(add, reset);
  wrap.append(list, buttons);
  return wrap;
}

/** One checkbox per prompt template; `onChange` gets the ticked indices. */
export function templateBoxes(ticked: readonly number[], onChange: (ticked: number[]) => void): HTMLElement {
  const wrap = el('div', 'zs-templates');
  const boxes = TEMPLATES.map((template, k) => {
    const label = el('label', 'zs-template');
    const box = el('input', 'zs-template-box');
    box.type = 'checkbox';
    box.checked = ticked.includes(k);
    box.addEventListener('change', () => onChange(boxes.flatMap((b, i) => (b.checked ? [i] : []))));
    label.append(box, el('code', 'zs-template-text', template));
    wrap.appendChild(label);
    return box;
  });
  return wrap;
}
