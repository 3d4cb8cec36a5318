// Build time: everything a figure component needs for its first paint: the run on its default input, the
// body markup drawn by the same draw functions the page uses, and the config the page script reads.
import { setVizLang } from '../../src/viz/strings';
import { type FigureConfig, type FigureKind, figureSizes } from '../components/figures/config';
import * as draw from '../components/figures/draw';
import { figureStrings } from '../components/figures/strings';
import { imageThumbs, type Run } from '../components/figures/views';
import { buildEngine } from './model';
import { renderStatic } from './static-dom';
import { staticRun } from './traces';

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
  const engine = await buildEngine();
  const cfg = engine.config;
  const s = figureStrings(lang);
  const texts = props.texts ?? (props.text !== undefined ? [props.text] : []);
  const images = props.images ?? (props.image !== undefined ? [props.image] : []);
  const tower = props.tower ?? 'text';
  const visionOnly = kind === 'patch' || (kind === 'attention' && tower === 'vision');
  const run = await staticRun({
    texts: visionOnly ? [] : texts,
    images: kind === 'tokenizer' || (kind === 'attention' && tower === 'text') ? [] : images,
    steps: kind === 'tokenizer',
  });
  const config: FigureConfig = {
    kind,
    lang,
    stage: props.stage,
    texts: visionOnly ? [] : texts,
    images: kind === 'tokenizer' || (kind === 'attention' && tower === 'text') ? [] : images,
    tower: props.tower,
    layer: props.layer ?? 0,
    head: props.head ?? 0,
    ...figureSizes(cfg, tower, props.stage),
  };
  const tau = 1 / (run.trace['logit_scale.exp']?.data[0] ?? 1);
  let shape: number[] | undefined;
  let note: string | undefined;
  let label = '';
  let thumbs: (string | undefined)[] = [];
  setVizLang(lang);
  const html = renderStatic(
    (body) => {
      if (kind === 'tensor') {
        ({ shape, note } = draw.drawTensor(body, run, props.stage!, config.head!, s));
        label = props.stage!;
      } else if (kind === 'attention') {
        ({ shape, note } = draw.drawAttention(body, run, s, tower, config.layer!, config.head!));
        label = s.attention(tower, config.layer!, config.head!);
      } else if (kind === 'patch') {
        ({ shape } = draw.drawPatches(body, run, s, cfg.vision_patch_size));
        label = s.patches;
      } else if (kind === 'similarity') {
        thumbs = imageThumbs(run); // encoded here, where the build's PNG encoder is set
        draw.drawSimilarity(body, run, s, tau);
        label = s.cosine;
      } else if (kind === 'loss') {
        thumbs = imageThumbs(run);
        draw.drawLoss(body, run, s, tau);
        label = s.lossMean;
      } else {
        draw.drawTokenizer(body, run, s, cfg.context_length);
        label = s.window;
      }
    },
    { class: 'fig-body' },
  );
  if (kind === 'similarity' || kind === 'loss') {
    config.tau = tau;
    config.run = slimRun(run, ['logits_per_image', 'logit_scale.exp'], thumbs);
  }
  return { html, config, shape, note, label };
}
