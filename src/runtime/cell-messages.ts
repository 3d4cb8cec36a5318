// What the cell API says to the reader when a program calls it wrongly, in the page's language.
const en = {
  textType: 'encodeText: give a string or an array of strings.',
  imageType: (what: string, last: number) =>
    `encodeImage: ${what} is not an image: give a gallery index (0 to ${last}), gallery[k], myImage or pageImages[k].`,
  noMine: 'myImage is empty: choose an image with the cell’s “Image” button first.',
  forwardArgs: 'forward: give { texts, images, capture }, with at least one text or image.',
  stopped: (s: number) => `Stopped after ${s} s.`,
  leaked: (n: number) => `${n} tensors the program kept were freed.`,
  syntax: 'Syntax error',
  tooMany: (n: number) => `The output stops here: a run shows at most ${n} items.`,
};

export type CellMessages = typeof en;

const es: CellMessages = {
  textType: 'encodeText: pasa una cadena o un array de cadenas.',
  imageType: (what: string, last: number) =>
    `encodeImage: ${what} no es una imagen: pasa un índice de la galería (0 a ${last}), gallery[k], myImage o pageImages[k].`,
  noMine: 'myImage está vacía: elige primero una imagen con el botón «Imagen» de la celda.',
  forwardArgs: 'forward: pasa { texts, images, capture }, con al menos un texto o una imagen.',
  stopped: (s: number) => `Detenido tras ${s} s.`,
  leaked: (n: number) => `Se liberaron ${n} tensores que el programa conservaba.`,
  syntax: 'Error de sintaxis',
  tooMany: (n: number) => `La salida se corta aquí: una ejecución muestra como mucho ${n} elementos.`,
};

export const cellMessages = (lang: string | undefined): CellMessages => (lang === 'es' ? es : en);
