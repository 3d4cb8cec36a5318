// The site's Content Security Policy (scripts/site/csp.ts): a page's inline scripts are hashed exactly as
// the browser hashes them (their text), JSON data blocks are not, the policy lands first in <head>, and the
// cell worker's header allows only this origin.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CELL_WORKER, CELL_WORKER_CSP, inlineScriptHashes, pageCsp, withCsp } from '../../scripts/site/csp';

const sha = (s: string): string => `sha256-${createHash('sha256').update(s).digest('base64')}`;

describe('the page policy', () => {
  const html =
    '<!doctype html><html><head><meta charset="utf-8"><script>var a = 1;</script></head><body>' +
    '<script type="module">import "/x.js";</script><script type="application/json">{"a":1}</script>' +
    '<script type="module" src="/_astro/y.js"></script></body></html>';

  it('hashes the inline scripts that run, and only those', () => {
    expect(inlineScriptHashes(html)).toEqual([sha('var a = 1;'), sha('import "/x.js";')]);
  });

  it('goes first in <head>, before any script', () => {
    const out = withCsp(html);
    expect(out.indexOf('http-equiv="content-security-policy"')).toBeLessThan(out.indexOf('<script'));
    expect(out).toContain(`'${sha('var a = 1;')}'`);
    expect(() => withCsp('<p>no head</p>')).toThrow(/head/);
  });

  it('lets fetches reach the site and the configured hub, and nothing else', () => {
    const policy = pageCsp([], 'http://127.0.0.1:47651');
    expect(policy).toMatch(/connect-src 'self' http:\/\/127\.0\.0\.1:47651 https:\/\/huggingface\.co/);
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
  });
});

describe('the cell worker policy', () => {
  it('names the cell worker chunk only', () => {
    expect(CELL_WORKER.test('/_astro/cell-worker-BgmUqlCi.js')).toBe(true);
    expect(CELL_WORKER.test('/base/_astro/cell-worker-x_y.js')).toBe(true);
    expect(CELL_WORKER.test('/_astro/worker-BgmUqlCi.js')).toBe(false);
  });
  it('allows this origin only', () => {
    expect(CELL_WORKER_CSP).toContain("connect-src 'self'");
    expect(CELL_WORKER_CSP).toContain("default-src 'none'");
    expect(CELL_WORKER_CSP).not.toMatch(/https?:/);
  });
});
