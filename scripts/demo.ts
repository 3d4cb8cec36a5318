// `npm run demo`: the default tiny CLIP, with no download, classifying fresh images of its world among
// every colour × shape prompt. Prints each image's caption and the model's three best prompts.
import { parseArgs } from 'node:util';
import { disposeModel, forward } from '../src/clip/model';
import { toTensor } from '../src/clip/preprocess';
import { useBackend } from '../src/node/backend';
import { loadNamedModel } from '../src/node/models';
import { loadTokenizer } from '../src/node/vocab';
import { isHeldOut, makeBatch, zeroShotLabels } from '../src/world';
import { positiveInt } from './cli/errors';

const { values } = parseArgs({ options: { n: { type: 'string' }, seed: { type: 'string' } } });
const n = positiveInt(values.n, '--n', 6);
const seed = positiveInt(values.seed, '--seed', 7);

await useBackend('wasm');
const model = loadNamedModel('tiny');
const tokenizer = await loadTokenizer();
const size = model.config.image_resolution;
const labels = zeroShotLabels();
const batch = makeBatch(seed, n, { split: 'any', objectCount: 1, size });
const ids = tokenizer.tokenize(
  labels.map((l) => l.prompt),
  { contextLength: model.config.context_length },
);
const images = batch.images.map((img) => toTensor(img, size, size));
const { logitsPerImage } = forward(model, { ids, images });
disposeModel(model);

const rows = logitsPerImage!.shape[1]!;
batch.captions.forEach((caption, i) => {
  const logits = Array.from(logitsPerImage!.data.subarray(i * rows, (i + 1) * rows));
  const max = Math.max(...logits);
  const exps = logits.map((v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  const top = exps
    .map((e, k) => ({ prompt: labels[k]!.prompt, p: e / sum }))
    .sort((a, b) => b.p - a.p)
    .slice(0, 3);
  const { colour, shape } = batch.scenes[i]!.objects[0]!;
  const held = isHeldOut(colour, shape) ? '  (a combination never seen in training)' : '';
  process.stdout.write(`image ${i + 1}: ${caption}${held}\n`);
  for (const t of top) process.stdout.write(`    ${(t.p * 100).toFixed(1).padStart(5)}%  ${t.prompt}\n`);
});
