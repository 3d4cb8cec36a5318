// The interface words of the logits lab and the feature-space lab (controls, panels, status), in English
// and Spanish. Prose lives in the lessons; these are only labels and short messages.
const en = {
  batchSize: 'Pairs in the batch (N)',
  pair: (k: number) => `Pair ${k}`,
  imageOf: (k: number) => `Image ${k}`,
  captionOf: (k: number) => `Caption ${k}`,
  duplicate: 'Copy caption 0 into the last pair (a false negative)',
  addPair: 'Add a pair',
  removePair: 'Remove the last pair',
  temperature: 'Temperature τ',
  learned: 'Use the learned τ',
  tauForms: (tau: string, logitScale: string, scale: string) =>
    `τ = ${tau}, logit_scale = ln(1/τ) = ${logitScale}, exp(logit_scale) = ${scale}`,
  gradientOf: 'Gradient shown',
  gradBoth: 'both terms',
  gradImage: 'image → text term',
  gradText: 'text → image term',
  cosine: 'Cosine similarity (images × texts)',
  logits: 'Logits S = exp(logit_scale) · cosine',
  rowSoftmax: 'Row softmax (image → texts)',
  colSoftmax: 'Column softmax (text → images)',
  contribution: 'Each cell’s share of the loss',
  gradient: (which: string) => `Gradient dL/dS (${which})`,
  lossImage: 'L_I, image → text (rows)',
  lossText: 'L_T, text → image (columns)',
  loss: 'L = (L_I + L_T) / 2',
  lossUniform: 'ln N, the loss of guessing',
  gradScale: 'dL/d logit_scale',
  readout: 'The loss at this temperature',
  falseNegative: (i: number, j: number) =>
    `Pairs ${i} and ${j} share a caption: cells (${i}, ${j}) and (${j}, ${i}) are false negatives.`,
  staticNote: 'Computed at build time on the tiny model; the temperature works at once.',
  spaceNote: 'Computed at build time on the tiny model.',
  loading: 'Loading the model…',
  computing: 'Computing the features…',
  backend: (b: string, ms: number, model: string) =>
    `Features computed in your browser (${b}, ${ms.toFixed(1)} ms, model ${model}); the temperature needs no model.`,
  emptyCaption: (k: number) =>
    `Caption ${k} is empty; type a caption (the figure keeps the last good batch).`,
  label: 'Figure: the logits lab',
  // Feature space
  fsBackend: (b: string, ms: number, model: string) =>
    `Features computed in your browser (${b}, ${ms.toFixed(1)} ms, model ${model}).`,
  fsTitle: 'Image and text features projected on their first two principal components',
  fsImage: 'image',
  fsText: 'caption',
  fsYours: 'your caption',
  fsEnsemble: 'prompt ensemble',
  fsTemplate: 'template',
  fsYourCaption: 'Your caption',
  fsLabel: 'Label for the prompt ensemble',
  fsAxis: (k: number, pct: string) => `PC${k} (${pct} of the variance)`,
  fsHelp: (n: number) =>
    `A scatter of ${n} points; use the arrow keys to move from point to point and hear each one.`,
  fsPoint: (kind: string, label: string, x: string, y: string) => `${kind} “${label}”: (${x}, ${y})`,
  fsTable: 'Points as a table',
  fsGap: (gap: string) => `Mean image–caption distance in the 2-D view: ${gap}.`,
  fsEmpty: 'The caption is empty; type one (the plot keeps the last good point).',
  fsProjection: 'Projection to 2-D',
  fsPca: 'PCA (linear, keeps global distances)',
  fsUmap: 'UMAP (keeps neighbourhoods)',
  fsTitleUmap: 'Image and text features laid out in 2-D by UMAP',
  fsUmapAxis: (k: number) => `UMAP ${k} (no units; distances between clusters mean little)`,
  fsUmapComputing: 'Computing the UMAP layout…',
  fsUmapDone: (n: number, k: number, ms: number) =>
    `UMAP layout of ${n} points (${k} neighbours, fixed seed) in ${ms.toFixed(0)} ms.`,
  fsPcaShown: 'PCA fitted on the pairs; your caption and the templates are projected onto its axes.',
  fsUmapFailed: (message: string) => `UMAP failed (${message}); showing PCA.`,
  fsGapUmap: (gap: string) =>
    `Mean image–caption distance in the UMAP view: ${gap} (UMAP units; not comparable with PCA).`,
};

export type LabStrings = typeof en;

const es: LabStrings = {
  batchSize: 'Pares en el lote (N)',
  pair: (k) => `Par ${k}`,
  imageOf: (k) => `Imagen ${k}`,
  captionOf: (k) => `Descripción ${k}`,
  duplicate: 'Copiar la descripción 0 en el último par (un falso negativo)',
  addPair: 'Añadir un par',
  removePair: 'Quitar el último par',
  temperature: 'Temperatura τ',
  learned: 'Usar la τ aprendida',
  tauForms: (tau, logitScale, scale) =>
    `τ = ${tau}, logit_scale = ln(1/τ) = ${logitScale}, exp(logit_scale) = ${scale}`,
  gradientOf: 'Gradiente mostrado',
  gradBoth: 'ambos términos',
  gradImage: 'término imagen → texto',
  gradText: 'término texto → imagen',
  cosine: 'Similitud coseno (imágenes × textos)',
  logits: 'Logits S = exp(logit_scale) · coseno',
  rowSoftmax: 'Softmax por filas (imagen → textos)',
  colSoftmax: 'Softmax por columnas (texto → imágenes)',
  contribution: 'La parte de la pérdida de cada celda',
  gradient: (which) => `Gradiente dL/dS (${which})`,
  lossImage: 'L_I, imagen → texto (filas)',
  lossText: 'L_T, texto → imagen (columnas)',
  loss: 'L = (L_I + L_T) / 2',
  lossUniform: 'ln N, la pérdida de adivinar',
  gradScale: 'dL/d logit_scale',
  readout: 'La pérdida a esta temperatura',
  falseNegative: (i, j) =>
    `Los pares ${i} y ${j} comparten descripción: las celdas (${i}, ${j}) y (${j}, ${i}) son falsos negativos.`,
  staticNote: 'Calculado al construir el sitio con el modelo pequeño; la temperatura responde al instante.',
  spaceNote: 'Calculado al construir el sitio con el modelo pequeño.',
  loading: 'Cargando el modelo…',
  computing: 'Calculando las características…',
  backend: (b, ms, model) =>
    `Características calculadas en tu navegador (${b}, ${ms.toFixed(1)} ms, modelo ${model}); la temperatura no necesita el modelo.`,
  emptyCaption: (k) =>
    `La descripción ${k} está vacía; escribe una (la figura conserva el último lote válido).`,
  label: 'Figura: el laboratorio de logits',
  fsBackend: (b, ms, model) =>
    `Características calculadas en tu navegador (${b}, ${ms.toFixed(1)} ms, modelo ${model}).`,
  fsTitle: 'Características de imágenes y textos proyectadas en sus dos primeras componentes principales',
  fsImage: 'imagen',
  fsText: 'descripción',
  fsYours: 'tu descripción',
  fsEnsemble: 'conjunto de plantillas',
  fsTemplate: 'plantilla',
  fsYourCaption: 'Tu descripción',
  fsLabel: 'Etiqueta para el conjunto de plantillas',
  fsAxis: (k, pct) => `CP${k} (${pct} de la varianza)`,
  fsHelp: (n) => `Un diagrama de ${n} puntos; usa las flechas para ir de punto en punto y oír cada uno.`,
  fsPoint: (kind, label, x, y) => `${kind} «${label}»: (${x}, ${y})`,
  fsTable: 'Puntos en una tabla',
  fsGap: (gap) => `Distancia media imagen–descripción en la vista 2-D: ${gap}.`,
  fsEmpty: 'La descripción está vacía; escribe una (el diagrama conserva el último punto válido).',
  fsProjection: 'Proyección a 2-D',
  fsPca: 'PCA (lineal, conserva las distancias globales)',
  fsUmap: 'UMAP (conserva los vecindarios)',
  fsTitleUmap: 'Características de imágenes y textos dispuestas en 2-D con UMAP',
  fsUmapAxis: (k) => `UMAP ${k} (sin unidades; las distancias entre grupos significan poco)`,
  fsUmapComputing: 'Calculando la disposición UMAP…',
  fsUmapDone: (n, k, ms) =>
    `Disposición UMAP de ${n} puntos (${k} vecinos, semilla fija) en ${ms.toFixed(0)} ms.`,
  fsPcaShown: 'PCA ajustado con los pares; tu descripción y las plantillas se proyectan sobre sus ejes.',
  fsUmapFailed: (message) => `UMAP falló (${message}); se muestra PCA.`,
  fsGapUmap: (gap) =>
    `Distancia media imagen–descripción en la vista UMAP: ${gap} (unidades de UMAP; no comparable con PCA).`,
};

export function labStrings(lang: string): LabStrings {
  return lang.startsWith('es') ? es : en;
}
