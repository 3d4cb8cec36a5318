// What the site's service worker does (issue 20: the site reads offline after one visit), as plain code over
// an injected Cache Storage and fetch, so Node tests can run it; src/runtime/service-worker.ts wires it to the
// worker's events and scripts/site/service-worker.ts writes the build's file list into it.
//
// - One cache per build, `inside-clip-site-<version>`, the version a hash of the build's files: install
//   fills the new one completely (or fails and keeps the old), activate deletes this site's older versions
//   only, never another cache (the model store's 'inside-clip-models-v1' keeps converted and hub models).
// - Navigations go to the network first, so a new build is seen as soon as it is online; the cached page
//   (query ignored) answers when the network fails, and the cached 404 page for a page that was never built.
// - The build's content-hashed files (`_astro/`) are served from the cache first (a hit is always the right
//   content); its other files (models/tiny/, tokenizer/, tfjs/) from the network first, so a page of a newer
//   build never mixes with this build's model or tokenizer while online.
// - Nothing else is touched: not a non-GET request, not another origin (the hub), not blob: or data: (the
//   reader's images never leave the page anyway), not a range request, not a file outside the build's list.
//   Responses from the network are never written into the cache, except build files kept on first use.

export const CACHE_PREFIX = 'inside-clip-site-';

export interface SiteManifest {
  /** The first 16 hex digits of a sha256 over the build's file names and contents. */
  version: string;
  /** Paths relative to the worker's folder, fetched at install ('' and 'overview/' are pages). */
  precache: string[];
  /** The build's other files, kept on first use (KaTeX's woff and ttf fonts, which browsers rarely pick). */
  lazy: string[];
}

/** The parts of a Request this code reads; the browser's and Node's Request fit it. */
export interface RequestLike {
  readonly url: string;
  readonly method: string;
  readonly mode: string;
  readonly headers: { has(name: string): boolean };
}

/** The part of the Cache interface used here, keyed by URL; the browser's Cache fits it. */
export interface CacheLike {
  match(url: string, options?: { ignoreSearch?: boolean }): Promise<Response | undefined>;
  put(url: string, response: Response): Promise<void>;
  addAll(requests: Request[]): Promise<void>;
}

export interface CacheStorageLike {
  open(name: string): Promise<CacheLike>;
  keys(): Promise<string[]>;
  delete(name: string): Promise<boolean>;
}

export interface OfflineDeps {
  caches: CacheStorageLike;
  /** The network; given the request the page made. */
  fetch: (request: RequestLike) => Promise<Response>;
}

/** How a request is answered: a page, a content-hashed build file, another build file, or not at all. */
export type Route = 'page' | 'immutable' | 'file' | null;

export const cacheName = (version: string): string => `${CACHE_PREFIX}${version}`;

/** The cache key of a page: no query or fragment, and `/x` read as the folder `/x/` the server redirects to. */
export function pageKey(url: string): string {
  const u = new URL(url);
  u.search = '';
  u.hash = '';
  if (u.pathname.endsWith('/index.html')) u.pathname = u.pathname.slice(0, -'index.html'.length);
  const last = u.pathname.split('/').pop() ?? '';
  if (last !== '' && !last.includes('.')) u.pathname += '/';
  return u.href;
}

export class OfflineSite {
  readonly cacheName: string;
  private readonly folder: string;
  private readonly known: Set<string>;

  /**
   * @param workerUrl the worker script's URL: the manifest's paths are relative to its folder, and so is
   *   the part of the origin it answers for.
   */
  constructor(
    private readonly manifest: SiteManifest,
    workerUrl: string,
    private readonly deps: OfflineDeps,
  ) {
    this.cacheName = cacheName(manifest.version);
    this.folder = new URL('./', workerUrl).href;
    this.known = new Set([...manifest.precache, ...manifest.lazy].map((p) => this.resolve(p)));
  }

  private resolve(path: string): string {
    return new URL(path, this.folder).href;
  }

  /** Fills this build's cache with every file the precache list names; rejects (keeping nothing new) if one fails. */
  async install(): Promise<void> {
    const cache = await this.deps.caches.open(this.cacheName);
    // `reload`: past the HTTP cache, so the files are this build's even where a cache kept older ones.
    await cache.addAll(this.manifest.precache.map((p) => new Request(this.resolve(p), { cache: 'reload' })));
  }

  /** Deletes this site's caches of other builds; every other cache stays. Returns the names deleted. */
  async activate(): Promise<string[]> {
    const old = (await this.deps.caches.keys()).filter(
      (name) => name.startsWith(CACHE_PREFIX) && name !== this.cacheName,
    );
    await Promise.all(old.map((name) => this.deps.caches.delete(name)));
    return old;
  }

  route(request: RequestLike): Route {
    if (request.method !== 'GET' || request.headers.has('range')) return null;
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return null;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (!url.href.startsWith(this.folder)) return null; // another origin, or outside the site
    if (request.mode === 'navigate') return 'page';
    url.search = '';
    url.hash = '';
    if (!this.known.has(url.href)) return null;
    return url.href.startsWith(this.resolve('_astro/')) ? 'immutable' : 'file';
  }

  /** The answer to a request `route` did not refuse. */
  async respond(request: RequestLike, route: Exclude<Route, null>): Promise<Response> {
    const cache = await this.deps.caches.open(this.cacheName);
    if (route === 'immutable') {
      const hit = await cache.match(request.url, { ignoreSearch: true });
      if (hit) return hit;
      const res = await this.deps.fetch(request);
      if (res.status === 200 && !res.redirected) {
        await cache.put(request.url, res.clone()).catch(() => undefined); // a full disk keeps nothing
      }
      return res;
    }
    try {
      return await this.deps.fetch(request);
    } catch (err) {
      if (route === 'file') {
        const hit = await cache.match(request.url, { ignoreSearch: true });
        if (hit) return hit;
        throw err;
      }
      const page = await cache.match(pageKey(request.url));
      if (page) return page;
      const missing = await cache.match(this.resolve('404.html'));
      if (!missing) throw err;
      // The server's answer to a page that was never built, headers (cross-origin isolation) kept.
      return new Response(missing.body, { status: 404, statusText: 'Not Found', headers: missing.headers });
    }
  }
}
