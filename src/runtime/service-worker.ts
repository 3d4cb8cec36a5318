// The site's service worker (issue 20: the site reads offline after one visit): the build writes its file
// list and version in front of this code as SITE_MANIFEST (scripts/site/service-worker.ts) and emits it as
// /sw.js; what it does with them is src/runtime/offline-cache.ts. A new build is a new sw.js, which the
// browser installs beside the old one; it takes over at once (skipWaiting, claim) once its cache is full.
import { OfflineSite, type SiteManifest } from './offline-cache';

declare const SITE_MANIFEST: SiteManifest;

const sw = self as unknown as ServiceWorkerGlobalScope;
const site = new OfflineSite(SITE_MANIFEST, sw.location.href, {
  caches: sw.caches,
  fetch: (request) => fetch(request as Request),
});

sw.addEventListener('install', (event) => {
  event.waitUntil(site.install().then(() => sw.skipWaiting()));
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(site.activate().then(() => sw.clients.claim()));
});

sw.addEventListener('fetch', (event) => {
  const route = site.route(event.request);
  if (route) event.respondWith(site.respond(event.request, route));
});

// The page asks which build this worker keeps (the e2e test, and anyone debugging a stale copy).
sw.addEventListener('message', (event) => {
  if (event.data === 'version') event.ports[0]?.postMessage(SITE_MANIFEST.version);
});
