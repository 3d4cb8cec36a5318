// The attention explorer's interface words (controls, headings, announcements) in English and Spanish.
const en = {
  label: 'Attention explorer',
  figureCaption:
    'Attention explorer: the text tower per layer and head, and where the image’s class token looks (attention, rollout, relevance for the caption); switch heads off or delete patches and watch the similarity.',
  text: 'Text for the text tower',
  caption: 'Caption for the image',
  textTower: 'Text tower: who reads whom',
  imageTower: 'Image tower: where the class token looks',
  overviewText: 'Every layer and head (pick one)',
  overviewImage: 'Class token → patches, every layer and head (pick one)',
  overviewHelp: (layers: number, heads: number) =>
    `${layers} layers by ${heads} heads; arrow keys pick a head, and the large figure follows.`,
  cellName: (layer: number, head: number, off: boolean) =>
    `layer ${layer}, head ${head}${off ? ' (switched off)' : ''}`,
  matrix: (layer: number, head: number) => `Attention of layer ${layer}, head ${head} (rows read columns)`,
  tokens: 'Tokens (hover or focus one to light up its row and column)',
  eot: (layer: number, head: number) => `What EOT reads, layer ${layer}, head ${head}`,
  classAttention: (layer: number, head: number) => `Class token attention, layer ${layer}, head ${head}`,
  rollout: 'Attention rollout (all layers)',
  relevance: 'Relevance for the caption (attention × gradient)',
  mapHelp: (grid: number) =>
    `${grid} by ${grid} patches; arrow keys move, Enter or Space deletes or restores the patch.`,
  patchValue: (r: number, c: number, value: string, masked: boolean) =>
    `patch row ${r + 1}, column ${c + 1}: ${value}${masked ? ', deleted' : ''}`,
  deletion: 'Deletion curves: similarity as the most relevant patches go first',
  deletionAxisX: 'patches deleted',
  deletionAxisY: 'cosine similarity',
  curveAttention: 'last-layer attention',
  curveRollout: 'rollout',
  curveRelevance: 'relevance',
  similarity: (value: string, plain: string, ablated: boolean) =>
    ablated
      ? `Cosine similarity of image and caption: ${value} (without your changes: ${plain}).`
      : `Cosine similarity of image and caption: ${value}.`,
  textHeads: 'Switch text heads off',
  imageHeads: 'Switch image heads off',
  layerRow: (layer: number) => `Layer ${layer}`,
  headToggle: (tower: string, layer: number, head: number) => `${tower} layer ${layer}, head ${head} on`,
  towerText: 'text',
  towerImage: 'image',
  clearPatches: 'Restore all patches',
  clearHeads: 'Switch every head back on',
  maskedCount: (n: number) =>
    n ? `${n} patches deleted (click a patch to restore it).` : 'Click a patch to delete it.',
  loading: 'Loading the model…',
  computing: 'Computing…',
  done: (backend: string, ms: number, model: string) =>
    `Computed in your browser (${backend}, ${ms.toFixed(0)} ms, model ${model}).`,
  waiting: 'The explorer computes in your browser; it starts when you reach it.',
  ownImage: 'your image (not written into the link)',
};

export type ExplorerStrings = typeof en;

const es: ExplorerStrings = {
  label: 'Explorador de atención',
  figureCaption:
    'Explorador de atención: la torre de texto por capa y cabeza, y adónde mira el token de clase de la imagen (atención, rollout, relevancia para la descripción); apaga cabezas o borra parches y mira la similitud.',
  text: 'Texto para la torre de texto',
  caption: 'Descripción para la imagen',
  textTower: 'Torre de texto: quién lee a quién',
  imageTower: 'Torre de imagen: adónde mira el token de clase',
  overviewText: 'Todas las capas y cabezas (elige una)',
  overviewImage: 'Token de clase → parches, todas las capas y cabezas (elige una)',
  overviewHelp: (layers, heads) =>
    `${layers} capas por ${heads} cabezas; las flechas eligen una cabeza y la figura grande la sigue.`,
  cellName: (layer, head, off) => `capa ${layer}, cabeza ${head}${off ? ' (apagada)' : ''}`,
  matrix: (layer, head) => `Atención de la capa ${layer}, cabeza ${head} (las filas leen las columnas)`,
  tokens: 'Tokens (pasa el ratón o el foco por uno para resaltar su fila y su columna)',
  eot: (layer, head) => `Qué lee EOT, capa ${layer}, cabeza ${head}`,
  classAttention: (layer, head) => `Atención del token de clase, capa ${layer}, cabeza ${head}`,
  rollout: 'Rollout de la atención (todas las capas)',
  relevance: 'Relevancia para la descripción (atención × gradiente)',
  mapHelp: (grid) =>
    `${grid} por ${grid} parches; las flechas mueven, Intro o Espacio borra o restaura el parche.`,
  patchValue: (r, c, value, masked) =>
    `parche fila ${r + 1}, columna ${c + 1}: ${value}${masked ? ', borrado' : ''}`,
  deletion: 'Curvas de borrado: la similitud cuando se borran primero los parches más relevantes',
  deletionAxisX: 'parches borrados',
  deletionAxisY: 'similitud coseno',
  curveAttention: 'atención de la última capa',
  curveRollout: 'rollout',
  curveRelevance: 'relevancia',
  similarity: (value, plain, ablated) =>
    ablated
      ? `Similitud coseno de imagen y descripción: ${value} (sin tus cambios: ${plain}).`
      : `Similitud coseno de imagen y descripción: ${value}.`,
  textHeads: 'Apagar cabezas de texto',
  imageHeads: 'Apagar cabezas de imagen',
  layerRow: (layer) => `Capa ${layer}`,
  headToggle: (tower, layer, head) => `${tower} capa ${layer}, cabeza ${head} encendida`,
  towerText: 'texto',
  towerImage: 'imagen',
  clearPatches: 'Restaurar todos los parches',
  clearHeads: 'Encender todas las cabezas',
  maskedCount: (n) =>
    n
      ? `${n} parches borrados (haz clic en un parche para restaurarlo).`
      : 'Haz clic en un parche para borrarlo.',
  loading: 'Cargando el modelo…',
  computing: 'Calculando…',
  done: (backend, ms, model) =>
    `Calculado en tu navegador (${backend}, ${ms.toFixed(0)} ms, modelo ${model}).`,
  waiting: 'El explorador calcula en tu navegador; empieza cuando llegas a él.',
  ownImage: 'tu imagen (no se escribe en el enlace)',
};

export function explorerStrings(lang: string): ExplorerStrings {
  return lang.startsWith('es') ? es : en;
}
