// Which tower a stage belongs to (its colour family in the figures): the text tower, the vision tower, or
// both (the shared space and the logits). Plain TypeScript, for the build and the page.
export function towerOf(stage: string): 'text' | 'vision' | 'both' {
  if (stage === 'image.features_normalized') return 'both';
  if (stage.startsWith('visual.') || stage.startsWith('image.')) return 'vision';
  if (stage.startsWith('logit') || stage === 'text.features_normalized') return 'both';
  return 'text';
}
