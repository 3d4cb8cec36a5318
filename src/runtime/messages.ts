// What the model runtime says to the reader (the engine's input errors and notes, a model that cannot
// start), in English and Spanish. The worker does not see the page, so the page sends its language with
// 'init' (InitRequest.lang) and the engine and client speak it; the page's own words live in
// site/components/*/strings.ts.

/** At most `max` characters of the reader's text (whole code points), then "…" when it was longer. */
export function shortText(text: string, max = 40): string {
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : text;
}

/** The reader's own text, quoted in a message: at most `max` characters, then "…". */
export function quoteShort(text: string, max = 40): string {
  return `“${shortText(text, max)}”`;
}

const en = {
  notString: 'The text must be a string.',
  emptyText: 'The text is empty: type a few words to encode.',
  charsCut: (kept: number) => `Only the first ${kept} characters were tokenized.`,
  truncated: (tokens: number, context: number) =>
    `The text has ${tokens} tokens; CLIP reads ${context}, so it was cut and the last kept position is EOT.`,
  noSample: (index: number, last: number) =>
    `There is no sample image ${index}; the gallery has images 0 to ${last}.`,
  noPixels: 'The image has no pixels.',
  damagedPixels: 'The image data is damaged (wrong number of pixels).',
  yourImage: 'your image',
  headMaskType: 'The head mask must be an object.',
  noLayer: (key: string, last: number) =>
    `There is no layer ${shortText(key)}: the model has layers 0 to ${last}.`,
  noHeads: (layer: number, last: number) => `Layer ${layer} has heads 0 to ${last} only.`,
  patchMask: (last: number) => `The patch mask names patches outside 0 to ${last}.`,
  deletionStep: 'The deletion step must be a positive whole number.',
  noWeightNames: 'Name at least one weight tensor.',
  noWeight: (name: string) => `The model has no weight tensor ${quoteShort(name)}.`,
  nothing: 'Nothing to compute: give a text or an image.',
  modelFailed: (detail: string) => `The model failed: ${detail}`,
  workerFailed: (detail: string) => `The model worker failed to start: ${detail}`,
  couldNotLoad: (detail: string) => `The model could not load: ${detail}`,
  offline: 'Could not download the model: you seem to be offline. It will retry on your next change.',
  unknownError: 'unknown error',
  offlineDetail: 'you seem to be offline',
  mainThread: "Computed on the page's main thread: this browser has no Worker.",
  // The reader's image files (image-file.ts).
  notImage: (name: string) => `${quoteShort(name)} is not an image; choose a PNG, JPEG, GIF or WebP file.`,
  tooLarge: (name: string, mb: number, limit: number) =>
    `${quoteShort(name)} is ${mb} MB; the limit is ${limit} MB.`,
  undecodable: (name: string) =>
    `${quoteShort(name)} could not be decoded: the file is damaged or in a format this browser cannot read.`,
  fileNoPixels: (name: string) => `${quoteShort(name)} has no pixels.`,
  noCanvas: 'This browser cannot draw images on a canvas.',
  pastedImage: 'pasted image',
  downscaled: (w0: number, h0: number, w: number, h: number) =>
    `Your ${w0}×${h0} image was scaled to ${w}×${h} before CLIP's own resize.`,
};

export type RuntimeStrings = typeof en;

const es: RuntimeStrings = {
  notString: 'El texto debe ser una cadena de caracteres.',
  emptyText: 'El texto está vacío: escribe unas palabras para codificarlas.',
  charsCut: (kept) => `Solo se tokenizaron los primeros ${kept} caracteres.`,
  truncated: (tokens, context) =>
    `El texto tiene ${tokens} tokens; CLIP lee ${context}, así que se cortó y la última posición que queda es EOT.`,
  noSample: (index, last) =>
    `No existe la imagen de ejemplo ${index}; la galería tiene las imágenes 0 a ${last}.`,
  noPixels: 'La imagen no tiene píxeles.',
  damagedPixels: 'Los datos de la imagen están dañados (el número de píxeles no cuadra).',
  yourImage: 'tu imagen',
  headMaskType: 'La máscara de cabezas debe ser un objeto.',
  noLayer: (key, last) => `No existe la capa ${shortText(key)}: el modelo tiene las capas 0 a ${last}.`,
  noHeads: (layer, last) => `La capa ${layer} solo tiene las cabezas 0 a ${last}.`,
  patchMask: (last) => `La máscara nombra parches fuera del intervalo 0 a ${last}.`,
  deletionStep: 'El paso de borrado debe ser un número entero positivo.',
  noWeightNames: 'Nombra al menos un tensor de pesos.',
  noWeight: (name) => `El modelo no tiene ningún tensor de pesos ${quoteShort(name)}.`,
  nothing: 'No hay nada que calcular: da un texto o una imagen.',
  modelFailed: (detail) => `El modelo falló: ${detail}`,
  workerFailed: (detail) => `El worker del modelo no pudo arrancar: ${detail}`,
  couldNotLoad: (detail) => `No se pudo cargar el modelo: ${detail}`,
  offline:
    'No se pudo descargar el modelo: parece que no tienes conexión. Se volverá a intentar con tu próximo cambio.',
  unknownError: 'error desconocido',
  offlineDetail: 'parece que no tienes conexión',
  mainThread: 'Calculado en el hilo principal de la página: este navegador no tiene Worker.',
  notImage: (name) => `${quoteShort(name)} no es una imagen; elige un archivo PNG, JPEG, GIF o WebP.`,
  tooLarge: (name, mb, limit) => `${quoteShort(name)} ocupa ${mb} MB; el límite es ${limit} MB.`,
  undecodable: (name) =>
    `No se pudo decodificar ${quoteShort(name)}: el archivo está dañado o en un formato que este navegador no sabe leer.`,
  fileNoPixels: (name) => `${quoteShort(name)} no tiene píxeles.`,
  noCanvas: 'Este navegador no puede dibujar imágenes en un canvas.',
  pastedImage: 'imagen pegada',
  downscaled: (w0, h0, w, h) =>
    `Tu imagen de ${w0}×${h0} se redujo a ${w}×${h} antes del redimensionado propio de CLIP.`,
};

/** The runtime's messages in `lang` ('es…' for Spanish, anything else English). */
export function runtimeStrings(lang: string | undefined): RuntimeStrings {
  return lang?.startsWith('es') ? es : en;
}

/** The page's language (<html lang>), where there is a page. */
export function pageLang(): string | undefined {
  return typeof document === 'undefined' ? undefined : document.documentElement?.lang || undefined;
}

/** Both tables, for the test that every English message has a Spanish one. */
export const RUNTIME_STRINGS = { en, es };

/**
 * True when an error means the network could not be reached: the browser says it is offline, or fetch
 * rejected with a TypeError ("Failed to fetch"), which it does only when no answer came back.
 */
export function isNetworkError(err: unknown): boolean {
  if (typeof navigator !== 'undefined' && navigator.onLine === false) return true;
  if (err instanceof NetworkError) return true;
  return err instanceof TypeError && /fetch|network|load failed/i.test(err.message);
}

/** A download that got no answer at all (thrown by the loaders, so the page can say "offline"). */
export class NetworkError extends Error {}
