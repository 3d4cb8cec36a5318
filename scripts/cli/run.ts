// `clip run --checkpoint FILE [--config FILE] [--text T]... [--image PATH]... [--truncate] [--backend B]`:
// features before normalisation, both logits matrices, and probs = softmax of logitsPerImage over texts.
// FILE is a safetensors file or pytorch_model.bin; the config may be a hub config.json as it is.
import { parseArgs } from 'node:util';
import { toOpenAiNames } from '../../src/clip/checkpoint-names';
import { type ClipModel, disposeModel, forward, toRows } from '../../src/clip/model';
import type { ClipConfig } from '../../src/clip/config';
import { preprocess } from '../../src/clip/preprocess';
import type { Checkpoint } from '../../src/clip/safetensors';
import { type NodeBackend, useBackend } from '../../src/node/backend';
import { readImageFile } from '../../src/node/image-file';
import { loadNamedModel } from '../../src/node/models';
import { createWeights, resolveConfig } from '../../src/clip/weights';
import { loadTokenizer } from '../../src/node/vocab';
import { readAnyConfigFile, readCheckpointFile } from '../weights/checkpoint-file';
import { UsageError } from './errors';

function softmaxRows(rows: number[][]): number[][] {
  return rows.map((row) => {
    const max = Math.max(...row);
    const exps = row.map((v) => Math.exp(v - max));
    const sum = exps.reduce((a, b) => a + b, 0);
    return exps.map((e) => e / sum);
  });
}

/** OpenAI, HF or open_clip names; the config given, else the checkpoint's metadata, else inferred. */
function fromCheckpoint(raw: Checkpoint, given?: ClipConfig): ClipModel {
  const { checkpoint, scheme } = toOpenAiNames(raw);
  const config = resolveConfig(checkpoint, given);
  return { config, weights: createWeights(checkpoint, config), scheme };
}

export async function runCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      checkpoint: { type: 'string' },
      model: { type: 'string' },
      config: { type: 'string' },
      text: { type: 'string', multiple: true, default: [] },
      image: { type: 'string', multiple: true, default: [] },
      truncate: { type: 'boolean', default: false },
      backend: { type: 'string', default: 'cpu' },
    },
  });
  if (!values.checkpoint === !values.model) {
    throw new UsageError(
      '--checkpoint FILE.safetensors|pytorch_model.bin is required (or --model NAME, not both)',
    );
  }
  if (values.backend !== 'cpu' && values.backend !== 'wasm') {
    throw new UsageError(`--backend must be cpu or wasm (got "${values.backend}")`);
  }
  const config = values.config ? readAnyConfigFile(values.config) : undefined;
  const read = values.checkpoint ? await readCheckpointFile(values.checkpoint) : null;
  await useBackend(values.backend as NodeBackend);
  const model = read ? fromCheckpoint(read.checkpoint, config) : loadNamedModel(values.model!);
  try {
    const cfg = model.config;
    const tokenizer = values.text.length ? await loadTokenizer() : null;
    const ids: Int32Array[] =
      tokenizer?.tokenize(values.text, { contextLength: cfg.context_length, truncate: values.truncate }) ??
      [];
    const images = values.image.map((path) => preprocess(readImageFile(path), cfg.image_resolution).pixels);
    const result = forward(model, { ids, images });
    const logitsPerImage = result.logitsPerImage ? toRows(result.logitsPerImage) : [];
    const out = {
      imageFeatures: result.imageFeatures ? toRows(result.imageFeatures) : [],
      textFeatures: result.textFeatures ? toRows(result.textFeatures) : [],
      logitsPerImage,
      logitsPerText: result.logitsPerText ? toRows(result.logitsPerText) : [],
      probs: softmaxRows(logitsPerImage),
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    disposeModel(model);
  }
}
