// Reading a caption back into attributes: the inverse of the templates, used by tests and to score
// a model's retrieval by attribute. Throws on any word outside WORLD_VOCABULARY.

import {
  COLOURS,
  RELATIONS,
  SHAPES,
  SIZES,
  type Colour,
  type Position,
  type Relation,
  type Shape,
  type Size,
} from './attributes';
import { RELATION_PHRASES, SHAPE_WORDS, SIZE_WORDS, WORLD_VOCABULARY } from './caption';

export interface ParsedObject {
  colour?: Colour;
  shape?: Shape;
  size?: Size;
  position?: Position;
}

export interface ParsedCaption {
  objects: ParsedObject[];
  /** 'next to' says only "left of or right of"; absent for one object or "... and ...". */
  relation?: Relation | 'next to';
}

const SHAPE_BY_WORD = new Map(SHAPES.flatMap((s) => SHAPE_WORDS[s].map((w) => [w, s] as const)));
const SIZE_BY_WORD = new Map(SIZES.flatMap((s) => SIZE_WORDS[s].map((w) => [w, s] as const)));
const VOCABULARY = new Set(WORLD_VOCABULARY);

interface Separator {
  words: string[];
  relation?: Relation | 'next to';
}

/** Relation phrases as word lists, longest first, plus 'and' (two objects, no relation). */
const SEPARATORS: readonly Separator[] = [...new Set(RELATIONS.flatMap((r) => RELATION_PHRASES[r]))]
  .map((phrase): Separator => {
    const relation = RELATIONS.find((r) => RELATION_PHRASES[r].includes(phrase))!;
    return { words: phrase.split(' '), relation: phrase === 'next to' ? 'next to' : relation };
  })
  .concat([{ words: ['and'] }])
  .sort((a, b) => b.words.length - a.words.length);

function setOnce<K extends keyof ParsedObject>(o: ParsedObject, key: K, value: ParsedObject[K]): void {
  if (o[key] !== undefined) throw new Error(`two ${key} words in one object`);
  o[key] = value;
}

function parseObject(words: string[]): ParsedObject {
  const o: ParsedObject = {};
  words.forEach((word, i) => {
    if ((COLOURS as readonly string[]).includes(word)) setOnce(o, 'colour', word as Colour);
    const shape = SHAPE_BY_WORD.get(word);
    if (shape) setOnce(o, 'shape', shape);
    const size = SIZE_BY_WORD.get(word);
    if (size) setOnce(o, 'size', size);
    if (word === 'center' || word === 'middle') setOnce(o, 'position', 'center');
    const next = words[i + 1];
    if ((word === 'top' || word === 'bottom') && (next === 'left' || next === 'right')) {
      setOnce(o, 'position', `${word} ${next}`);
    }
  });
  return o;
}

function findSeparator(words: string[]): { at: number; separator: Separator } | null {
  for (let at = 0; at < words.length; at++) {
    for (const separator of SEPARATORS) {
      if (separator.words.every((w, k) => words[at + k] === w)) return { at, separator };
    }
  }
  return null;
}

export function parseCaption(caption: string): ParsedCaption {
  if (!/^[a-z]+( [a-z]+)*$/.test(caption))
    throw new Error(`not lowercase words with single spaces: '${caption}'`);
  const words = caption.split(' ');
  const unknown = words.filter((w) => !VOCABULARY.has(w));
  if (unknown.length > 0) throw new Error(`words outside the world's vocabulary: ${unknown.join(', ')}`);
  const found = findSeparator(words);
  if (!found) return { objects: [parseObject(words)] };
  const { at, separator } = found;
  const objects = [parseObject(words.slice(0, at)), parseObject(words.slice(at + separator.words.length))];
  return separator.relation ? { objects, relation: separator.relation } : { objects };
}
