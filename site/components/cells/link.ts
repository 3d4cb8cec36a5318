// A cell's code in a shareable URL: ?cell=<name>&code=<deflate-raw, base64url>, within the site's URL bound
// (MAX_URL_CHARS, lib/url-state.ts). The browser's own CompressionStream does the deflate.
import { MAX_URL_CHARS } from '../../lib/url-state';

/** Also read by cell-boot.ts, which does not import this module. */
export const CELL_PARAM = 'cell';
export const CODE_PARAM = 'code';
/** The longest program a link may carry, unpacked. */
export const MAX_CODE_BYTES = 100_000;

async function through(
  bytes: Uint8Array,
  stream: CompressionStream | DecompressionStream,
): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

const toBase64Url = (bytes: Uint8Array): string => {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

const fromBase64Url = (text: string): Uint8Array => {
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
};

/** The page's URL with this cell's code in it, or null when it would pass the URL bound. */
export async function cellLink(href: string, name: string, code: string): Promise<string | null> {
  const bytes = new TextEncoder().encode(code);
  if (bytes.length > MAX_CODE_BYTES) return null;
  const packed = toBase64Url(await through(bytes, new CompressionStream('deflate-raw')));
  const url = new URL(href);
  url.hash = '';
  url.searchParams.set(CELL_PARAM, name);
  url.searchParams.set(CODE_PARAM, packed);
  url.hash = `cell-${name}`;
  return url.href.length <= MAX_URL_CHARS ? url.href : null;
}

/** The code a link carries for the cell `name`, or null (no code for it, or code that does not decode). */
export async function linkedCode(href: string, name: string): Promise<string | null> {
  const url = new URL(href);
  const packed = url.searchParams.get(CODE_PARAM);
  if (url.searchParams.get(CELL_PARAM) !== name || !packed || packed.length > MAX_URL_CHARS) return null;
  try {
    const bytes = await through(fromBase64Url(packed), new DecompressionStream('deflate-raw'));
    // A few kilobytes of deflate can unpack to megabytes: a link's code is a cell's, not a file's.
    if (bytes.length > MAX_CODE_BYTES) return null;
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}
