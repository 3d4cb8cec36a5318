// Captions: a few templates with modest synonyms (big/large, small/little, cross/plus, ...).
// Every caption is lowercase ASCII words joined by single spaces; WORLD_VOCABULARY lists them all.

import type { Colour, Position, Relation, Shape, Size } from './attributes';
import { COLOURS, POSITIONS, RELATIONS, SHAPES, SIZES } from './attributes';
import type { Rng } from './random';
import type { Scene, WorldObject } from './scene';

export const SIZE_WORDS: Readonly<Record<Size, readonly string[]>> = {
  small: ['small', 'little'],
  big: ['big', 'large'],
};

export const SHAPE_WORDS: Readonly<Record<Shape, readonly string[]>> = {
  circle: ['circle'],
  square: ['square'],
  triangle: ['triangle'],
  star: ['star'],
  cross: ['cross', 'plus'],
  diamond: ['diamond'],
  heart: ['heart'],
  hexagon: ['hexagon'],
};

export const POSITION_PHRASES: Readonly<Record<Position, readonly string[]>> = {
  'top left': ['at the top left', 'in the top left corner'],
  'top right': ['at the top right', 'in the top right corner'],
  'bottom left': ['at the bottom left', 'in the bottom left corner'],
  'bottom right': ['at the bottom right', 'in the bottom right corner'],
  center: ['in the center', 'in the middle'],
};

export const RELATION_PHRASES: Readonly<Record<Relation, readonly string[]>> = {
  'left of': ['to the left of', 'next to'],
  'right of': ['to the right of', 'next to'],
  above: ['above'],
  below: ['below', 'under'],
};

export const SINGLE_TEMPLATES = ['name', 'object', 'placed', 'photo', 'drawing', 'picture', 'there'] as const;
export const PAIR_TEMPLATES = ['pair', 'pair short', 'pair photo', 'pair and'] as const;
export type SingleTemplate = (typeof SINGLE_TEMPLATES)[number];
export type PairTemplate = (typeof PAIR_TEMPLATES)[number];
export type Template = SingleTemplate | PairTemplate;

/** 'an' before a vowel ("an orange star"), else 'a'. */
export const article = (nextWord: string): string => (/^[aeiou]/.test(nextWord) ? 'an' : 'a');

const withArticle = (words: string): string => `${article(words)} ${words}`;

/** The zero-shot prompt for a label, also one of the training templates ('photo'). */
export function promptFor(colour: Colour, shape: Shape): string {
  return `a photo of ${withArticle(`${colour} ${shape}`)}`;
}

interface Words {
  size: string;
  colour: string;
  shape: string;
  where: string;
}

function wordsFor(o: WorldObject, rng: Rng): Words {
  return {
    size: rng.pick(SIZE_WORDS[o.size]),
    colour: o.colour,
    shape: rng.pick(SHAPE_WORDS[o.shape]),
    where: rng.pick(POSITION_PHRASES[o.position]),
  };
}

function singleCaption(t: SingleTemplate, w: Words): string {
  const sized = withArticle(`${w.size} ${w.colour} ${w.shape}`);
  const plain = withArticle(`${w.colour} ${w.shape}`);
  switch (t) {
    case 'name':
      return `${w.colour} ${w.shape}`;
    case 'object':
      return sized;
    case 'placed':
      return `${sized} ${w.where}`;
    case 'photo':
      return `a photo of ${plain}`;
    case 'drawing':
      return `a drawing of ${sized} ${w.where}`;
    case 'picture':
      return `a picture of ${plain} ${w.where}`;
    case 'there':
      return `there is ${sized} ${w.where}`;
  }
}

function pairCaption(t: PairTemplate, a: Words, b: Words, relation: string): string {
  const sizedA = withArticle(`${a.size} ${a.colour} ${a.shape}`);
  const sizedB = withArticle(`${b.size} ${b.colour} ${b.shape}`);
  switch (t) {
    case 'pair':
      return `${sizedA} ${relation} ${sizedB}`;
    case 'pair short':
      return `${a.colour} ${a.shape} ${relation} ${b.colour} ${b.shape}`;
    case 'pair photo':
      return `a photo of ${sizedA} ${relation} ${sizedB}`;
    case 'pair and':
      return `${withArticle(`${a.colour} ${a.shape}`)} and ${withArticle(`${b.colour} ${b.shape}`)}`;
  }
}

const isSingle = (t: Template): t is SingleTemplate => (SINGLE_TEMPLATES as readonly string[]).includes(t);

/** A caption for the scene; the template is drawn at random unless given (it must fit the object count). */
export function captionScene(scene: Scene, rng: Rng, template?: Template): string {
  const [first, second] = scene.objects;
  if (!first) throw new Error('a scene needs at least one object');
  if (!second) {
    const t = template ?? rng.pick(SINGLE_TEMPLATES);
    if (!isSingle(t)) throw new Error(`template '${t}' needs two objects`);
    return singleCaption(t, wordsFor(first, rng));
  }
  const t = template ?? rng.pick(PAIR_TEMPLATES);
  if (isSingle(t)) throw new Error(`template '${t}' needs one object`);
  if (!scene.relation) throw new Error('a two-object scene needs a relation');
  const relation = rng.pick(RELATION_PHRASES[scene.relation]);
  return pairCaption(t, wordsFor(first, rng), wordsFor(second, rng), relation);
}

/** Words the templates themselves add around the attributes. */
const TEMPLATE_WORDS = ['a', 'an', 'photo', 'of', 'drawing', 'picture', 'there', 'is', 'and'];

const splitWords = (phrases: readonly string[]): string[] => phrases.flatMap((p) => p.split(' '));

/** Every word a caption or zero-shot prompt can contain, sorted. */
export const WORLD_VOCABULARY: readonly string[] = [
  ...new Set([
    ...TEMPLATE_WORDS,
    ...COLOURS,
    ...SHAPES.flatMap((s) => SHAPE_WORDS[s]),
    ...SIZES.flatMap((s) => SIZE_WORDS[s]),
    ...splitWords(POSITIONS.flatMap((p) => POSITION_PHRASES[p])),
    ...splitWords(RELATIONS.flatMap((r) => RELATION_PHRASES[r])),
  ]),
].sort();
