// The architecture diagram as data: the boxes of both towers and the shared head (which lesson each opens,
// which part colours it), and two layouts computed from them: "wide" (towers side by side, meeting at the
// similarity) and "narrow" (everything in one column, for phones). Units are SVG user units.
import type { UiStrings } from '../../i18n/en';

export type Part = 'text' | 'vision' | 'shared';
type LabelKey = Exclude<keyof UiStrings['diagram'], 'title' | 'description' | 'caption'>;

export interface BoxSpec {
  id: string;
  part: Part;
  /** Lesson slug (docs/site-contract.md) the box links to. */
  slug: string;
  label: LabelKey;
  /** The names in OpenAI's code, shown under the label. */
  code: string;
}

export const textTower: BoxSpec[] = [
  { id: 'tokenizer', part: 'text', slug: 'tokenizer', label: 'tokenizer', code: 'tokenize(text)' },
  {
    id: 'token-emb',
    part: 'text',
    slug: 'token-embedding',
    label: 'tokenEmbedding',
    code: 'token_embedding',
  },
  {
    id: 'text-pos',
    part: 'text',
    slug: 'positional-embedding',
    label: 'textPositional',
    code: '+ positional_embedding',
  },
  { id: 'text-tf', part: 'text', slug: 'transformer-block', label: 'textTransformer', code: 'transformer' },
  { id: 'ln-final', part: 'text', slug: 'final-norm-eot', label: 'finalNorm', code: 'ln_final(x)[eot]' },
  {
    id: 'text-proj',
    part: 'text',
    slug: 'final-norm-eot',
    label: 'textProjection',
    code: '@ text_projection',
  },
];

export const visionTower: BoxSpec[] = [
  { id: 'patches', part: 'vision', slug: 'image-patches', label: 'patches', code: 'conv1' },
  {
    id: 'class-emb',
    part: 'vision',
    slug: 'class-embedding',
    label: 'classEmbedding',
    code: 'class_embedding',
  },
  {
    id: 'vis-pos',
    part: 'vision',
    slug: 'image-position-ln-pre',
    label: 'visionPositional',
    code: '+ positional_embedding, ln_pre',
  },
  {
    id: 'vis-tf',
    part: 'vision',
    slug: 'vision-transformer',
    label: 'visionTransformer',
    code: 'transformer',
  },
  { id: 'ln-post', part: 'vision', slug: 'vision-transformer', label: 'lnPost', code: 'ln_post(x[:, 0])' },
  { id: 'img-proj', part: 'vision', slug: 'vision-transformer', label: 'imageProjection', code: '@ proj' },
];

export const head: BoxSpec[] = [
  {
    id: 'similarity',
    part: 'shared',
    slug: 'similarity-temperature',
    label: 'similarity',
    code: 'logit_scale.exp() · cos',
  },
  { id: 'loss', part: 'shared', slug: 'contrastive-loss', label: 'loss', code: '(CE rows + CE columns) / 2' },
];

export interface PlacedBox extends BoxSpec {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Pill {
  part: Part;
  label: 'textInput' | 'imageInput';
  tower: Part;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Layout {
  width: number;
  height: number;
  boxes: PlacedBox[];
  pills: Pill[];
  titles: { part: Part; x: number; y: number }[];
  /** SVG path data of the arrows between boxes. */
  arrows: string[];
}

const BOX_H = 46;
const STEP = 64;
const PILL_H = 30;

/** Stack boxes top to bottom from y, centred on cx; returns the placed boxes. */
function column(specs: BoxSpec[], cx: number, y: number, w: number): PlacedBox[] {
  return specs.map((spec, i) => ({ ...spec, x: cx - w / 2, y: y + i * STEP, w, h: BOX_H }));
}

/** Vertical arrows joining consecutive boxes of a column (and the pill above it). */
function chain(boxes: { x: number; y: number; w: number; h: number }[]): string[] {
  const arrows: string[] = [];
  for (let i = 1; i < boxes.length; i++) {
    const a = boxes[i - 1]!;
    const b = boxes[i]!;
    const cx = a.x + a.w / 2;
    arrows.push(`M${cx} ${a.y + a.h} V${b.y - 2}`);
  }
  return arrows;
}

function pill(tower: 'text' | 'vision', cx: number, y: number, w: number): Pill {
  const label = tower === 'text' ? 'textInput' : 'imageInput';
  return { part: tower, tower, label, x: cx - w / 2, y, w, h: PILL_H };
}

/** Towers side by side; their last boxes both feed the similarity, which feeds the loss. */
export function wideLayout(): Layout {
  const width = 760;
  const [tx, vx, boxW] = [190, 570, 280];
  const top = 104;
  const text = column(textTower, tx, top, boxW);
  const vision = column(visionTower, vx, top, boxW);
  const headTop = top + 6 * STEP + 40;
  const shared = column(head, width / 2, headTop, 320);
  const textPill = pill('text', tx, 48, 170);
  const imagePill = pill('vision', vx, 48, 170);
  const sim = shared[0]!;
  const lastText = text[text.length - 1]!;
  const lastVision = vision[vision.length - 1]!;
  const arrows = [
    ...chain([textPill, ...text]),
    ...chain([imagePill, ...vision]),
    ...chain(shared),
    `M${tx} ${lastText.y + BOX_H} C${tx} ${sim.y - 10}, ${sim.x + 60} ${sim.y - 30}, ${sim.x + 60} ${sim.y - 2}`,
    `M${vx} ${lastVision.y + BOX_H} C${vx} ${sim.y - 10}, ${sim.x + sim.w - 60} ${sim.y - 30}, ${sim.x + sim.w - 60} ${sim.y - 2}`,
  ];
  return {
    width,
    height: headTop + STEP + BOX_H + 8,
    boxes: [...text, ...vision, ...shared],
    pills: [textPill, imagePill],
    titles: [
      { part: 'text', x: tx, y: 26 },
      { part: 'vision', x: vx, y: 26 },
    ],
    arrows,
  };
}

/** One column: text tower, vision tower, then the head; the text features run down a rail on the left. */
export function narrowLayout(): Layout {
  const width = 360;
  const [cx, boxW, rail] = [196, 300, 16];
  const textPill = pill('text', cx, 40, 170);
  const text = column(textTower, cx, 92, boxW);
  const visionTitleY = text[text.length - 1]!.y + BOX_H + 44;
  const imagePill = pill('vision', cx, visionTitleY + 14, 170);
  const vision = column(visionTower, cx, imagePill.y + 52, boxW);
  const shared = column(head, cx, vision[vision.length - 1]!.y + STEP + 10, boxW);
  const lastText = text[text.length - 1]!;
  const sim = shared[0]!;
  const textToSim =
    `M${cx} ${lastText.y + BOX_H} V${lastText.y + BOX_H + 12} H${rail} ` +
    `V${sim.y + BOX_H / 2} H${sim.x - 2}`;
  return {
    width,
    height: shared[shared.length - 1]!.y + BOX_H + 8,
    boxes: [...text, ...vision, ...shared],
    pills: [textPill, imagePill],
    titles: [
      { part: 'text', x: cx, y: 22 },
      { part: 'vision', x: cx, y: visionTitleY },
    ],
    arrows: [...chain([textPill, ...text]), ...chain([imagePill, ...vision, ...shared]), textToSim],
  };
}
