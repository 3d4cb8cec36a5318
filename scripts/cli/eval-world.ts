// `clip eval-world --model NAME [--n N] [--seed S]`: zero-shot accuracy (seen and held-out colour × shape
// combinations), recall@1 both ways in batches of 64, and the learned temperature, as JSON.
import { parseArgs } from 'node:util';
import { disposeModel } from '../../src/clip/model';
import { useBackend } from '../../src/node/backend';
import { loadNamedModel } from '../../src/node/models';
import { loadTokenizer } from '../../src/node/vocab';
import { evaluateWorld } from '../../src/train/evaluate';
import { positiveInt } from './errors';

export async function evalWorldCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { model: { type: 'string', default: 'tiny' }, n: { type: 'string' }, seed: { type: 'string' } },
  });
  const n = positiveInt(values.n, '--n', 512);
  const seed = positiveInt(values.seed, '--seed', 2024);
  await useBackend('wasm');
  const model = loadNamedModel(values.model);
  try {
    const metrics = evaluateWorld(model.weights, model.config, await loadTokenizer(), { n, seed });
    process.stdout.write(`${JSON.stringify(metrics)}\n`);
  } finally {
    disposeModel(model);
  }
}
