// Build time: everything a figure component needs for its first paint: the run on its default input, the
// body markup drawn by its kind's paint (the registry in kinds.ts, the same call the
// page redraws with), and the config the page script reads.
import { setVizLang } from '../../../src/viz/strings';
import { type FigureConfig, type FigureKind, figureSizes } from './config';
import { FIGURE_KINDS, type Shown } from './kinds';
import { figureStrings } from '../../lib/figure-strings';
import { imageThumbs, type Run } from './views';
import { buildEngine } from '../../lib/model';
import { renderStatic } from '../../lib/static-dom';
import { staticRun } from '../../lib/traces';

export interface FigureProps {
  stage?: string;
  text?: string;
  image?: number;
  tower?: 'text' | 'vision';
  layer?: number;
  head?: number;
  texts?: string[];
  images?: number[];
}

export interface StaticFigure {
  html: string;
  config: FigureConfig;
  shape?: number[];
  note?: string;
  /** Short caption: what is shown. */
  label: string;
}

/** Only what the small figures need in the page (no pixels but the rows' thumbnails, no other stages). */
function slimRun(run: Run, keys: string[], thumbs: (string | undefined)[]): Run {
  return {
    trace: Object.fromEntries(keys.filter((k) => run.trace[k]).map((k) => [k, run.trace[k]!])),
    texts: run.texts.map((t) => ({ ...t, steps: undefined })),
    images: run.images.map((im, i) => ({ ...im, rgb: new Uint8Array(0), thumb: thumbs[i] })),
    notes: [],
  };
}

export async function staticFigure(
  kind: FigureKind,
  props: FigureProps,
  lang: string,
): Promise<StaticFigure> {
  const spec = FIGURE_KINDS[kind];
  const engine = await buildEngine();
  const cfg = engine.config;
  const s = figureStrings(lang);
  const tower = props.tower ?? 'text';
  const takes = spec.inputs(tower);
  const texts = takes.texts ? (props.texts ?? (props.text !== undefined ? [props.text] : [])) : [];
  const images = takes.images ? (props.images ?? (props.image !== undefined ? [props.image] : [])) : [];
  const run = await staticRun({ texts, images, steps: spec.steps === true });
  const config: FigureConfig = {
    kind,
    lang,
    stage: props.stage,
    texts,
    images,
    tower: props.tower,
    layer: props.layer ?? 0,
    head: props.head ?? 0,
    ...figureSizes(cfg, tower, props.stage),
  };
  const tau = 1 / (run.trace['logit_scale.exp']?.data[0] ?? 1);
  let thumbs: (string | undefined)[] = [];
  let shown: Shown = {};
  setVizLang(lang);
  const state = { c: config, s, layer: config.layer!, head: config.head!, tau, allRows: false };
  const html = renderStatic(
    (body) => {
      if (spec.keepsRun) thumbs = imageThumbs(run); // encoded here, where the build's PNG encoder is set
      shown = spec.paint(body, run, state);
    },
    { class: 'fig-body' },
  );
  if (spec.keepsRun) {
    config.tau = tau;
    config.run = slimRun(run, spec.capture(config), thumbs);
  }
  return { html, config, shape: shown.shape, note: shown.note, label: spec.label(s, config) };
}
