// Build-time traces: every figure's default input run once through the tiny model (every stage captured),
// cached per input for the whole build, so a page with five figures on one sentence computes it once.
import { towerOf } from './towers';
import { buildEngine } from './model';
import type { Engine } from '../../src/runtime/engine';
import { DEFAULT_TEXT } from '../../src/runtime/inputs';
import type { ExplanationMessage, ImageSpec, ResultMessage } from '../../src/runtime/protocol';

export interface StaticInput {
  texts?: string[];
  images?: number[];
  steps?: boolean;
}

const cache = new Map<string, Promise<ResultMessage | ExplanationMessage>>();

/** The engine's answer for `key`, computed once per build. */
function once<T extends ResultMessage | ExplanationMessage>(key: string, ask: (e: Engine) => T): Promise<T> {
  let hit = cache.get(key);
  if (!hit) {
    hit = buildEngine().then(ask);
    cache.set(key, hit);
  }
  return hit as Promise<T>;
}

export function staticRun(input: StaticInput): Promise<ResultMessage> {
  const key = JSON.stringify(['run', input.texts ?? [], input.images ?? [], Boolean(input.steps)]);
  return once(key, (engine) =>
    engine.run({
      type: 'run',
      id: 0,
      channel: 'build',
      texts: input.texts,
      images: (input.images ?? []).map((index): ImageSpec => ({ kind: 'world', index })),
      capture: true,
      steps: input.steps,
    }),
  );
}

/** The attention explorer's first answer: gallery image `image` against `caption`, nothing ablated. */
export function staticExplain(image: number, caption: string): Promise<ExplanationMessage> {
  return once(JSON.stringify(['explain', image, caption]), (engine) =>
    engine.explain({
      type: 'explain',
      id: 0,
      channel: 'build',
      image: { kind: 'world', index: image },
      text: caption,
    }),
  );
}

/** The shape of a stage on the default input (DEFAULT_TEXT and gallery image 0), e.g. [1, 77, 64]. */
export async function stageShape(stage: string): Promise<number[]> {
  const tower = towerOf(stage);
  const run = await staticRun({
    texts: tower === 'vision' ? [] : [DEFAULT_TEXT],
    images: tower === 'text' ? [] : [0],
  });
  const entry = run.trace[stage];
  if (!entry)
    throw new Error(`<Shape stage="${stage}">: the model has no stage "${stage}" (see the Trace keys)`);
  return entry.shape;
}
