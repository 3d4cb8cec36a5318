// The interface words of the attention toy and the circle lab (labels, help for keyboard users, readouts), in
// English and Spanish. The explanations live in the lessons; these are only labels and short messages.
import type { AttentionToyStrings } from '../../../src/viz/attention-toy';
import type { SphereStrings } from '../../../src/viz/sphere-plot';

const VEC_EN = { q: 'query', k: 'key', v: 'value' } as const;
const VEC_ES = { q: 'consulta', k: 'clave', v: 'valor' } as const;

export interface ToyControls {
  words: string[];
  label: string;
  staticNote: string;
  liveNote: string;
  token: (word: string) => string;
  coord: (vector: 'q' | 'k' | 'v', axis: 'x' | 'y') => string;
  scaled: string;
  causal: string;
  gain: string;
  dh: string;
  dhOption: (dh: number, models: string) => string;
  toyWidth: string;
  model: (name: string) => string;
  tower: (model: string, tower: 'text' | 'image') => string;
  reset: string;
}

const toyEn: AttentionToyStrings & ToyControls = {
  words: ['a', 'red', 'circle'],
  label: 'Figure: one attention head on three tokens with two-dimensional queries, keys and values',
  staticNote: 'Drawn at build time; with JavaScript on, drag the arrow tips or edit the numbers.',
  liveNote: 'Drag an arrow tip, or focus it and use the arrow keys (Shift for bigger steps).',
  planeQK: 'Queries q (solid: what each token looks for) and keys k (dashed: what it offers)',
  planeV: 'Values v (what each token passes on) and outputs o (thick, dashed)',
  planeHelp: (step, big) =>
    `Arrow keys move this point by ${step}, with Shift by ${big}; the figure recomputes at once.`,
  handleRole: 'draggable point',
  handle: (vector, word) => `${VEC_EN[vector]} of “${word}”`,
  scores: (gain) => (gain ? `Scores q·k, with q and k × ${gain}` : 'Scores q·k'),
  logits: (scaled, d) => (scaled ? `Logits q·k / √${d}` : 'Logits q·k (no scaling)'),
  probs: 'Attention weights: the softmax of each row',
  rowsTitle: 'Each row of the softmax',
  row: (word, maxProb, entropy, uniform) =>
    `“${word}”: largest weight ${maxProb}, entropy ${entropy} nats (${uniform} if uniform)`,
  dhTitle: (dh) => `Random vectors of width d_h = ${dh}`,
  dhVariance: (samples, dh, variance, scaled) =>
    `Over ${samples} pairs of random q and k with unit-variance coordinates: var(q·k) = ${variance} (d_h = ${dh}); var(q·k / √d_h) = ${scaled}.`,
  dhRow: (scaled, keys) =>
    `One query against ${keys} random keys, ${scaled ? 'scaled by 1/√d_h' : 'not scaled'}`,
  dhRowStats: (maxProb, entropy, uniform) =>
    `largest weight ${maxProb}, entropy ${entropy} nats (${uniform} if uniform)`,
  key: (j) => `k${j}`,
  token: (word) => `Token “${word}”`,
  coord: (vector, axis) => `${vector} ${axis}`,
  scaled: 'Divide by √d (scaling on)',
  causal: 'Causal mask',
  gain: 'Multiply q and k by',
  dh: 'Width d_h of the random vectors',
  dhOption: (dh, models) => `${dh} (${models})`,
  toyWidth: 'this toy',
  model: (name) => name,
  tower: (model, tower) => `${model} ${tower}`,
  reset: 'Reset',
};

const toyEs: typeof toyEn = {
  words: ['un', 'círculo', 'rojo'],
  label:
    'Figura: una cabeza de atención sobre tres tokens con consultas, claves y valores de dos dimensiones',
  staticNote:
    'Dibujada al generar el sitio; con JavaScript activado, arrastra las puntas de las flechas o edita los números.',
  liveNote:
    'Arrastra la punta de una flecha, o enfócala y usa las flechas del teclado (con Mayús, pasos más largos).',
  planeQK: 'Consultas q (continuas: lo que busca cada token) y claves k (discontinuas: lo que ofrece)',
  planeV: 'Valores v (lo que transmite cada token) y salidas o (gruesas, discontinuas)',
  planeHelp: (step, big) =>
    `Las flechas del teclado mueven este punto ${step}, y ${big} con Mayús; la figura se recalcula al momento.`,
  handleRole: 'punto arrastrable',
  handle: (vector, word) => `${VEC_ES[vector]} de «${word}»`,
  scores: (gain) => (gain ? `Puntuaciones q·k, con q y k × ${gain}` : 'Puntuaciones q·k'),
  logits: (scaled, d) => (scaled ? `Logits q·k / √${d}` : 'Logits q·k (sin escalar)'),
  probs: 'Pesos de atención: la softmax de cada fila',
  rowsTitle: 'Cada fila de la softmax',
  row: (word, maxProb, entropy, uniform) =>
    `«${word}»: peso mayor ${maxProb}, entropía ${entropy} nats (${uniform} si fuera uniforme)`,
  dhTitle: (dh) => `Vectores aleatorios de anchura d_h = ${dh}`,
  dhVariance: (samples, dh, variance, scaled) =>
    `Con ${samples} pares de q y k aleatorios de coordenadas con varianza 1: var(q·k) = ${variance} (d_h = ${dh}); var(q·k / √d_h) = ${scaled}.`,
  dhRow: (scaled, keys) =>
    `Una consulta frente a ${keys} claves aleatorias, ${scaled ? 'escalada por 1/√d_h' : 'sin escalar'}`,
  dhRowStats: (maxProb, entropy, uniform) =>
    `peso mayor ${maxProb}, entropía ${entropy} nats (${uniform} si fuera uniforme)`,
  key: (j) => `k${j}`,
  token: (word) => `Token «${word}»`,
  coord: (vector, axis) => `${vector} ${axis}`,
  scaled: 'Dividir por √d (con escalado)',
  causal: 'Máscara causal',
  gain: 'Multiplicar q y k por',
  dh: 'Anchura d_h de los vectores aleatorios',
  dhOption: (dh, models) => `${dh} (${models})`,
  toyWidth: 'este ejemplo',
  model: (name) => (name === 'tiny' ? 'modelo pequeño' : name),
  tower: (model, tower) => `${model}, ${tower === 'text' ? 'texto' : 'imagen'}`,
  reset: 'Restablecer',
};

export type ToyStrings = typeof toyEn;
export const toyStrings = (lang: string): ToyStrings => (lang.startsWith('es') ? toyEs : toyEn);

export interface SphereControls {
  label: string;
  staticNote: string;
  pairs: string;
  temperature: string;
  rate: string;
  gapControl: string;
  pickImage: string;
  pickText: string;
  step: string;
  steps: (k: number) => string;
  reset: string;
  stepped: (k: number, before: string, after: string) => string;
}

const sphereEn: SphereStrings & SphereControls = {
  label: 'Figure: image and text features as unit vectors on a circle, and one contrastive step',
  staticNote:
    'Drawn at build time; with JavaScript on, drag the points, change τ and the gap, and take steps.',
  circleTitle: 'Unit vectors on the circle (circles: images, squares: texts; thin lines join each pair)',
  circleHelp: (small, big) =>
    `Arrow keys turn this point along the circle by ${small}, with Shift by ${big}.`,
  handleRole: 'draggable point',
  point: (kind, k) => `${kind === 'image' ? 'I' : 'T'}${k}`,
  pointName: (kind, k, degrees) => `${kind === 'image' ? 'image' : 'text'} ${k} at ${degrees}`,
  pair: (i, j, degrees, cosine) => `Image ${i} and text ${j}: angle ${degrees}, cosine ${cosine}.`,
  arrows:
    'Arrows: the direction of the next step for every point (minus the gradient along the circle, longest drawn the same length); dashed, the picked image’s pull towards its text (green) and pushes away from the other texts (grey).',
  logits: 'Logits S = cos / τ (images × texts)',
  row: (i, tau) => `Image ${i}’s softmax over the texts at τ = ${tau}`,
  loss: 'Loss L = (L_I + L_T) / 2',
  lossImage: 'L_I, image → text',
  lossText: 'L_T, text → image',
  guess: 'ln N, the loss of guessing',
  matched: 'mean cosine of the matched pairs',
  gapTitle: 'The loss as the gap grows (the dot: now)',
  gapAxis: 'gap δ between the image and the text clouds',
  pairs: 'Pairs N',
  temperature: 'Temperature τ',
  rate: 'Learning rate',
  gapControl: 'Modality gap δ',
  pickImage: 'Image',
  pickText: 'Text',
  step: 'Step',
  steps: (k) => `${k} steps`,
  reset: 'Reset',
  stepped: (k, before, after) => `Step ${k}: the loss went from ${before} to ${after}.`,
};

const sphereEs: typeof sphereEn = {
  label:
    'Figura: características de imagen y de texto como vectores unitarios en una circunferencia, y un paso contrastivo',
  staticNote:
    'Dibujada al generar el sitio; con JavaScript activado, arrastra los puntos, cambia τ y la brecha, y da pasos.',
  circleTitle:
    'Vectores unitarios en la circunferencia (círculos: imágenes; cuadrados: textos; una línea fina une cada par)',
  circleHelp: (small, big) =>
    `Las flechas del teclado giran este punto ${small} sobre la circunferencia, y ${big} con Mayús.`,
  handleRole: 'punto arrastrable',
  point: (kind, k) => `${kind === 'image' ? 'I' : 'T'}${k}`,
  pointName: (kind, k, degrees) => `${kind === 'image' ? 'imagen' : 'texto'} ${k} en ${degrees}`,
  pair: (i, j, degrees, cosine) => `Imagen ${i} y texto ${j}: ángulo ${degrees}, coseno ${cosine}.`,
  arrows:
    'Flechas: hacia dónde irá cada punto en el próximo paso (el gradiente a lo largo de la circunferencia, cambiado de signo; la más larga siempre mide lo mismo); discontinuas, cómo la imagen elegida se acerca a su texto (verde) y se aleja de los demás (gris).',
  logits: 'Logits S = cos / τ (imágenes × textos)',
  row: (i, tau) => `Softmax de la imagen ${i} sobre los textos con τ = ${tau}`,
  loss: 'Pérdida L = (L_I + L_T) / 2',
  lossImage: 'L_I, imagen → texto',
  lossText: 'L_T, texto → imagen',
  guess: 'ln N, la pérdida de adivinar',
  matched: 'coseno medio de los pares correctos',
  gapTitle: 'La pérdida según crece la brecha (el punto: ahora)',
  gapAxis: 'brecha δ entre la nube de imágenes y la de textos',
  pairs: 'Pares N',
  temperature: 'Temperatura τ',
  rate: 'Tasa de aprendizaje',
  gapControl: 'Brecha de modalidad δ',
  pickImage: 'Imagen',
  pickText: 'Texto',
  step: 'Un paso',
  steps: (k) => `${k} pasos`,
  reset: 'Restablecer',
  stepped: (k, before, after) => `Paso ${k}: la pérdida pasó de ${before} a ${after}.`,
};

export type SphereAllStrings = typeof sphereEn;
export const sphereStrings = (lang: string): SphereAllStrings =>
  lang.startsWith('es') ? sphereEs : sphereEn;
