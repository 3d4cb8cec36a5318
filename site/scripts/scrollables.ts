// Regions that scroll sideways (display math, wide tables) get tabindex=0 while they overflow, so
// keyboard readers can scroll them too (WCAG 2.1.1; axe "scrollable-region-focusable").
const SELECTOR = '.katex-display, .prose table';

function markScrollables(): void {
  for (const el of document.querySelectorAll<HTMLElement>(SELECTOR)) {
    const overflows = el.scrollWidth > el.clientWidth + 1;
    if (overflows && !el.hasAttribute('tabindex')) {
      el.tabIndex = 0;
      el.dataset.scrollFocus = '';
    } else if (!overflows && 'scrollFocus' in el.dataset) {
      el.removeAttribute('tabindex');
      delete el.dataset.scrollFocus;
    }
  }
}

let timer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('resize', () => {
  clearTimeout(timer);
  timer = setTimeout(markScrollables, 150);
});
markScrollables();

export {}; // a module, not a global script
