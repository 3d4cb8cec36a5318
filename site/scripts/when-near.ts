// Starts a figure's page script when the figure comes within two screens of the viewport, or as soon as the
// reader points at it or tabs into it: a lesson's first JavaScript then carries only what its opening needs,
// and the figure is live before the reader reaches it (its first paint is prerendered anyway).
export function whenNear(selector: string, start: () => Promise<unknown>): void {
  const figures = [...document.querySelectorAll<HTMLElement>(selector)];
  if (figures.length === 0) return;
  let started = false;
  const go = (): void => {
    if (started) return;
    started = true;
    observer?.disconnect();
    void start();
  };
  const observer =
    typeof IntersectionObserver === 'undefined'
      ? null
      : new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && go(), {
          rootMargin: '200% 0px',
        });
  if (!observer) return go();
  for (const fig of figures) {
    observer.observe(fig);
    fig.addEventListener('pointerenter', go, { once: true });
    fig.addEventListener('focusin', go, { once: true });
  }
}
