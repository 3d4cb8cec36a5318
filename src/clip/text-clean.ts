// Text cleaning before BPE, as OpenAI's SimpleTokenizer.encode does it:
// whitespace_clean(basic_clean(text)).lower(), with ftfy.fix_text optional (fix-text.ts).
import { fixText } from './fix-text';
import { htmlUnescape } from './html-unescape';

export interface CleanOptions {
  /** Apply the ftfy.fix_text subset first, as OpenAI's code does when ftfy is installed. Default true. */
  fixText?: boolean;
}

// The regex module's `\s` is Unicode White_Space; Python's str.strip also strips U+001C..U+001F.
const SPACE_RUN = /\p{White_Space}+/gu;
// eslint-disable-next-line no-control-regex -- U+001C..U+001F are separators Python strips
const EDGE_SPACE = /^[\p{White_Space}\x1c-\x1f]+|[\p{White_Space}\x1c-\x1f]+$/gu;

/** Python's str.strip() with no argument. */
export function pyStrip(text: string): string {
  return text.replace(EDGE_SPACE, '');
}

/** basic_clean: ftfy.fix_text, html.unescape twice, strip. */
export function basicClean(text: string, options: CleanOptions = {}): string {
  const fixed = options.fixText === false ? text : fixText(text);
  return pyStrip(htmlUnescape(htmlUnescape(fixed)));
}

/** whitespace_clean: every run of White_Space becomes one space (regex module), then str.strip. */
export function whitespaceClean(text: string): string {
  return pyStrip(text.replace(SPACE_RUN, ' '));
}

/** Python's str.lower(): full case mapping ('İ' → 'i̇') and final sigma, like String#toLowerCase. */
export function pyLower(text: string): string {
  return text.toLowerCase();
}

/** The text the tokenizer actually splits: whitespace_clean(basic_clean(text)).lower(). */
export function cleanText(text: string, options: CleanOptions = {}): string {
  return pyLower(whitespaceClean(basicClean(text, options)));
}
