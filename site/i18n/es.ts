// Spanish interface strings for the site shell (not lesson prose: that lives in lessons/es).
import type { UiStrings } from './en';

export const es: UiStrings = {
  languageName: 'Español',
  siteTitle: 'Inside CLIP',
  siteDescription:
    'Aprende CLIP de OpenAI ejecutándolo: cada paso del modelo calculado en tu navegador, sección a sección.',
  homeHeading: 'Inside CLIP',
  homeLead:
    'CLIP lee un texto con un transformer y mira una imagen con otro, y luego mide cuánto coinciden. Cada ' +
    'caja de abajo es una lección que calcula su paso en vivo, con tus propios textos e imágenes.',
  skipToContent: 'Saltar al contenido',
  mainNavigation: 'Sitio',
  switchLanguage: 'Read this page in English',
  themeToggle: 'Modo oscuro',
  toc: 'En esta página',
  lessonsHeading: 'Lecciones',
  lessonNav: 'Lección anterior y siguiente',
  previous: 'Anterior',
  next: 'Siguiente',
  lessonOf: (n: number, total: number) => `Lección ${n} de ${total}`,
  parts: { text: 'Torre de texto', vision: 'Torre de visión', shared: 'Espacio compartido' },
  diagram: {
    title: 'La arquitectura de CLIP',
    description:
      'Dos torres: la de texto convierte un texto en un vector de rasgos y la de visión convierte una imagen ' +
      'en otro; ambas se encuentran en la similitud coseno, cuyos logits alimentan la pérdida contrastiva.',
    caption: 'Cada caja abre la lección de ese paso.',
    textInput: 'un texto',
    imageInput: 'una imagen',
    tokenizer: 'Tokenizador (BPE)',
    tokenEmbedding: 'Embedding de tokens',
    textPositional: 'Embedding posicional',
    textTransformer: 'Bloques transformer × L',
    finalNorm: 'ln_final, rasgo EOT',
    textProjection: 'Proyección del texto',
    patches: 'Parches de la imagen',
    classEmbedding: 'Embedding de clase',
    visionPositional: 'Embedding posicional, ln_pre',
    visionTransformer: 'Bloques transformer × L',
    lnPost: 'ln_post del token de clase',
    imageProjection: 'Proyección de la imagen',
    similarity: 'Similitud coseno → logits',
    loss: 'Pérdida contrastiva',
  },
  footer: 'Inside CLIP: una lectura interactiva de CLIP de OpenAI. Licencia MIT.',
  notFoundTitle: 'Página no encontrada',
  notFoundBody: 'Esta página no existe. Las lecciones están en la página de inicio.',
  backHome: 'Volver al inicio',
};
