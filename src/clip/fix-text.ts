// The parts of ftfy.fix_text (ftfy 6, default config) that matter for typed text, in ftfy's order and
// repeated until nothing changes. Mojibake repair is a subset: UTF-8 read as windows-1252/latin-1 only.
import { CP1252_C1, ftfyUnescapeHtml } from './html-unescape';

const LIGATURES: Record<string, string> = {
  Ĳ: 'IJ',
  ĳ: 'ij',
  ŉ: 'ʼn',
  Ǳ: 'DZ',
  ǲ: 'Dz',
  ǳ: 'dz',
  Ǆ: 'DŽ',
  ǅ: 'Dž',
  ǆ: 'dž',
  Ǉ: 'LJ',
  ǈ: 'Lj',
  ǉ: 'lj',
  Ǌ: 'NJ',
  ǋ: 'Nj',
  ǌ: 'nj',
  ﬀ: 'ff',
  ﬁ: 'fi',
  ﬂ: 'fl',
  ﬃ: 'ffi',
  ﬄ: 'ffl',
  ﬅ: 'ſt',
  ﬆ: 'st',
};
const LIGATURE = new RegExp(`[${Object.keys(LIGATURES).join('')}]`, 'g');

const WIDE = /[\u3000\uff01-\uffef]/g;
function fixWidth(c: string): string {
  return c === '\u3000' ? ' ' : c.normalize('NFKC');
}

// eslint-disable-next-line no-control-regex -- terminal escapes start with ESC
const ANSI_ESCAPE = /\x1b\[(?:\p{Nd}|;)*[a-zA-Z]/gu;
const C1 = /[\x80-\x9f]/g;
// eslint-disable-next-line no-control-regex -- ftfy's remove_control_chars list
const CONTROL = /[\x00-\x08\x0b\x0e-\x1f\x7f\u206a-\u206f\ufeff\ufff9-\ufffc]/g;
const LONE_SURROGATE = /[\ud800-\udfff]/gu;

const CONT = `[\\x80-\\xbf${CP1252_C1}]`;
const MOJIBAKE = new RegExp(`[ÂÃÎÏÐÑ]${CONT}|â${CONT}{2}|ð${CONT}{3}`, 'g');
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function byteOf(c: string): number {
  const i = CP1252_C1.indexOf(c);
  return i >= 0 ? 0x80 + i : c.charCodeAt(0);
}

/** UTF-8 bytes that were decoded as windows-1252 (or latin-1): 'cafÃ©' → 'café', 'â€™' → '’'. */
function fixMojibake(text: string): string {
  return text.replace(MOJIBAKE, (seq) => {
    try {
      return utf8.decode(Uint8Array.from(Array.from(seq, byteOf)));
    } catch {
      return seq;
    }
  });
}

function fixSegment(segment: string, unescapeHtml: boolean): string {
  let text = segment;
  for (;;) {
    const before = text;
    if (unescapeHtml) text = ftfyUnescapeHtml(text);
    text = fixMojibake(text);
    text = text.replace(C1, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]!);
    text = text.replace(LIGATURE, (c) => LIGATURES[c]!);
    text = text.replace(WIDE, fixWidth);
    text = text.replace(/[\u02bc\u2018-\u201b]/g, "'").replace(/[\u201c-\u201f]/g, '"');
    text = text.replace(/\r\n|[\r\u2028\u2029\x85]/g, '\n');
    text = text.replace(LONE_SURROGATE, '\ufffd');
    text = text.replace(ANSI_ESCAPE, '');
    text = text.replace(CONTROL, '');
    text = text.normalize('NFC');
    if (text === before) return text;
  }
}

/** ftfy.fix_text subset: line by line; HTML unescaping stops for good once a line contains '<'. */
export function fixText(text: string): string {
  let unescapeHtml = true;
  let out = '';
  for (const segment of text.match(/[^\n]*\n|[^\n]+$/g) ?? []) {
    if (segment.includes('<')) unescapeHtml = false;
    out += fixSegment(segment, unescapeHtml);
  }
  return out;
}
