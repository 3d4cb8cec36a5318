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
  lessonsHeading: 'Lessons',
  lessonNav: 'Previous and next lessons',
  previous: 'Previous',
  next: 'Next',
  lessonOf: (n: number, total: number) => `Lesson ${n} of ${total}`,
  parts: { text: 'Text tower', vision: 'Vision tower', shared: 'Shared space' },
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
  footer: 'Inside CLIP: an interactive reading of OpenAI’s CLIP. MIT licence.',
  notFoundTitle: 'Page not found',
  notFoundBody: 'This page does not exist. The lessons are listed on the home page.',
  backHome: 'Back to the home page',
};

export type UiStrings = typeof en;
