// The site's Content Security Policy. Pages get a <meta http-equiv="content-security-policy"> (a static host
// may send no headers) listing the hashes of their own inline scripts, so nothing but the site's scripts
// runs, and fetches go only to the site and the Hugging Face hub. The cell worker, whose policy comes from
// its own response headers, gets a stricter one: its programs may reach this origin only, and the build
// writes it into dist/_headers (Netlify, Cloudflare Pages) as `npm start` sends it (static-server.ts).
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

/** The worker that runs code cells (src/runtime/cell-worker.ts), as Vite names its chunk. */
export const CELL_WORKER = /^\/(?:.*\/)?_astro\/cell-worker-[\w-]+\.js$/;

/**
 * Programs run through `new AsyncFunction` (unsafe-eval); the wasm backend compiles wasm and starts its
 * threads from blob: scripts; nothing from another origin.
 */
export const CELL_WORKER_CSP = [
  "default-src 'none'",
  "script-src 'self' blob: 'unsafe-eval' 'wasm-unsafe-eval'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
].join('; ');

const HUB_HOSTS = ['https://huggingface.co', 'https://*.huggingface.co', 'https://*.hf.co'];

export function pageCsp(scriptHashes: readonly string[], hubEndpoint = 'https://huggingface.co'): string {
  const hub = [...new Set([hubEndpoint, ...HUB_HOSTS])];
  return [
    "default-src 'self'",
    ["script-src 'self' 'wasm-unsafe-eval'", ...scriptHashes.map((h) => `'${h}'`)].join(' '),
    // D3 and CodeMirror set styles from script; KaTeX's markup carries style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    // KaTeX's stylesheet embeds some of its fonts.
    "font-src 'self' data:",
    "media-src 'self' blob: mediastream:",
    `connect-src 'self' ${hub.join(' ')}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

const INLINE_SCRIPT = /<script(?![^>]*\bsrc=)([^>]*)>([\s\S]*?)<\/script>/g;

/** sha256 source expressions of a page's inline scripts that run (JSON data blocks do not). */
export function inlineScriptHashes(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(INLINE_SCRIPT)) {
    const type = /\btype="([^"]*)"/.exec(m[1]!)?.[1];
    if (type && type !== 'module' && type !== 'text/javascript') continue;
    out.push(`sha256-${createHash('sha256').update(m[2]!, 'utf8').digest('base64')}`);
  }
  return [...new Set(out)];
}

/** The page with its policy as the first element of <head>, before any script. */
export function withCsp(html: string, hubEndpoint?: string): string {
  const policy = pageCsp(inlineScriptHashes(html), hubEndpoint);
  const meta = `<meta http-equiv="content-security-policy" content="${policy.replace(/"/g, '&quot;')}">`;
  if (!/<head[^>]*>/.test(html)) throw new Error('a page without <head> cannot carry its policy');
  return html.replace(/<head[^>]*>/, (head) => `${head}${meta}`);
}

export const HEADERS_FILE = `/_astro/cell-worker-*.js\n  Content-Security-Policy: ${CELL_WORKER_CSP}\n`;

async function htmlFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await htmlFiles(full)));
    else if (entry.name.endsWith('.html')) out.push(full);
  }
  return out;
}

/** Runs before the service worker's integration, which fingerprints the pages as they end up. */
export function contentSecurityPolicy(): AstroIntegration {
  return {
    name: 'inside-clip:csp',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const endpoint = process.env.PUBLIC_HF_ENDPOINT?.replace(/\/+$/, '');
        const hub = endpoint && /^https?:\/\/[^\s/]+$/.test(endpoint) ? endpoint : undefined;
        const pages = await htmlFiles(root);
        for (const file of pages) await writeFile(file, withCsp(await readFile(file, 'utf8'), hub));
        await writeFile(path.join(root, '_headers'), HEADERS_FILE);
        logger.info(`${pages.length} pages carry their policy; _headers sets the cell worker's`);
      },
    },
  };
}
