// CLIP's tokenizer (OpenAI clip/simple_tokenizer.py and clip.tokenize): clean, split, byte-level BPE, ids;
// and encodeWithSteps, the same work kept step by step for the tokenizer section. Pure: no fs, no DOM.
import {
  EOT,
  SOT,
  WORD_END,
  bpe,
  buildVocab,
  byteSymbolsInVocabOrder,
  bytesToUnicode,
  pairKey,
  parseMerges,
  type MergeStep,
} from './bpe';
import { cleanText, type CleanOptions } from './text-clean';

export { SOT, EOT, VOCAB_SIZE, type MergeStep } from './bpe';

/** OpenAI's split pattern (regex module, re.IGNORECASE); `u` gives \p{..} and Unicode case folding. */
export const SPLIT_PATTERN =
  /<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\p{White_Space}\p{L}\p{N}]+/giu;

// U+0345 folds to 'ι', so /iu counts it a letter; Python's pattern matches it nowhere, like a space.
const UNMATCHED = /\u0345/g;

export interface TokenizeOptions {
  contextLength?: number;
  truncate?: boolean;
}

export interface PretokenSteps {
  /** The pre-token as the split pattern found it. */
  text: string;
  /** Its UTF-8 bytes. */
  bytes: number[];
  /** The bytes as byte-level unicode symbols (bytes_to_unicode). */
  unicode: string;
  /** True for a literal <|startoftext|> or <|endoftext|>: no merges, one special id. */
  special: boolean;
  /** The symbols BPE starts from: one per byte, '</w>' on the last. */
  initial: string[];
  /** Each merge applied, in order. */
  merges: MergeStep[];
  tokens: string[];
  ids: number[];
}

export interface EncodeSteps {
  input: string;
  cleaned: string;
  pretokens: PretokenSteps[];
  tokens: string[];
  ids: number[];
}

export interface ClipTokenizer {
  readonly vocabSize: number;
  /** Id of <|startoftext|> (49406). */
  readonly sot: number;
  /** Id of <|endoftext|> (49407). */
  readonly eot: number;
  /** whitespace_clean(basic_clean(text)).lower() */
  clean(text: string): string;
  /** The pre-tokens of a cleaned text (regex.findall(pat, cleaned)). */
  pretokenize(cleaned: string): string[];
  /** Ids without SOT/EOT (SimpleTokenizer.encode). */
  encode(text: string): number[];
  /** SimpleTokenizer.decode: '</w>' becomes a space; invalid UTF-8 becomes U+FFFD. */
  decode(ids: ArrayLike<number>): string;
  /** Vocabulary strings of ids. */
  tokensOf(ids: ArrayLike<number>): string[];
  /** clip.tokenize: [SOT, ...ids, EOT] padded with 0 to contextLength, one row per text. */
  tokenize(texts: string | string[], options?: TokenizeOptions): Int32Array[];
  /** One row of clip.tokenize without its padding: SOT to the EOT that closes the text (a literal
   * <|endoftext|> inside the text stays inside). */
  unpadded(text: string, options?: TokenizeOptions): number[];
  encodeWithSteps(text: string): EncodeSteps;
}

const CACHE_LIMIT = 20_000;

export function createTokenizer(mergesText: string, cleanOptions: CleanOptions = {}): ClipTokenizer {
  const byteToSymbol = bytesToUnicode();
  const symbolToByte = new Map(byteToSymbol.map((s, b) => [s, b]));
  const merges = parseMerges(mergesText);
  const ranks = new Map(merges.map(([a, b], rank) => [pairKey(a, b), rank]));
  const vocab = buildVocab(byteSymbolsInVocabOrder(byteToSymbol), merges);
  const encoder = new Map(vocab.map((token, id) => [token, id]));
  const sot = encoder.get(SOT)!;
  const eot = encoder.get(EOT)!;
  const utf8 = new TextEncoder();
  const cache = new Map<string, string[]>();

  const idOf = (token: string): number => {
    const id = encoder.get(token);
    if (id === undefined) throw new Error(`Token ${JSON.stringify(token)} is not in the vocabulary`);
    return id;
  };
  const toUnicode = (bytes: Uint8Array): string => Array.from(bytes, (b) => byteToSymbol[b]!).join('');
  const isSpecial = (token: string) => token === SOT || token === EOT;

  const clean = (text: string) => cleanText(text, cleanOptions);
  const pretokenize = (cleaned: string) =>
    Array.from(cleaned.replace(UNMATCHED, ' ').matchAll(SPLIT_PATTERN), (m) => m[0]);

  const bpeCached = (unicode: string): string[] => {
    if (isSpecial(unicode)) return [unicode];
    let tokens = cache.get(unicode);
    if (!tokens) {
      tokens = bpe(unicode, ranks);
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(unicode, tokens);
    }
    return tokens;
  };

  const encode = (text: string): number[] =>
    pretokenize(clean(text)).flatMap((pre) => bpeCached(toUnicode(utf8.encode(pre))).map(idOf));

  const tokensOf = (ids: ArrayLike<number>): string[] =>
    Array.from(ids, (id) => {
      const token = vocab[id];
      if (token === undefined)
        throw new Error(`Token id ${id} is outside the vocabulary (0..${vocab.length - 1})`);
      return token;
    });

  const decode = (ids: ArrayLike<number>): string => {
    const symbols = Array.from(tokensOf(ids).join(''));
    const bytes = Uint8Array.from(symbols, (s) => symbolToByte.get(s)!);
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).replaceAll(WORD_END, ' ');
  };

  const unpadded = (text: string, options: TokenizeOptions = {}): number[] => {
    const { contextLength = 77, truncate = false } = options;
    if (!Number.isInteger(contextLength) || contextLength < 1) {
      throw new RangeError(`contextLength must be a positive integer, got ${contextLength}`);
    }
    let ids = [sot, ...encode(text), eot];
    if (ids.length > contextLength) {
      if (!truncate) {
        throw new Error(
          `Input "${text}" is too long for context length ${contextLength} (${ids.length} tokens)`,
        );
      }
      ids = ids.slice(0, contextLength);
      ids[contextLength - 1] = eot;
    }
    return ids;
  };

  const tokenize = (texts: string | string[], options: TokenizeOptions = {}): Int32Array[] => {
    const contextLength = options.contextLength ?? 77;
    return (typeof texts === 'string' ? [texts] : texts).map((text) => {
      const row = new Int32Array(contextLength);
      row.set(unpadded(text, options));
      return row;
    });
  };

  const encodeWithSteps = (input: string): EncodeSteps => {
    const cleaned = clean(input);
    const pretokens = pretokenize(cleaned).map((text): PretokenSteps => {
      const bytes = utf8.encode(text);
      const unicode = toUnicode(bytes);
      const special = isSpecial(unicode);
      const chars = Array.from(unicode);
      const initial = special ? [unicode] : [...chars.slice(0, -1), chars[chars.length - 1] + WORD_END];
      const merges: MergeStep[] = [];
      const tokens = special ? [unicode] : bpe(unicode, ranks, merges);
      return {
        text,
        bytes: Array.from(bytes),
        unicode,
        special,
        initial,
        merges,
        tokens,
        ids: tokens.map(idOf),
      };
    });
    const tokens = pretokens.flatMap((p) => p.tokens);
    return { input, cleaned, pretokens, tokens, ids: tokens.map(idOf) };
  };

  return {
    vocabSize: vocab.length,
    sot,
    eot,
    clean,
    pretokenize,
    encode,
    decode,
    tokensOf,
    tokenize,
    unpadded,
    encodeWithSteps,
  };
}
