// HTML entity decoding for the tokenizer's basic_clean: Python's html.unescape (CPython 3.11
// Lib/html/__init__.py, HTML5 rules) exactly, and ftfy's stricter unescape_html (semicolon required).
import { ENTITIES, LEGACY } from './html-entities';

/** Python's html._invalid_charrefs for 0x80..0x9F: windows-1252, with its five holes kept as C1 controls. */
export const CP1252_C1 =
  '\u20ac\x81\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\x8d\u017d\x8f' +
  '\x90\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\x9d\u017e\u0178';

let named: Map<string, string> | undefined;

/** html.entities.html5: 'amp;' → '&' for every name, plus 'amp' → '&' for the legacy names. */
function namedTable(): Map<string, string> {
  if (named) return named;
  named = new Map();
  for (const entry of ENTITIES.join(' ').split(' ')) {
    const [name, hex] = entry.split(':') as [string, string];
    named.set(name + ';', String.fromCodePoint(...hex.split('.').map((h) => parseInt(h, 16))));
  }
  for (const name of LEGACY.join(' ').split(' ')) named.set(name, named.get(name + ';')!);
  return named;
}

function isInvalidCodepoint(cp: number): boolean {
  return (
    (cp >= 0x1 && cp <= 0x8) ||
    cp === 0xb ||
    (cp >= 0xe && cp <= 0x1f) ||
    (cp >= 0x7f && cp <= 0x9f) ||
    (cp >= 0xfdd0 && cp <= 0xfdef) ||
    (cp & 0xfffe) === 0xfffe
  );
}

function numericRef(digits: string, radix: number): string {
  const cp = parseInt(digits, radix);
  if (cp === 0) return '\ufffd';
  if (cp === 0x0d) return '\r';
  if (cp >= 0x80 && cp <= 0x9f) return CP1252_C1[cp - 0x80]!;
  if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return '\ufffd';
  if (isInvalidCodepoint(cp)) return '';
  return String.fromCodePoint(cp);
}

function replaceCharref(ref: string): string {
  if (ref[0] === '#') {
    const hex = ref[1] === 'x' || ref[1] === 'X';
    return numericRef(ref.slice(hex ? 2 : 1).replace(/;$/, ''), hex ? 16 : 10);
  }
  const table = namedTable();
  const whole = table.get(ref);
  if (whole !== undefined) return whole;
  for (let x = ref.length - 1; x > 1; x--) {
    const prefix = table.get(ref.slice(0, x));
    if (prefix !== undefined) return prefix + ref.slice(x);
  }
  return '&' + ref;
}

const CHARREF = /&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)/gu;

/** Python's html.unescape(s). */
export function htmlUnescape(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(CHARREF, (_m, ref: string) => replaceCharref(ref));
}

let ftfyTable: Map<string, string> | undefined;

/** ftfy's HTML_ENTITIES: '&name;' for every HTML5 name, plus '&NAME;' for lower-case names when unambiguous. */
function ftfyEntities(): Map<string, string> {
  if (ftfyTable) return ftfyTable;
  ftfyTable = new Map();
  for (const [name, value] of namedTable()) {
    if (!name.endsWith(';')) continue;
    ftfyTable.set('&' + name, value);
    if (name === name.toLowerCase()) {
      const upper = '&' + name.toUpperCase();
      if (htmlUnescape(upper) === upper) ftfyTable.set(upper, value.toUpperCase());
    }
  }
  return ftfyTable;
}

const FTFY_ENTITY = /&#?[0-9A-Za-z]{1,24};/g;

/** ftfy.fixes.unescape_html: only complete references ending in ';', and upper-cased names like &EACUTE;. */
export function ftfyUnescapeHtml(s: string): string {
  return s.replace(FTFY_ENTITY, (ref) => {
    const value = ftfyEntities().get(ref);
    if (value !== undefined) return value;
    if (ref.startsWith('&#')) {
      const decoded = htmlUnescape(ref);
      return decoded.includes(';') ? ref : decoded;
    }
    return ref;
  });
}
