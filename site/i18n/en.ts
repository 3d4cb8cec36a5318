// English interface strings for the site shell (not lesson prose: that lives in lessons/en).
export const en = {
  languageName: 'English',
  siteTitle: 'Inside CLIP',
  siteDescription:
    "Learn OpenAI's CLIP by running it: every step of the model computed in your browser, section by section.",
  homeHeading: 'Inside CLIP',
  homeLead:
    'CLIP reads a caption with one transformer and looks at an image with another, then measures how well ' +
    'they agree. Each box below is a lesson that computes its step live, on your own text and images.',
  skipToContent: 'Skip to content',
  mainNavigation: 'Site',
  switchLanguage: 'Leer esta página en español',
  themeToggle: 'Dark mode',
  toc: 'On this page',
  shapeTrail: {
    title: 'Shapes of the running example',
    example: (text: string) => `One caption, “${text}”, and one image, through the tiny model.`,
    caption:
      'Each stage of the forward pass: its shape in symbols and in the tiny model; this lesson’s stages are marked.',
    stage: 'Stage',
    symbols: 'Shape (tiny model)',
    tiny: 'In the tiny model',
    towers: { text: 'Text tower', vision: 'Vision tower', shared: 'Both towers' },
    stages: {
      tokens: 'token ids',
      tokenEmbedding: 'token embedding',
      textPositions: '+ positions',
      textBlocks: 'after the blocks',
      lnFinal: 'ln_final',
      eotRow: 'EOT row',
      textFeatures: 'text feature',
      pixels: 'pixels',
      conv1: 'conv1',
      patches: 'patch rows',
      visionEmbeddings: '+ class token, positions',
      lnPre: 'ln_pre',
      visionBlocks: 'after the blocks',
      lnPost: 'class row, ln_post',
      imageFeatures: 'image feature',
      logits: 'logits',
    },
  },
  lessonsHeading: 'Lessons',
  lessonNav: 'Previous and next lessons',
  previous: 'Previous',
  next: 'Next',
  lessonOf: (n: number, total: number) => `Lesson ${n} of ${total}`,
  parts: {
    text: 'Text tower',
    vision: 'Vision tower',
    shared: 'Shared space',
    labs: 'Labs',
    notebook: 'Notebook',
  },
  diagram: {
    title: 'The architecture of CLIP',
    description:
      'Two towers: the text tower turns a caption into a feature vector, the vision tower turns an image into ' +
      'another; both meet at the cosine similarity, whose logits feed the contrastive loss.',
    caption: 'Each box opens the lesson about that step.',
    textInput: 'a caption',
    imageInput: 'an image',
    tokenizer: 'Tokenizer (BPE)',
    tokenEmbedding: 'Token embedding',
    textPositional: 'Positional embedding',
    textTransformer: 'Transformer blocks × L',
    finalNorm: 'ln_final, EOT feature',
    textProjection: 'Text projection',
    patches: 'Image patches',
    classEmbedding: 'Class embedding',
    visionPositional: 'Positional embedding, ln_pre',
    visionTransformer: 'Transformer blocks × L',
    lnPost: 'ln_post on the class token',
    imageProjection: 'Image projection',
    similarity: 'Cosine similarity → logits',
    loss: 'Contrastive loss',
  },
  models: {
    label: 'Model',
    legend: 'The model for the live figures',
    note:
      'The live figures compute with the model chosen here. The tiny model is embedded in the site; a larger ' +
      'one is used once it is downloaded: each file is checked (sha256) and kept in this browser, so it ' +
      'is not downloaded again.',
    noScript: 'The figures use the tiny model, embedded in the site.',
    embedded: 'Embedded in the site: nothing to download.',
    summary: (image: number, patch: number, vision: string, text: string, features: number) =>
      `Images ${image} px in ${patch} px patches · vision ${vision} · text ${text} · ${features} features`,
    tower: (layers: number, width: number) => `${layers} layers × ${width}`,
    sizes: (download: string, memory: string) => `${download} to download, about ${memory} of memory in use`,
    download: 'Download',
    resume: 'Resume the download',
    cancel: 'Cancel',
    remove: 'Delete from this browser',
    progressLabel: (name: string) => `Download of ${name}`,
    progress: (loaded: string, total: string, percent: number) => `${loaded} of ${total} (${percent} %)`,
    checking: 'Looking for a stored copy…',
    notStored: 'Not downloaded.',
    partlyStored: (stored: string, total: string) =>
      `${stored} of ${total} stored; the download resumes where it stopped.`,
    stored: 'Stored in this browser; it works offline.',
    downloading: 'Downloading…',
    done: (name: string) => `${name} is downloaded and stored in this browser.`,
    removed: (name: string) => `${name} was deleted from this browser.`,
    hub: {
      title: 'Real CLIP from the Hugging Face hub',
      note:
        'These models come straight from the hub into this browser: the page reads the repository, shows the ' +
        'sizes, then downloads, converts and keeps the weights here, so the lessons run on the real model, ' +
        'offline too.',
      catalogue: 'OpenAI models',
      catalogueSize: (download: string) => `${download} to download`,
      catalogueSpeed: (image: string, caption: string, figures: string, cores: number, date: string) =>
        `About ${image} per image, ${caption} per caption, ${figures} per image with its attention maps ` +
        `(wasm, measured on a ${cores}-core computer on ${date}); on WebGL it depends on your GPU.`,
      repoLabel: 'Hugging Face repository',
      repoHint: 'Any CLIPModel repository: org/name, or org/name@revision.',
      dtypeLabel: 'Keep the weights as',
      dtypes: { F16: 'fp16 (half the size)', I8: 'int8 (a quarter)', F32: 'fp32 (exact)' },
      read: 'Read the repository',
      reading: (repo: string) => `Reading ${repo}…`,
      offer: (repo: string, commit: string, download: string, stored: string, memory: string) =>
        `${repo} (commit ${commit}): ${download} to download, ${stored} kept in this browser, about ${memory} ` +
        'of memory while it runs.',
      resumes: (done: string) => ` ${done} of it was converted before: the download resumes there.`,
      storedSizes: (stored: string, memory: string) =>
        `Converted from the hub: ${stored} kept in this browser, about ${memory} of memory in use`,
      stored: (repo: string) => `${repo} is already stored in this browser.`,
      go: 'Download and convert',
      use: 'Use it',
      dismiss: 'Not now',
      cancel: 'Cancel',
      progressLabel: (repo: string) => `Download and conversion of ${repo}`,
      converting: (repo: string) =>
        `Downloading and converting ${repo}; the figures keep the current model meanwhile.`,
      done: (repo: string) => `${repo} is converted and stored in this browser; the figures now use it.`,
      remove: 'Delete from this browser',
      removed: (name: string) => `${name} was deleted from this browser.`,
      kept: 'The figures keep the model they had.',
      errors: {
        'bad-id': (input: string) =>
          `"${input}" is not a repository name: write it as org/name or org/name@revision.`,
        'not-found': (repo: string) =>
          `No repository ${repo} (or no such revision) is on the Hugging Face hub.`,
        gated: (repo: string) => `${repo} is private or gated: the hub refused its files to this page.`,
        'not-clip': (repo: string, detail: string) =>
          `${repo} is not a CLIP model this site can read (${detail}).`,
        unsupported: (repo: string, detail: string) =>
          `${repo} uses something this site does not run (${detail}).`,
        format: (repo: string, detail: string) => `A file of ${repo} could not be read (${detail}).`,
        network: (repo: string) =>
          `The connection to the hub was lost while loading ${repo}; check the network and try again.`,
        http: (repo: string, detail: string) =>
          `The hub answered with an error for ${repo} (${detail}); try again later.`,
        integrity: (repo: string) =>
          `A file of ${repo} arrived damaged (its size or sha256 does not match the hub's); nothing was kept.`,
        quota: (need: string, free: string) =>
          `There is not enough storage space for this model: it needs ${need} and this browser has ${free} free.`,
        quotaFull: (repo: string) =>
          `The browser ran out of storage space while keeping ${repo}; nothing was kept.`,
        storage: (repo: string, detail: string) => `This browser refused to store ${repo} (${detail}).`,
        cancelled: (repo: string) =>
          `The download of ${repo} was cancelled; reading it again resumes from the last converted part.`,
      },
    },
    errors: {
      notFound: (file: string) => `The file ${file} is not on the server (HTTP 404).`,
      http: (file: string, status: number) => `The server answered HTTP ${status} for ${file}.`,
      offline: 'The server could not be reached: check the connection (are you offline?) and try again.',
      cancelled: 'The download was cancelled.',
      integrity: (file: string) =>
        `The file ${file} arrived damaged twice (its sha256 does not match); try again later.`,
      quota: 'There is not enough storage space to keep this model for offline use.',
      storage: 'This browser could not keep the model for offline use.',
      other: (message: string) => `The download failed: ${message}`,
    },
  },
  footer: 'Inside CLIP: an interactive reading of OpenAI’s CLIP. MIT licence.',
  notFoundTitle: 'Page not found',
  notFoundBody: 'This page does not exist. The lessons are listed on the home page.',
  backHome: 'Back to the home page',
  offline: {
    saved:
      'You are offline. The lessons and the tiny model work from the copy kept on this device; models not ' +
      'downloaded yet need the network.',
    unsaved:
      'You are offline. This site is not kept on this device yet, so pages you have not opened may not load.',
  },
};

export type UiStrings = typeof en;
