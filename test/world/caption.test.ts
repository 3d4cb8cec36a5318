// Captions: format, vocabulary, templates as tables of every wording, and parsing back to the scene.
import { describe, expect, it } from 'vitest';
import { COLOURS, SHAPES } from '../../src/world/attributes';
import {
  PAIR_TEMPLATES,
  SINGLE_TEMPLATES,
  WORLD_VOCABULARY,
  captionScene,
  promptFor,
  type Template,
} from '../../src/world/caption';
import { parseCaption } from '../../src/world/parse';
import { createRng } from '../../src/world/random';
import { sampleScene, type Scene, type WorldObject } from '../../src/world/scene';

const background = { rgb: [128, 128, 128] as const, noise: 0, seed: 0 };
const object = (over: Partial<WorldObject>): WorldObject => ({
  colour: 'red',
  shape: 'circle',
  size: 'big',
  position: 'center',
  x: 0.5,
  y: 0.5,
  radius: 0.2,
  ...over,
});

/** Every caption a template can give for the scene (drawn until no new wording appears). */
function wordings(scene: Scene, template: Template): string[] {
  const rng = createRng(11);
  const seen = new Set<string>();
  for (let i = 0; i < 400; i++) seen.add(captionScene(scene, rng, template));
  return [...seen].sort();
}

const bigOrangeCross: Scene = {
  objects: [object({ colour: 'orange', shape: 'cross', position: 'top left' })],
  background,
};
const pairScene: Scene = {
  objects: [
    object({ size: 'small', position: 'top left' }),
    object({ colour: 'blue', shape: 'square', position: 'top right' }),
  ],
  relation: 'left of',
  background,
};

describe('caption templates', () => {
  it.each([
    ['name', ['orange cross', 'orange plus']],
    ['object', ['a big orange cross', 'a big orange plus', 'a large orange cross', 'a large orange plus']],
    ['photo', ['a photo of an orange cross', 'a photo of an orange plus']],
    [
      'picture',
      [
        'a picture of an orange cross at the top left',
        'a picture of an orange cross in the top left corner',
        'a picture of an orange plus at the top left',
        'a picture of an orange plus in the top left corner',
      ],
    ],
  ] as const)('%s gives exactly its wordings', (template, expected) => {
    expect(wordings(bigOrangeCross, template)).toEqual([...expected].sort());
  });

  it('placed, drawing and there vary size word, shape word and position phrase', () => {
    for (const template of ['placed', 'drawing', 'there'] as const) {
      const all = wordings(bigOrangeCross, template);
      expect(all, template).toHaveLength(8);
      expect(all).toContain(
        {
          placed: 'a big orange cross at the top left',
          drawing: 'a drawing of a large orange plus in the top left corner',
          there: 'there is a big orange plus at the top left',
        }[template],
      );
    }
  });

  it('pair templates name the relation from the first object', () => {
    expect(wordings(pairScene, 'pair short')).toEqual([
      'red circle next to blue square',
      'red circle to the left of blue square',
    ]);
    expect(wordings(pairScene, 'pair and')).toEqual(['a red circle and a blue square']);
    expect(wordings(pairScene, 'pair')).toContain('a little red circle to the left of a large blue square');
    expect(wordings(pairScene, 'pair photo')).toContain(
      'a photo of a small red circle next to a big blue square',
    );
  });

  it('refuse a template that does not fit the object count', () => {
    expect(() => captionScene(pairScene, createRng(1), 'photo')).toThrow();
    expect(() => captionScene(bigOrangeCross, createRng(1), 'pair')).toThrow();
  });
});

describe('promptFor', () => {
  it('builds the zero-shot prompt with the right article', () => {
    expect(promptFor('red', 'circle')).toBe('a photo of a red circle');
    expect(promptFor('orange', 'star')).toBe('a photo of an orange star');
  });
});

describe('captions of sampled scenes', () => {
  const rng = createRng(5);
  const scenes = Array.from({ length: 3000 }, () => sampleScene(rng, { split: 'any' }));
  const captions = scenes.map((s) => captionScene(s, rng));

  it('are lowercase ASCII words with single spaces, all from the vocabulary, which they use fully', () => {
    const vocabulary = new Set(WORLD_VOCABULARY);
    const used = new Set<string>();
    for (const caption of captions) {
      expect(caption).toMatch(/^[a-z]+( [a-z]+)*$/);
      for (const word of caption.split(' ')) {
        expect(vocabulary.has(word), word).toBe(true);
        used.add(word);
      }
    }
    for (const c of COLOURS)
      for (const s of SHAPES)
        promptFor(c, s)
          .split(' ')
          .forEach((w) => used.add(w));
    expect([...used].sort()).toEqual([...WORLD_VOCABULARY]);
    expect(WORLD_VOCABULARY.length).toBeLessThan(60);
  });

  it('use every template', () => {
    const firstWords = new Set(captions.map((c) => c.split(' ').slice(0, 3).join(' ')));
    expect(
      firstWords.has('a photo of') && firstWords.has('a drawing of') && firstWords.has('there is a'),
    ).toBe(true);
    expect(SINGLE_TEMPLATES.length + PAIR_TEMPLATES.length).toBe(11);
  });

  it('parse back to the attributes of their scene', () => {
    scenes.forEach((scene, i) => {
      const parsed = parseCaption(captions[i]!);
      const label = captions[i];
      expect(parsed.objects, label).toHaveLength(scene.objects.length);
      scene.objects.forEach((o, k) => {
        const p = parsed.objects[k]!;
        expect([p.colour, p.shape], label).toEqual([o.colour, o.shape]);
        if (p.size) expect(p.size, label).toBe(o.size);
        if (p.position) expect(p.position, label).toBe(o.position);
      });
      if (parsed.relation === 'next to') expect(['left of', 'right of'], label).toContain(scene.relation);
      else if (parsed.relation) expect(parsed.relation, label).toBe(scene.relation);
    });
  });
});

describe('parseCaption', () => {
  it.each([
    ['red circle', { objects: [{ colour: 'red', shape: 'circle' }] }],
    [
      'a little white plus in the middle',
      { objects: [{ size: 'small', colour: 'white', shape: 'cross', position: 'center' }] },
    ],
    [
      'a large black heart at the bottom right',
      { objects: [{ size: 'big', colour: 'black', shape: 'heart', position: 'bottom right' }] },
    ],
    [
      'a photo of a big red star to the right of a small blue hexagon',
      {
        objects: [
          { size: 'big', colour: 'red', shape: 'star' },
          { size: 'small', colour: 'blue', shape: 'hexagon' },
        ],
        relation: 'right of',
      },
    ],
    [
      'green square under purple diamond',
      {
        objects: [
          { colour: 'green', shape: 'square' },
          { colour: 'purple', shape: 'diamond' },
        ],
        relation: 'below',
      },
    ],
    [
      'a red circle and a blue square',
      {
        objects: [
          { colour: 'red', shape: 'circle' },
          { colour: 'blue', shape: 'square' },
        ],
      },
    ],
  ])('reads %j', (caption, expected) => {
    expect(parseCaption(caption)).toEqual(expected);
  });

  it('rejects words outside the world and malformed spacing', () => {
    expect(() => parseCaption('a red dog')).toThrow(/vocabulary/);
    expect(() => parseCaption('a  red circle')).toThrow();
    expect(() => parseCaption('A red circle')).toThrow();
    expect(() => parseCaption('a red blue circle')).toThrow(/colour/);
  });
});
