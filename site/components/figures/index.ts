// The components lessons may use without importing them (docs/site-contract.md): name → component, for
// `<Content components={figures} />`.
import AttentionFigure from './AttentionFigure.astro';
import Fact from './Fact.astro';
import LossFigure from './LossFigure.astro';
import PatchFigure from './PatchFigure.astro';
import Shape from './Shape.astro';
import SimilarityFigure from './SimilarityFigure.astro';
import TensorFigure from './TensorFigure.astro';
import TokenizerFigure from './TokenizerFigure.astro';

export const figures = {
  TokenizerFigure,
  TensorFigure,
  AttentionFigure,
  PatchFigure,
  SimilarityFigure,
  LossFigure,
  Fact,
  Shape,
};

export default figures;
