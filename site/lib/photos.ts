// Real CLIP and the inputs that suit it: a model is "real" when its token table is OpenAI's whole vocabulary
// (no `token_ids`); for such a model the galleries offer six photographs (public/photos/, licences in
// LICENSE.md there) instead of the world's shapes, and the labs start from captions that match them.
// CLIP reads English, so the captions stay English on the Spanish pages; the alt texts follow the page.
import { fillTemplate } from '../../src/lab/zero-shot';

export interface Photo {
  file: string;
  /** What is in it, as a zero-shot label ("a photo of a {label}"). */
  label: string;
  alt: { en: string; es: string };
}

/** Index → photo is what a shared URL's `p` means: add photos at the end, never reorder. */
export const PHOTOS: readonly Photo[] = [
  {
    file: 'chelsea.jpg',
    label: 'cat',
    alt: {
      en: 'A tabby cat lying down, seen from the front',
      es: 'Un gato atigrado tumbado, visto de frente',
    },
  },
  {
    file: 'astronaut.jpg',
    label: 'astronaut',
    alt: {
      en: 'The astronaut Eileen Collins in an orange flight suit',
      es: 'La astronauta Eileen Collins con un traje de vuelo naranja',
    },
  },
  {
    file: 'rocket.jpg',
    label: 'rocket',
    alt: { en: 'A Falcon 9 rocket lifting off', es: 'Un cohete Falcon 9 despegando' },
  },
  {
    file: 'horse.jpg',
    label: 'horse',
    alt: { en: 'The black silhouette of a horse', es: 'La silueta negra de un caballo' },
  },
  {
    file: 'coffee.jpg',
    label: 'cup of coffee',
    alt: { en: 'A cup of coffee on a saucer', es: 'Una taza de café sobre un platillo' },
  },
  {
    file: 'camera.jpg',
    label: 'man with a camera',
    alt: {
      en: 'A man with a camera on a tripod, in black and white',
      es: 'Un hombre con una cámara sobre un trípode, en blanco y negro',
    },
  },
];

/** The zero-shot labels for a real model: one per photo, and a dog that none of them shows. */
export const REAL_LABELS: readonly string[] = [...PHOTOS.map((p) => p.label), 'dog'];

export { isRealModel } from './real-model';

/** "a photo of a cat": photo k's caption (the first zero-shot template). */
export function photoCaption(k: number): string {
  const photo = PHOTOS[k] ?? PHOTOS[0]!;
  return fillTemplate('a photo of a {}', photo.label);
}

export function photoAlt(k: number, lang: string): string {
  const photo = PHOTOS[k] ?? PHOTOS[0]!;
  return lang === 'es' ? photo.alt.es : photo.alt.en;
}

/** The photo's address under the site's base URL. */
export function photoUrl(base: string, k: number): string {
  const photo = PHOTOS[k] ?? PHOTOS[0]!;
  return `${base.replace(/\/?$/, '/')}photos/${photo.file}`;
}

/**
 * A default that follows the model: when the reader still has the old model's default, the new model's;
 * anything they changed themselves is kept.
 */
export function followDefault<T>(current: T, oldDefault: T, newDefault: T): T {
  return JSON.stringify(current) === JSON.stringify(oldDefault) ? newDefault : current;
}
