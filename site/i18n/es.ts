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
  shapeTrail: {
    title: 'Formas del ejemplo que seguimos',
    example: (text: string) => `Una descripción, «${text}», y una imagen, a través del modelo pequeño.`,
    caption:
      'Cada etapa de la pasada hacia delante: su forma en símbolos y en el modelo pequeño; las etapas de esta lección van marcadas.',
    stage: 'Etapa',
    symbols: 'Forma (modelo pequeño)',
    tiny: 'En el modelo pequeño',
    towers: { text: 'Torre de texto', vision: 'Torre de visión', shared: 'Las dos torres' },
    stages: {
      tokens: 'ids de los tokens',
      tokenEmbedding: 'embedding de tokens',
      textPositions: '+ posiciones',
      textBlocks: 'tras los bloques',
      lnFinal: 'ln_final',
      eotRow: 'fila de EOT',
      textFeatures: 'característica de texto',
      pixels: 'píxeles',
      conv1: 'conv1',
      patches: 'filas de los parches',
      visionEmbeddings: '+ token de clase, posiciones',
      lnPre: 'ln_pre',
      visionBlocks: 'tras los bloques',
      lnPost: 'fila de clase, ln_post',
      imageFeatures: 'característica de imagen',
      logits: 'logits',
    },
  },
  lessonsHeading: 'Lecciones',
  lessonNav: 'Lección anterior y siguiente',
  previous: 'Anterior',
  next: 'Siguiente',
  lessonOf: (n: number, total: number) => `Lección ${n} de ${total}`,
  parts: {
    text: 'Torre de texto',
    vision: 'Torre de visión',
    shared: 'Espacio compartido',
    labs: 'Laboratorios',
    notebook: 'Cuaderno',
  },
  diagram: {
    title: 'La arquitectura de CLIP',
    description:
      'Dos torres: la de texto convierte un texto en un vector de características y la de visión convierte una imagen ' +
      'en otro; ambas se encuentran en la similitud coseno, cuyos logits alimentan la pérdida contrastiva.',
    caption: 'Cada caja abre la lección de ese paso.',
    textInput: 'un texto',
    imageInput: 'una imagen',
    tokenizer: 'Tokenizador (BPE)',
    tokenEmbedding: 'Embedding de tokens',
    textPositional: 'Embedding posicional',
    textTransformer: 'Bloques transformer × L',
    finalNorm: 'ln_final, característica EOT',
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
  models: {
    label: 'Modelo',
    legend: 'El modelo de las figuras en vivo',
    note:
      'Las figuras en vivo calculan con el modelo elegido aquí. El modelo pequeño está incluido en el sitio; ' +
      'uno más grande se usa en cuanto se descarga: cada archivo se comprueba (sha256) y se guarda en ' +
      'este navegador, así que no se vuelve a descargar.',
    noScript: 'Las figuras usan el modelo pequeño, incluido en el sitio.',
    embedded: 'Incluido en el sitio: no hay nada que descargar.',
    summary: (image, patch, vision, text, features) =>
      `Imágenes de ${image} px en parches de ${patch} px · visión ${vision} · texto ${text} · ${features} características`,
    tower: (layers, width) => `${layers} capas × ${width}`,
    sizes: (download, memory) => `${download} de descarga, unos ${memory} de memoria en uso`,
    download: 'Descargar',
    resume: 'Reanudar la descarga',
    cancel: 'Cancelar',
    remove: 'Borrar de este navegador',
    progressLabel: (name) => `Descarga de ${name}`,
    progress: (loaded, total, percent) => `${loaded} de ${total} (${percent} %)`,
    checking: 'Buscando una copia guardada…',
    notStored: 'Sin descargar.',
    partlyStored: (stored, total) => `${stored} de ${total} guardados; la descarga sigue donde se quedó.`,
    stored: 'Guardado en este navegador; funciona sin conexión.',
    downloading: 'Descargando…',
    done: (name) => `${name} está descargado y guardado en este navegador.`,
    removed: (name) => `${name} se borró de este navegador.`,
    hub: {
      title: 'CLIP real desde el hub de Hugging Face',
      note:
        'Estos modelos llegan directamente del hub a este navegador: la página lee el repositorio, muestra los ' +
        'tamaños y después descarga, convierte y guarda los pesos aquí, de modo que las lecciones funcionan con ' +
        'el modelo real, también sin conexión.',
      catalogue: 'Modelos de OpenAI',
      catalogueSize: (download: string) => `${download} de descarga`,
      catalogueSpeed: (image: string, caption: string, figures: string, cores: number, date: string) =>
        `Unos ${image} por imagen, ${caption} por descripción, ${figures} por imagen con sus mapas de ` +
        `atención (wasm, medido en un ordenador de ${cores} núcleos el ${date}); en WebGL depende de tu GPU.`,
      repoLabel: 'Repositorio de Hugging Face',
      repoHint: 'Cualquier repositorio CLIPModel: org/nombre u org/nombre@revisión.',
      dtypeLabel: 'Guardar los pesos como',
      dtypes: { F16: 'fp16 (la mitad de tamaño)', I8: 'int8 (una cuarta parte)', F32: 'fp32 (exacto)' },
      read: 'Leer el repositorio',
      reading: (repo: string) => `Leyendo ${repo}…`,
      offer: (repo: string, commit: string, download: string, stored: string, memory: string) =>
        `${repo} (commit ${commit}): ${download} de descarga, ${stored} guardados en este navegador y unos ` +
        `${memory} de memoria mientras funciona.`,
      resumes: (done: string) => ` Ya se habían convertido ${done}: la descarga continúa desde ahí.`,
      storedSizes: (stored: string, memory: string) =>
        `Convertido desde el hub: ${stored} guardados en este navegador, unos ${memory} de memoria en uso`,
      stored: (repo: string) => `${repo} ya está guardado en este navegador.`,
      go: 'Descargar y convertir',
      use: 'Usarlo',
      dismiss: 'Ahora no',
      cancel: 'Cancelar',
      progressLabel: (repo: string) => `Descarga y conversión de ${repo}`,
      converting: (repo: string) =>
        `Descargando y convirtiendo ${repo}; mientras tanto, las figuras siguen con el modelo actual.`,
      done: (repo: string) => `${repo} está convertido y guardado en este navegador; las figuras ya lo usan.`,
      remove: 'Borrar de este navegador',
      removed: (name: string) => `${name} se ha borrado de este navegador.`,
      kept: 'Las figuras conservan el modelo que tenían.',
      errors: {
        'bad-id': (input: string) =>
          `«${input}» no es un nombre de repositorio: escríbelo como org/nombre u org/nombre@revisión.`,
        'not-found': (repo: string) =>
          `No hay ningún repositorio ${repo} (o no existe esa revisión) en el hub de Hugging Face.`,
        gated: (repo: string) =>
          `${repo} es privado o de acceso restringido: el hub no entrega sus archivos a esta página.`,
        'not-clip': (repo: string, detail: string) =>
          `${repo} no es un modelo CLIP que este sitio sepa leer (${detail}).`,
        unsupported: (repo: string, detail: string) =>
          `${repo} usa algo que este sitio no ejecuta (${detail}).`,
        format: (repo: string, detail: string) => `No se pudo leer un archivo de ${repo} (${detail}).`,
        network: (repo: string) =>
          `Se perdió la conexión con el hub mientras se cargaba ${repo}; comprueba la red e inténtalo de nuevo.`,
        http: (repo: string, detail: string) =>
          `El hub respondió con un error para ${repo} (${detail}); inténtalo más tarde.`,
        integrity: (repo: string) =>
          `Un archivo de ${repo} llegó dañado (su tamaño o su sha256 no coinciden con los del hub); no se guardó nada.`,
        quota: (need: string, free: string) =>
          `No hay espacio suficiente para este modelo: necesita ${need} y este navegador tiene ${free} libres.`,
        quotaFull: (repo: string) =>
          `El navegador se quedó sin espacio mientras guardaba ${repo}; no se guardó nada.`,
        storage: (repo: string, detail: string) => `Este navegador no permitió guardar ${repo} (${detail}).`,
        cancelled: (repo: string) =>
          `Se canceló la descarga de ${repo}; al leerlo de nuevo, continúa desde la última parte convertida.`,
      },
    },
    errors: {
      notFound: (file) => `El archivo ${file} no está en el servidor (HTTP 404).`,
      http: (file, status) => `El servidor respondió HTTP ${status} para ${file}.`,
      offline:
        'No se pudo contactar con el servidor: revisa la conexión (¿estás sin conexión?) e inténtalo de nuevo.',
      cancelled: 'Se canceló la descarga.',
      integrity: (file) =>
        `El archivo ${file} llegó dañado dos veces (su sha256 no coincide); inténtalo más tarde.`,
      quota: 'No hay espacio suficiente para guardar este modelo y usarlo sin conexión.',
      storage: 'Este navegador no pudo guardar el modelo para usarlo sin conexión.',
      other: (message) => `La descarga falló: ${message}`,
    },
  },
  footer: 'Inside CLIP: una lectura interactiva de CLIP de OpenAI. Licencia MIT.',
  notFoundTitle: 'Página no encontrada',
  notFoundBody: 'Esta página no existe. Las lecciones están en la página de inicio.',
  backHome: 'Volver al inicio',
  offline: {
    saved:
      'Estás sin conexión. Las lecciones y el modelo pequeño funcionan con la copia guardada en este ' +
      'dispositivo; los modelos que aún no has descargado necesitan la red.',
    unsaved:
      'Estás sin conexión. Este sitio aún no está guardado en este dispositivo, así que las páginas que no ' +
      'has abierto pueden no cargarse.',
  },
};
