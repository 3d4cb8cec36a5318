// A cell's code in a shared link (site/components/cells/link.ts): what goes in comes out, links stay within
// the site's URL bound, and a link for another cell, or one that does not decode, gives nothing.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_CODE_BYTES, cellLink, linkedCode } from '../../site/components/cells/link';
import { MAX_URL_CHARS } from '../../site/lib/url-state';

const page = 'https://example.org/tokenizer/?backend=wasm#top';

describe('cell links', () => {
  it('carry the code, compressed, and keep the page’s other parameters', async () => {
    const code = "const t = tokenize('¿Qué tal? 👋');\nshow(t);\n".repeat(20);
    const url = (await cellLink(page, 'tokenizer-merges', code))!;
    expect(url.length).toBeLessThan(code.length);
    expect(new URL(url).searchParams.get('backend')).toBe('wasm');
    expect(new URL(url).hash).toBe('#cell-tokenizer-merges');
    expect(await linkedCode(url, 'tokenizer-merges')).toBe(code);
    expect(await linkedCode(url, 'another-cell')).toBeNull();
  });

  it('refuse code that would pass the URL bound', async () => {
    const noise = randomBytes(15_000).toString('base64');
    expect(await cellLink(page, 'x', noise)).toBeNull();
    const fits = (await cellLink(page, 'x', 'show(1);'))!;
    expect(fits.length).toBeLessThanOrEqual(MAX_URL_CHARS);
  });

  it('give nothing for a link whose code unpacks past the bound', async () => {
    expect(await cellLink(page, 'x', ' '.repeat(MAX_CODE_BYTES + 1))).toBeNull();
    // A link made by hand: a short deflate stream of a long run of spaces.
    const stream = new Blob([' '.repeat(MAX_CODE_BYTES + 1)])
      .stream()
      .pipeThrough(new CompressionStream('deflate-raw'));
    const packed = Buffer.from(await new Response(stream).arrayBuffer()).toString('base64url');
    const huge = `https://example.org/?cell=x&code=${packed}`;
    expect(huge.length).toBeLessThanOrEqual(MAX_URL_CHARS);
    expect(await linkedCode(huge, 'x')).toBeNull();
    const fits = (await cellLink(page, 'x', ' '.repeat(MAX_CODE_BYTES)))!;
    expect(await linkedCode(fits, 'x')).toHaveLength(MAX_CODE_BYTES);
  });

  it('give nothing for a damaged link', async () => {
    expect(await linkedCode('https://example.org/?cell=x&code=not-deflate', 'x')).toBeNull();
    expect(await linkedCode('https://example.org/?cell=x', 'x')).toBeNull();
  });
});
