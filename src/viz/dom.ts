// Small DOM helpers shared by the figure factories: find-or-create children (so a factory can be called
// again on the same root to redraw, and on a prerendered root to hydrate it), stable ids, safe text.
import { select, type Selection } from 'd3';

let counter = 0;

/** The root's id, given one if it has none (ids scope gradients, help texts and live regions). */
export function rootId(root: Element, prefix = 'viz'): string {
  if (!root.id) root.id = `${prefix}-${++counter}`;
  return root.id;
}

/** The first child of `parent` matching `tag.className`, created (appended) when missing. */
export function ensure(
  parent: Element,
  tag: keyof HTMLElementTagNameMap | keyof SVGElementTagNameMap,
  className: string,
): Element {
  const selector = `:scope > ${tag}.${className.split(' ')[0]}`;
  const found = parent.querySelector(selector);
  if (found) return found;
  const ns = tag === 'svg' || tag === 'g' || parent.namespaceURI?.endsWith('/svg') ? 'svg' : 'xhtml';
  const el =
    ns === 'svg'
      ? parent.ownerDocument!.createElementNS('http://www.w3.org/2000/svg', tag)
      : parent.ownerDocument!.createElement(tag);
  el.setAttribute('class', className);
  parent.appendChild(el);
  return el;
}

/** ensure(), placed as root's first child; never moved when already there (a move would drop focus). */
export function ensureFirst(root: Element, tag: 'svg', className: string): Element {
  const el = ensure(root, tag, className);
  if (root.firstChild !== el) root.insertBefore(el, root.firstChild);
  return el;
}

export function sel<E extends Element>(el: E): Selection<E, unknown, null, undefined> {
  return select(el);
}

/** An aria-live region (polite) and a visually hidden help sentence, both inside root. */
export function liveRegion(root: Element, help: string): { live: HTMLElement; helpId: string } {
  const id = rootId(root);
  const helpEl = ensure(root, 'p', 'viz-help viz-visually-hidden') as HTMLElement;
  helpEl.id = `${id}-help`;
  helpEl.textContent = help;
  const live = ensure(root, 'p', 'viz-live') as HTMLElement;
  live.setAttribute('aria-live', 'polite');
  return { live, helpId: helpEl.id };
}

/** Estimated width in px of a label in the figures' 11px font (for margins; no layout pass needed). */
export function labelWidth(labels: readonly string[] | undefined, px = 6.6): number {
  if (!labels || labels.length === 0) return 0;
  return Math.max(...labels.map((s) => s.length)) * px;
}

/** A child <div class="fig-part fig-part-NAME"> of body, created once, in call order; its heading follows. */
export function part(body: HTMLElement, name: string, heading?: string): HTMLElement {
  let el = body.querySelector<HTMLElement>(`:scope > .fig-part-${name}`);
  const shown = el?.querySelector<HTMLElement>(':scope > .fig-part-heading');
  if (shown && heading !== undefined && shown.textContent !== heading) shown.textContent = heading;
  if (!el) {
    el = body.ownerDocument.createElement('div');
    el.className = `fig-part fig-part-${name}`;
    if (heading) {
      const h = body.ownerDocument.createElement('p');
      h.className = 'fig-part-heading';
      h.textContent = heading;
      el.appendChild(h);
    }
    body.appendChild(el);
  }
  let plot = el.querySelector<HTMLElement>(':scope > .fig-plot');
  if (!plot) {
    plot = body.ownerDocument.createElement('div');
    plot.className = 'fig-plot';
    el.appendChild(plot);
  }
  return plot;
}
