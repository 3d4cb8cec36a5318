// The page's side of offline reading (issue 20): registers the service worker the build emits (/sw.js,
// scripts/site/service-worker.ts) in built pages, after the page has loaded so its files are fetched
// once the page's own are; in `astro dev`, where there is none, it unregisters one left by a build
// served on the same port. And it says when the reader is offline, in the status line under the header
// (navigator.onLine and the online/offline events), with whether this device holds a copy of the site.

export interface OfflineMessages {
  /** Offline, and a service worker controls the page: the site's copy answers. */
  saved: string;
  /** Offline without one: pages not opened yet will not load. */
  unsaved: string;
}

declare global {
  interface ImportMetaEnv {
    /** The worker's file name in a build ('sw.js'); absent in `astro dev` (scripts/site/service-worker.ts). */
    readonly SERVICE_WORKER?: string;
  }
}

/** Keeps `el`'s text in step with the connection; empty while online. */
export function showConnection(el: HTMLElement, messages: OfflineMessages, nav: Navigator = navigator): void {
  const update = () => {
    const controlled = Boolean(nav.serviceWorker?.controller);
    const text = nav.onLine ? '' : controlled ? messages.saved : messages.unsaved;
    if (el.textContent !== text) el.textContent = text;
  };
  window.addEventListener('online', update);
  window.addEventListener('offline', update);
  nav.serviceWorker?.addEventListener('controllerchange', update);
  update();
}

/**
 * Registers the build's service worker (`worker`, its file name) once the page has loaded, or, without one
 * (`astro dev`), removes a worker a build served on the same origin left; quiet where unsupported.
 */
export function registerServiceWorker(base: string, worker: string | undefined): void {
  const sw = navigator.serviceWorker;
  if (!sw) return;
  const folder = base.replace(/\/?$/, '/');
  if (!worker) {
    void sw.getRegistrations().then((all) => {
      for (const r of all) if (r.active?.scriptURL.endsWith('/sw.js')) void r.unregister();
    });
    return;
  }
  // The copy is about 15 MB: a reader who asked the browser to save data does not get it unasked.
  const saveData = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection?.saveData;
  if (saveData) return;
  const register = () =>
    sw
      .register(`${folder}${worker}`)
      .catch((err: unknown) => console.warn('offline copy not available:', err));
  if (document.readyState === 'complete') void register();
  else window.addEventListener('load', () => void register(), { once: true });
}

/** Both, for every offline status line of the page. */
export function startOffline(): void {
  for (const el of document.querySelectorAll<HTMLElement>('.offline-status')) {
    showConnection(el, { saved: el.dataset.saved ?? '', unsaved: el.dataset.unsaved ?? '' });
  }
  registerServiceWorker(import.meta.env.BASE_URL, import.meta.env.SERVICE_WORKER);
}
