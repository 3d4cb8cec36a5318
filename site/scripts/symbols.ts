// Math ↔ figure linking (docs/site-contract.md): hovering or focusing a symbol written
// \htmlClass{sym sym-<name>}{…} marks every element of that name, in the math (.sym-<name>) and in the
// figures ([data-sym="<name>"]), with the attribute data-sym-active; styles/prose.css draws it.
// Listeners sit on the document, so figures redrawn later take part without re-binding. The symbols in
// the math answer to the pointer only: they live in KaTeX's aria-hidden HTML, where nothing may take focus
// (the MathML copy is what screen readers read); keyboard readers focus the figure elements instead.
const SELECTOR = '.sym, [data-sym]';

function symbolName(el: Element): string | null {
  const fromData = el.getAttribute('data-sym');
  if (fromData) return fromData;
  for (const cls of el.classList) if (cls.startsWith('sym-')) return cls.slice(4);
  return null;
}

function symbolAt(target: EventTarget | null): string | null {
  if (!(target instanceof Element)) return null;
  const el = target.closest(SELECTOR);
  return el ? symbolName(el) : null;
}

function elementsOf(name: string): Element[] {
  const escaped = CSS.escape(name);
  return [...document.querySelectorAll(`.sym-${escaped}, [data-sym="${escaped}"]`)];
}

let active: string | null = null;

function activate(name: string | null): void {
  if (name === active) return;
  if (active) for (const el of elementsOf(active)) el.removeAttribute('data-sym-active');
  active = name;
  if (name) for (const el of elementsOf(name)) el.setAttribute('data-sym-active', '');
}

document.addEventListener('pointerover', (e) => activate(symbolAt(e.target)));
document.addEventListener('focusin', (e) => activate(symbolAt(e.target)));
document.addEventListener('focusout', (e) => activate(symbolAt(e.relatedTarget)));

export {}; // a module, not a global script
