// @vitest-environment happy-dom
// The offline status line (site/scripts/offline.ts): empty while online; when the connection drops it says
// so in the page's language, and whether the site's copy on this device answers (a service worker controls
// the page) or not; it follows the online and offline events and a worker taking control.
import { describe, expect, it } from 'vitest';
import { showConnection } from '../../site/scripts/offline';
import { en } from '../../site/i18n/en';
import { es } from '../../site/i18n/es';

function fakeNavigator() {
  const listeners: (() => void)[] = [];
  const nav = {
    onLine: true,
    serviceWorker: {
      controller: null as object | null,
      addEventListener: (_type: string, f: () => void) => listeners.push(f),
    },
    takeControl() {
      this.serviceWorker.controller = {};
      for (const f of listeners) f();
    },
  };
  return nav;
}

const go = (nav: { onLine: boolean }, online: boolean) => {
  nav.onLine = online;
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
};

describe('the offline status line', () => {
  for (const [lang, t] of [
    ['en', en],
    ['es', es],
  ] as const) {
    it(`says when the reader is offline, and whether the copy answers (${lang})`, () => {
      const el = document.createElement('p');
      el.setAttribute('role', 'status');
      const nav = fakeNavigator();
      showConnection(el, t.offline, nav as unknown as Navigator);
      expect(el.textContent).toBe('');
      go(nav, false);
      expect(el.textContent).toBe(t.offline.unsaved);
      nav.takeControl();
      expect(el.textContent).toBe(t.offline.saved);
      go(nav, true);
      expect(el.textContent).toBe('');
      go(nav, false);
      expect(el.textContent).toBe(t.offline.saved);
    });
  }

  it('starts with the message when the page loads offline', () => {
    const el = document.createElement('p');
    const nav = fakeNavigator();
    nav.onLine = false;
    nav.serviceWorker.controller = {};
    showConnection(el, es.offline, nav as unknown as Navigator);
    expect(el.textContent).toBe(es.offline.saved);
  });
});
