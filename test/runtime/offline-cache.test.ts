// The service worker's rules (src/runtime/offline-cache.ts) over an in-memory Cache Storage and a fake
// server that can go offline: install keeps a whole build or nothing, activate deletes only this site's older
// builds (the model store's cache stays), pages and unhashed files come from the network first and from the
// cache offline, content-hashed files from the cache first, and what is not the build's own is never touched.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  CACHE_PREFIX,
  type CacheLike,
  type CacheStorageLike,
  OfflineSite,
  type RequestLike,
  type SiteManifest,
  pageKey,
} from '../../src/runtime/offline-cache';

const ORIGIN = 'https://clip.example';
const WORKER = `${ORIGIN}/sw.js`;

const keyOf = (r: Request | string, ignoreSearch = false): string => {
  const u = new URL(typeof r === 'string' ? r : r.url);
  if (ignoreSearch) u.search = '';
  return u.href;
};

class MemoryCache implements CacheLike {
  readonly entries = new Map<string, Response>();
  constructor(private readonly fetchFn: (r: Request | string) => Promise<Response>) {}
  async match(r: string, o?: { ignoreSearch?: boolean }) {
    const want = keyOf(r, o?.ignoreSearch);
    for (const [k, res] of this.entries) if (keyOf(k, o?.ignoreSearch) === want) return res.clone();
    return undefined;
  }
  async put(r: string, res: Response) {
    this.entries.set(keyOf(r), res);
  }
  async addAll(requests: Request[]) {
    const got = await Promise.all(requests.map((r) => this.fetchFn(r)));
    if (got.some((res) => !res.ok)) throw new TypeError('addAll: a response was not ok');
    got.forEach((res, k) => this.entries.set(keyOf(requests[k]!), res));
  }
}

class MemoryStorage implements CacheStorageLike {
  readonly caches = new Map<string, MemoryCache>();
  constructor(private readonly fetchFn: (r: Request | string) => Promise<Response>) {}
  async open(name: string) {
    if (!this.caches.has(name)) this.caches.set(name, new MemoryCache(this.fetchFn));
    return this.caches.get(name)!;
  }
  async keys() {
    return [...this.caches.keys()];
  }
  async delete(name: string) {
    return this.caches.delete(name);
  }
}

/** The site's server: path → body; offline, every fetch fails as the browser's does. */
const server = { online: true, files: new Map<string, string>(), fetched: [] as string[] };
const fetchFn = async (r: RequestLike | Request | string): Promise<Response> => {
  const url = new URL(typeof r === 'string' ? r : r.url);
  server.fetched.push(url.pathname);
  if (!server.online) throw new TypeError('Failed to fetch');
  const body = server.files.get(
    url.pathname === '/' ? '/index.html' : url.pathname.replace(/\/$/, '/index.html'),
  );
  return body === undefined ? new Response('nope', { status: 404 }) : new Response(body, { status: 200 });
};

const manifest: SiteManifest = {
  version: 'aaaa',
  precache: ['', 'overview/', '404.html', '_astro/page.1.js', 'models/tiny/model.safetensors'],
  lazy: ['_astro/KaTeX.2.ttf'],
};
const build = (tag: string) =>
  new Map([
    ['/index.html', `home ${tag}`],
    ['/overview/index.html', `overview ${tag}`],
    ['/404.html', `missing ${tag}`],
    ['/_astro/page.1.js', 'script'],
    ['/_astro/KaTeX.2.ttf', 'font'],
    ['/models/tiny/model.safetensors', `weights ${tag}`],
  ]);

const req = (
  path: string,
  init: { method?: string; mode?: string; headers?: Record<string, string> } = {},
) => {
  const url = path.includes(':') ? path : `${ORIGIN}${path}`;
  const headers = new Headers(init.headers);
  return { url, method: init.method ?? 'GET', mode: init.mode ?? 'no-cors', headers } satisfies RequestLike;
};
const nav = (path: string) => req(path, { mode: 'navigate' });

let storage: MemoryStorage;
let site: OfflineSite;
const answer = async (r: RequestLike) => {
  const route = site.route(r);
  if (!route) throw new Error(`${r.url} is not handled`);
  const res = await site.respond(r, route);
  return { status: res.status, text: await res.text() };
};

beforeEach(async () => {
  server.online = true;
  server.files = build('A');
  server.fetched = [];
  storage = new MemoryStorage(fetchFn);
  site = new OfflineSite(manifest, WORKER, { caches: storage, fetch: fetchFn });
  await site.install();
  server.fetched = [];
});

describe('install and activate', () => {
  it('keeps every file of the precache list, and the lazy ones only on first use', async () => {
    const cache = storage.caches.get(`${CACHE_PREFIX}aaaa`)!;
    expect([...cache.entries.keys()].map((k) => new URL(k).pathname).sort()).toEqual(
      ['/', '/404.html', '/_astro/page.1.js', '/models/tiny/model.safetensors', '/overview/'].sort(),
    );
  });

  it('keeps nothing of a build whose install failed', async () => {
    const broken = new OfflineSite(
      { ...manifest, version: 'bbbb', precache: [...manifest.precache, 'gone.js'] },
      WORKER,
      {
        caches: storage,
        fetch: fetchFn,
      },
    );
    await expect(broken.install()).rejects.toThrow();
    expect(storage.caches.get(`${CACHE_PREFIX}bbbb`)?.entries.size ?? 0).toBe(0);
  });

  it("deletes this site's older builds only: the model store's cache and others stay", async () => {
    await storage.open('inside-clip-models-v1');
    await storage.open('someone-else');
    await storage.open(`${CACHE_PREFIX}0000`);
    const next = new OfflineSite({ ...manifest, version: 'cccc' }, WORKER, {
      caches: storage,
      fetch: fetchFn,
    });
    await next.install();
    expect(await next.activate()).toEqual([`${CACHE_PREFIX}aaaa`, `${CACHE_PREFIX}0000`]);
    expect((await storage.keys()).sort()).toEqual(
      ['inside-clip-models-v1', 'someone-else', `${CACHE_PREFIX}cccc`].sort(),
    );
  });
});

describe('which requests are answered', () => {
  it("answers the build's own files and the site's pages", () => {
    expect(site.route(nav('/tokenizer/?fig0=%7B%7D'))).toBe('page');
    expect(site.route(req('/_astro/page.1.js'))).toBe('immutable');
    expect(site.route(req('/_astro/KaTeX.2.ttf'))).toBe('immutable');
    expect(site.route(req('/models/tiny/model.safetensors?x=1'))).toBe('file');
  });

  it('never touches other methods, origins, schemes, ranges or files outside the build', () => {
    expect(site.route(req('/models/tiny/model.safetensors', { method: 'POST' }))).toBeNull();
    expect(site.route(req('/models/tiny/model.safetensors', { method: 'HEAD' }))).toBeNull();
    expect(site.route(req('/models/tiny/model.safetensors', { headers: { range: 'bytes=0-9' } }))).toBeNull();
    expect(site.route(req('https://huggingface.co/openai/clip/resolve/main/model.safetensors'))).toBeNull();
    expect(site.route(nav('https://elsewhere.example/'))).toBeNull();
    expect(site.route(req('blob:https://clip.example/0b6c5bd2-6a43-4a0c-9d3f-2f0b5c2d6e11'))).toBeNull();
    expect(site.route(req('data:image/png;base64,iVBORw0KGgo='))).toBeNull();
    expect(site.route(req('/models/vit-b-32/model.safetensors'))).toBeNull();
    expect(site.route(req('/not-built.js'))).toBeNull();
  });

  it('answers only under the folder of the worker', () => {
    const sub = new OfflineSite(manifest, `${ORIGIN}/clip/sw.js`, { caches: storage, fetch: fetchFn });
    expect(sub.route(nav('/elsewhere/'))).toBeNull();
    expect(sub.route(nav('/clip/overview/'))).toBe('page');
    expect(sub.route(req('/clip/_astro/page.1.js'))).toBe('immutable');
  });

  it('reads /x, /x/?query and /x/index.html as the page /x/', () => {
    expect(pageKey(`${ORIGIN}/es/tokenizer`)).toBe(`${ORIGIN}/es/tokenizer/`);
    expect(pageKey(`${ORIGIN}/es/tokenizer/?fig0=1#top`)).toBe(`${ORIGIN}/es/tokenizer/`);
    expect(pageKey(`${ORIGIN}/es/tokenizer/index.html`)).toBe(`${ORIGIN}/es/tokenizer/`);
    expect(pageKey(`${ORIGIN}/404.html`)).toBe(`${ORIGIN}/404.html`);
  });
});

describe('answers', () => {
  it('pages: the network first (a new build is seen), the cached page offline', async () => {
    server.files = build('B');
    expect(await answer(nav('/overview/'))).toEqual({ status: 200, text: 'overview B' });
    server.online = false;
    expect(await answer(nav('/overview/?fig0=%7B%22i%22%3A1%7D'))).toEqual({
      status: 200,
      text: 'overview A',
    });
    expect(await answer(nav('/overview'))).toEqual({ status: 200, text: 'overview A' });
    expect(await answer(nav('/'))).toEqual({ status: 200, text: 'home A' });
    expect(await answer(nav('/never-built/'))).toEqual({ status: 404, text: 'missing A' });
  });

  it('unhashed files: the network first, the cache offline; network answers are not written', async () => {
    server.files = build('B');
    expect(await answer(req('/models/tiny/model.safetensors'))).toEqual({ status: 200, text: 'weights B' });
    server.online = false;
    expect(await answer(req('/models/tiny/model.safetensors'))).toEqual({ status: 200, text: 'weights A' });
  });

  it('content-hashed files: the cache first; a lazy one is fetched once, then kept', async () => {
    expect(await answer(req('/_astro/page.1.js'))).toEqual({ status: 200, text: 'script' });
    expect(server.fetched).toEqual([]);
    expect(await answer(req('/_astro/KaTeX.2.ttf'))).toEqual({ status: 200, text: 'font' });
    server.online = false;
    expect(await answer(req('/_astro/KaTeX.2.ttf'))).toEqual({ status: 200, text: 'font' });
    expect(server.fetched).toEqual(['/_astro/KaTeX.2.ttf']);
  });

  it('fails as the network does when nothing is kept', async () => {
    const empty = new OfflineSite({ ...manifest, version: 'dddd' }, WORKER, {
      caches: storage,
      fetch: fetchFn,
    });
    server.online = false;
    await expect(empty.respond(nav('/overview/'), 'page')).rejects.toThrow('Failed to fetch');
    await expect(empty.respond(req('/models/tiny/model.safetensors'), 'file')).rejects.toThrow(
      'Failed to fetch',
    );
    await expect(empty.respond(req('/_astro/page.1.js'), 'immutable')).rejects.toThrow('Failed to fetch');
  });
});
