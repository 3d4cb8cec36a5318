// The zero-shot playground's own interface words, in English and Spanish (the picker, the camera and the
// temperature slider bring theirs from ../../lib/figure-strings.ts).
import type { Colour } from '../../../src/world';
import type { ZeroShotProblem } from '../../../src/lab/zero-shot';

const en = {
  heading: 'Zero-shot playground',
  imageHeading: 'Image',
  labelsHeading: 'Labels',
  label: (k: number) => `Label ${k + 1}`,
  remove: (label: string) => `Remove label ${label || '(empty)'}`,
  removeShort: 'Remove',
  add: 'Add a label',
  resetLabels: 'Default labels',
  templatesHeading: 'Prompt templates (ticked ones are averaged)',
  temperatureHeading: 'Temperature',
  attackHeading: 'Typographic attack: write on the image',
  word: 'Word',
  across: 'Across (%)',
  down: 'Down (%)',
  size: 'Size (% of height)',
  colour: 'Colour',
  clearWord: 'Remove the word',
  preview: (word: string) =>
    word ? `The image the model sees, with the word “${word}” written on it` : 'The image the model sees',
  probs: 'Probability of each label',
  table: 'Cosine, logit and probability of each label',
  columns: ['cosine', 'logit = cosine / τ', 'probability'],
  labelColumn: 'label',
  top: (label: string, p: string, prompts: number) =>
    `Top label: ${label} (${p}), from ${prompts} prompt${prompts === 1 ? '' : 's'} per label.`,
  cached: 'Recomputed in the page from cached features (no model run).',
  realNote:
    'A real CLIP is in use: the samples are photographs, and the default labels name what is in them.',
  staticNote: 'Computed at build time on the tiny model; change anything to compute in your browser.',
  problems: {
    'no-labels': 'Give at least one label to choose from.',
    'blank-label': 'A label is empty: type a word or remove it.',
    'duplicate-label': 'Two labels are the same:',
    'long-label': 'A label is too long (80 characters at most):',
    'too-many': 'Too many labels (64 at most).',
    'no-templates': 'Tick at least one prompt template.',
  } satisfies Record<ZeroShotProblem, string>,
  keptNote: 'The previous result stays on screen.',
  colours: {
    red: 'red',
    green: 'green',
    blue: 'blue',
    yellow: 'yellow',
    purple: 'purple',
    orange: 'orange',
    white: 'white',
    black: 'black',
  } satisfies Record<Colour, string>,
};

export type ZeroShotStrings = typeof en;

const es: ZeroShotStrings = {
  heading: 'Laboratorio de zero-shot',
  imageHeading: 'Imagen',
  labelsHeading: 'Etiquetas',
  label: (k) => `Etiqueta ${k + 1}`,
  remove: (label) => `Quitar la etiqueta ${label || '(vacía)'}`,
  removeShort: 'Quitar',
  add: 'Añadir una etiqueta',
  resetLabels: 'Etiquetas por defecto',
  templatesHeading: 'Plantillas de prompt (se promedian las marcadas)',
  temperatureHeading: 'Temperatura',
  attackHeading: 'Ataque tipográfico: escribe sobre la imagen',
  word: 'Palabra',
  across: 'Horizontal (%)',
  down: 'Vertical (%)',
  size: 'Tamaño (% de la altura)',
  colour: 'Color',
  clearWord: 'Quitar la palabra',
  preview: (word) =>
    word
      ? `La imagen que ve el modelo, con la palabra «${word}» escrita encima`
      : 'La imagen que ve el modelo',
  probs: 'Probabilidad de cada etiqueta',
  table: 'Coseno, logit y probabilidad de cada etiqueta',
  columns: ['coseno', 'logit = coseno / τ', 'probabilidad'],
  labelColumn: 'etiqueta',
  top: (label, p, prompts) =>
    `Etiqueta más probable: ${label} (${p}), con ${prompts} prompt${prompts === 1 ? '' : 's'} por etiqueta.`,
  cached: 'Recalculado en la página con las características en caché (sin ejecutar el modelo).',
  realNote:
    'Se usa un CLIP real: las muestras son fotografías y las etiquetas por defecto nombran lo que muestran. Siguen en inglés, como las descripciones con las que CLIP aprendió: es el único idioma que lee bien.',
  staticNote:
    'Calculado al construir el sitio con el modelo pequeño; cambia cualquier cosa para calcular en tu navegador.',
  problems: {
    'no-labels': 'Da al menos una etiqueta entre la que elegir.',
    'blank-label': 'Hay una etiqueta vacía: escribe una palabra o quítala.',
    'duplicate-label': 'Hay dos etiquetas iguales:',
    'long-label': 'Una etiqueta es demasiado larga (80 caracteres como máximo):',
    'too-many': 'Demasiadas etiquetas (64 como máximo).',
    'no-templates': 'Marca al menos una plantilla de prompt.',
  },
  keptNote: 'El resultado anterior sigue en pantalla.',
  colours: {
    red: 'rojo',
    green: 'verde',
    blue: 'azul',
    yellow: 'amarillo',
    purple: 'morado',
    orange: 'naranja',
    white: 'blanco',
    black: 'negro',
  },
};

export function zeroShotStrings(lang: string): ZeroShotStrings {
  return lang.startsWith('es') ? es : en;
}
