// Byte-level BPE as in OpenAI clip/simple_tokenizer.py: the byte ↔ unicode table, the merge list, the
// vocabulary order, and `bpe()` that applies merges by rank and can record each step (tokenizer section).

export const MERGE_COUNT = 49152 - 256 - 2; // merges[1 : 49152-256-2+1] in OpenAI's code: 48894
export const VOCAB_SIZE = 256 + 256 + MERGE_COUNT + 2; // 49408
export const SOT = '<|startoftext|>';
export const EOT = '<|endoftext|>';
export const WORD_END = '</w>';

/** OpenAI's bytes_to_unicode(): printable bytes map to themselves, the other 68 to U+0100 + n. */
export function bytesToUnicode(): string[] {
  const table: string[] = new Array<string>(256);
  const printable = (b: number) =>
    (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  let n = 0;
  for (let b = 0; b < 256; b++) {
    table[b] = String.fromCharCode(printable(b) ? b : 256 + n++);
  }
  return table;
}

/** The byte-level symbols in bytes_to_unicode().values() order (printable bytes first, then the rest). */
export function byteSymbolsInVocabOrder(table: string[]): string[] {
  return [...table].sort((a, b) => a.charCodeAt(0) - b.charCodeAt(0));
}

/** Merges from a vocabulary text: the first line is a header, the next MERGE_COUNT lines are `a b` pairs. */
export function parseMerges(text: string): [string, string][] {
  const lines = text.split('\n');
  if (!lines[0]?.includes('#')) throw new Error('BPE merges: expected a header line starting the file');
  if (lines.length - 1 < MERGE_COUNT) {
    throw new Error(`BPE merges: expected ${MERGE_COUNT} merges, found ${lines.length - 1} lines`);
  }
  return lines.slice(1, MERGE_COUNT + 1).map((line, i) => {
    const parts = line.trim().split(/\s+/);
    if (parts.length !== 2)
      throw new Error(`BPE merges: line ${i + 2} is not a pair: ${JSON.stringify(line)}`);
    return [parts[0]!, parts[1]!];
  });
}

/** Vocabulary in id order: 256 byte symbols, the same with '</w>', one per merge, then SOT and EOT. */
export function buildVocab(byteSymbols: string[], merges: [string, string][]): string[] {
  return [
    ...byteSymbols,
    ...byteSymbols.map((s) => s + WORD_END),
    ...merges.map(([a, b]) => a + b),
    SOT,
    EOT,
  ];
}

export const pairKey = (a: string, b: string): string => `${a} ${b}`;

export interface MergeStep {
  /** The pair merged at this step. */
  pair: [string, string];
  /** Its rank (line in the merges list, 0-based): lower ranks merge first. */
  rank: number;
  /** The symbols after merging every occurrence of the pair, left to right. */
  parts: string[];
}

/**
 * BPE of one byte-encoded pre-token: start from its characters with '</w>' on the last, then repeatedly merge
 * the adjacent pair of lowest rank (every non-overlapping occurrence, left to right) until none is ranked.
 */
export function bpe(token: string, ranks: ReadonlyMap<string, number>, steps?: MergeStep[]): string[] {
  const chars = Array.from(token);
  let word = [...chars.slice(0, -1), chars[chars.length - 1] + WORD_END];
  while (word.length > 1) {
    let best = Infinity;
    let first = '';
    let second = '';
    for (let i = 0; i + 1 < word.length; i++) {
      const rank = ranks.get(pairKey(word[i]!, word[i + 1]!));
      if (rank !== undefined && rank < best) [best, first, second] = [rank, word[i]!, word[i + 1]!];
    }
    if (best === Infinity) break;
    const next: string[] = [];
    for (let i = 0; i < word.length; i++) {
      if (word[i] === first && i + 1 < word.length && word[i + 1] === second) {
        next.push(first + second);
        i++;
      } else {
        next.push(word[i]!);
      }
    }
    word = next;
    steps?.push({ pair: [first, second], rank: best, parts: [...word] });
  }
  return word;
}
