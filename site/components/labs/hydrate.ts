// Hydration shared by the labs: each prerendered lab figure carries its build-time config as JSON in a
// <script> child; its page object is built once, and a lab that cannot start stays as its first paint.
import { setVizLang } from '../../../src/viz/strings';

/** Builds `make(figure, config, k)` for every not-yet-hydrated figure matching `figures`. */
export function hydrateLabs<C>(
  figures: string,
  configScript: string,
  name: string,
  make: (fig: HTMLElement, config: C, k: number) => void,
): void {
  setVizLang(document.documentElement.lang || 'en');
  const labs = [...document.querySelectorAll<HTMLElement>(figures)];
  labs.forEach((fig, k) => {
    const json = fig.querySelector(`:scope > ${configScript}`)?.textContent;
    if (!json || fig.dataset.hydrated) return;
    fig.dataset.hydrated = 'true';
    try {
      make(fig, JSON.parse(json) as C, k);
    } catch (err) {
      console.warn(`${name} not interactive:`, err);
    }
  });
}
