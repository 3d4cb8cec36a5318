// The components lessons may use without importing them (docs/site-contract.md): name → component, for
// `<Content components={figures} />`.
import AttentionFigure from './AttentionFigure.astro';
import Const from './Const.astro';
import Fact from './Fact.astro';
import LiveFact from './LiveFact.astro';
import OnlyReal from './OnlyReal.astro';
import OnlyTiny from './OnlyTiny.astro';
import LossFigure from './LossFigure.astro';
import PatchFigure from './PatchFigure.astro';
import Shape from './Shape.astro';
import SimilarityFigure from './SimilarityFigure.astro';
import TensorFigure from './TensorFigure.astro';
import TokenizerFigure from './TokenizerFigure.astro';
import VisionFilters from './VisionFilters.astro';
import LogitsLab from '../labs/LogitsLab.astro';
import FeatureSpace from '../labs/FeatureSpace.astro';
import TrainingLab from '../labs/TrainingLab.astro';
import ZeroShotPlayground from '../labs/ZeroShotPlayground.astro';
import AttentionExplorer from '../labs/AttentionExplorer.astro';
import AttentionToy from '../toys/AttentionToy.astro';
import CodeCell from '../cells/CodeCell.astro';
import SphereGeometry from '../toys/SphereGeometry.astro';

export const figures = {
  CodeCell,
  AttentionToy,
  SphereGeometry,
  AttentionExplorer,
  ZeroShotPlayground,
  TrainingLab,
  TokenizerFigure,
  TensorFigure,
  AttentionFigure,
  PatchFigure,
  VisionFilters,
  SimilarityFigure,
  LossFigure,
  Fact,
  LiveFact,
  OnlyTiny,
  OnlyReal,
  Const,
  Shape,
  LogitsLab,
  FeatureSpace,
};

export default figures;
