// Every message a reader can see exists in English and Spanish: the runtime's (engine, client, image
// files), the figures' and each lab's tables have the same keys, all the way down, and the same kind of
// value (a Spanish function where the English one takes parameters); no Spanish entry is left in English.
// The engine speaks the page's language, counts a text that the tokenizer's cleaning empties as empty,
// and quotes at most a short prefix of a reader's text.
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../src/node/backend';
import { loadNamedModel } from '../../src/node/models';
import { loadTokenizer } from '../../src/node/vocab';
import { Engine } from '../../src/runtime/engine';
import { decodeImageFile } from '../../src/runtime/image-file';
import { GALLERY_SIZE, MAX_TEXT_CHARS } from '../../src/runtime/inputs';
import { RUNTIME_STRINGS, quoteShort, runtimeStrings } from '../../src/runtime/messages';
import type { RunRequest } from '../../src/runtime/protocol';
import { figureStrings } from '../../site/lib/figure-strings';
import { visionStrings } from '../../site/components/figures/vision-strings';
import { explorerStrings } from '../../site/components/labs/explorer-strings';
import { labStrings } from '../../site/components/labs/logits-strings';
import { trainingStrings } from '../../site/components/labs/training-strings';
import { zeroShotStrings } from '../../site/components/labs/zero-shot-strings';

/** Every path in `en` with its kind, and the paths of `es` that differ (missing, other kind, extra). */
function mismatches(en: unknown, es: unknown, at = ''): string[] {
  const kind = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
  if (kind(en) !== kind(es)) return [`${at || '(root)'}: ${kind(en)} in English, ${kind(es)} in Spanish`];
  if (kind(en) !== 'object' && kind(en) !== 'array') return [];
  const a = en as Record<string, unknown>;
  const b = es as Record<string, unknown>;
  const out: string[] = [];
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const path = at ? `${at}.${k}` : k;
    if (!(k in b)) out.push(`${path}: no Spanish`);
    else if (!(k in a)) out.push(`${path}: only in Spanish`);
    else out.push(...mismatches(a[k], b[k], path));
  }
  return out;
}

const TABLES: [string, (lang: string) => unknown][] = [
  ['runtime (engine, client, image files)', runtimeStrings],
  ['figures', figureStrings],
  ['vision figures', visionStrings],
  ['attention explorer', explorerStrings],
  ['logits lab', labStrings],
  ['training lab', trainingStrings],
  ['zero-shot playground', zeroShotStrings],
];

describe('the interface strings', () => {
  it.each(TABLES)('%s: every English key has a Spanish one of the same kind', (_name, strings) => {
    expect(mismatches(strings('en'), strings('es'))).toEqual([]);
  });

  it('the runtime tables differ in every sentence (none left in English)', () => {
    const { en, es } = RUNTIME_STRINGS;
    const sample = (v: unknown): string =>
      typeof v === 'function' ? String((v as (...a: unknown[]) => unknown)('x', 2, 3, 4)) : String(v);
    const same = Object.keys(en).filter(
      (k) => sample(en[k as keyof typeof en]) === sample(es[k as keyof typeof es]),
    );
    expect(same).toEqual([]);
  });
});

describe('quoteShort', () => {
  it('quotes a short text whole and a long one as its first 40 characters and "…"', () => {
    expect(quoteShort('cat')).toBe('“cat”');
    expect(quoteShort('x'.repeat(5000))).toBe(`“${'x'.repeat(40)}…”`);
    // Whole code points: an emoji is never cut in half.
    expect(quoteShort('😀'.repeat(50))).toBe(`“${'😀'.repeat(40)}…”`);
  });
});

describe('image files in the page language', () => {
  it('refuses a file over the size limit and one that is not an image, in Spanish', async () => {
    const big = new File([new Uint8Array(41 * 2 ** 20)], 'enorme.png', { type: 'image/png' });
    await expect(decodeImageFile(big, { lang: 'es' })).rejects.toThrow(
      RUNTIME_STRINGS.es.tooLarge('enorme.png', 41, 40),
    );
    const text = new File(['hola'], 'n'.repeat(300) + '.txt', { type: 'text/plain' });
    const message = await decodeImageFile(text, { lang: 'es' }).then(
      () => '',
      (err: Error) => err.message,
    );
    expect(message).toBe(RUNTIME_STRINGS.es.notImage(text.name));
    expect(message.length).toBeLessThan(120);
  });
});

describe('the engine in the page language', () => {
  let engine: Engine;
  beforeAll(async () => {
    await useBackend('cpu');
    engine = Engine.from('cpu', loadNamedModel('tiny'), await loadTokenizer());
  });
  const req = (r: Partial<RunRequest>): RunRequest => ({
    type: 'run',
    id: 1,
    channel: 'c',
    capture: [],
    ...r,
  });
  const problem = (r: Partial<RunRequest>): string => {
    try {
      engine.run(req(r));
    } catch (err) {
      return engine.problem(err);
    }
    throw new Error('no error');
  };

  it('writes its errors and notes in Spanish once told, and in English again', () => {
    const es = RUNTIME_STRINGS.es;
    engine.speak('es');
    try {
      expect(problem({ texts: [''] })).toBe(es.emptyText);
      expect(problem({ images: [{ kind: 'world', index: 999 }] })).toBe(es.noSample(999, GALLERY_SIZE - 1));
      expect(problem({})).toBe(es.nothing);
      const long = engine.run(req({ texts: [Array.from({ length: 100 }, () => 'red').join(' ')] }));
      expect(long.notes).toEqual([es.truncated(102, 77)]);
      const huge = engine.run(req({ texts: ['a '.repeat(MAX_TEXT_CHARS)] }));
      expect(huge.notes[0]).toBe(es.charsCut(MAX_TEXT_CHARS));
      const data = new Uint8ClampedArray(4 * 4 * 4).fill(255);
      const own = engine.run(req({ images: [{ kind: 'pixels', width: 4, height: 4, data }] }));
      expect(own.images[0]!.label).toBe('tu imagen');
    } finally {
      engine.speak('en');
    }
    expect(problem({ texts: [''] })).toBe(RUNTIME_STRINGS.en.emptyText);
  });

  it('refuses a text the tokenizer cleans away (a NUL, control characters) as it refuses ""', () => {
    for (const text of ['\u0000', '\u0000\u0001 \u0007', ' \u0000 '])
      expect(problem({ texts: [text] })).toBe(RUNTIME_STRINGS.en.emptyText);
  });

  it('quotes at most a short prefix of a weight name it does not know', () => {
    const name = 'w'.repeat(5000);
    let message = '';
    try {
      engine.weights({ type: 'weights', id: 1, channel: 'c', names: [name] });
    } catch (err) {
      message = engine.problem(err);
    }
    expect(message).toContain(quoteShort(name));
    expect(message.length).toBeLessThan(120);
  });
});
