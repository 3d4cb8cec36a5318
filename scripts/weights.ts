// `npm run weights -- --from FILE|ORG/NAME[@REV] --name NAME [--dtype fp16|fp32|int8] [--shard-mb N] [--out DIR]`:
// converts a CLIP checkpoint (OpenAI, Hugging Face or open_clip names; safetensors, sharded or not, or
// pytorch_model.bin) into the project's web weight format (src/weights/pack.ts). From the hub, the config
// is the repository's config.json. A summary goes to stdout, download progress to stderr, and any failure
// is one line on stderr with a non-zero exit.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { toOpenAiNames } from '../src/clip/checkpoint-names';
import type { ClipConfig } from '../src/clip/config';
import type { Checkpoint } from '../src/clip/safetensors';
import type { StoreDtype } from '../src/weights/shards';
import { checkShapes, expectedShapes, resolveConfig } from '../src/clip/weights';
import { useBackend } from '../src/node/backend';
import { MODELS_DIR } from '../src/node/models';
import { REPO_ROOT } from '../src/node/vocab';
import type { Manifest } from '../src/weights/manifest';
import { packShards } from '../src/weights/pack';
import { UsageError, runMain } from './cli/errors';
import { configFromJson, readAnyConfigFile, readCheckpointFiles } from './weights/checkpoint-file';
import { downloadHubModel, isHubId } from './weights/download';
import { measureFidelity } from './weights/fidelity';

const USAGE = `usage: npm run weights -- --from FILE|ORG/NAME[@REVISION] --name NAME [options]
  FILE                     model.safetensors or pytorch_model.bin (OpenAI, HF or open_clip names)
  ORG/NAME[@REVISION]      a hub repository (HF_ENDPOINT, default https://huggingface.co)
  --dtype fp16|fp32|int8   stored precision (default fp16)
  --shard-mb N             largest shard in MB (default 4)
  --out DIR                output folder (default public/models/NAME/)
  --config FILE.json       CLIP config, the project's form or a hub config.json (default: the hub
                           repository's config.json, else the checkpoint metadata, else inferred)
  --cache DIR              where hub downloads are kept (default .cache/weights/)`;

const DTYPES: Record<string, StoreDtype> = { fp32: 'F32', fp16: 'F16', int8: 'I8' };
const SHARD = /^model-\d+-of-\d+\.safetensors$/;

function options(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      from: { type: 'string' },
      name: { type: 'string' },
      dtype: { type: 'string', default: 'fp16' },
      'shard-mb': { type: 'string', default: '4' },
      out: { type: 'string' },
      config: { type: 'string' },
      cache: { type: 'string', default: join(REPO_ROOT, '.cache', 'weights') },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return null;
  if (!values.from) throw new UsageError('--from FILE.safetensors or ORG/NAME is required');
  if (!values.name || !/^[\w.-]+$/.test(values.name))
    throw new UsageError('--name is required: letters, digits, ".", "_" or "-"');
  const dtype = DTYPES[values.dtype];
  if (!dtype) throw new UsageError(`--dtype must be fp16, fp32 or int8 (got "${values.dtype}")`);
  const shardMb = Number(values['shard-mb']);
  if (!(shardMb > 0))
    throw new UsageError(`--shard-mb must be a positive number (got "${values['shard-mb']}")`);
  const out = resolve(values.out ?? join(MODELS_DIR, values.name));
  if (out === resolve(MODELS_DIR, 'tiny'))
    throw new UsageError(
      'public/models/tiny/ is the committed trained model; choose another --name or --out',
    );
  return { ...values, from: values.from, name: values.name, dtype, maxBytes: shardMb * 1e6, out };
}

interface Source {
  checkpoint: Checkpoint;
  bytes: number;
  /** A hub repository's config.json, mapped. */
  hubConfig?: ClipConfig;
  /** What the summary names: the file, or the hub id and its weight file. */
  label: string;
}

/** The checkpoint: a local file, or a hub repository's config.json and weights (cached). */
async function source(from: string, cache: string): Promise<Source> {
  if (!existsSync(from) && isHubId(from)) {
    let hubConfig: ClipConfig | undefined;
    // config.json is checked before any weights arrive: a file that is not a CLIP fails fast.
    const got = await downloadHubModel(from, cache, (path) => {
      hubConfig = configFromJson(parseJson(path), `${from} config.json`);
    });
    const read = await readCheckpointFiles(got.weights);
    if (got.config && !hubConfig) hubConfig = configFromJson(parseJson(got.config), `${from} config.json`);
    return { ...read, hubConfig, label: `${from} ${got.kind}` };
  }
  return { ...(await readCheckpointFiles([from])), label: from };
}

function parseJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    rmSync(path, { force: true });
    throw new Error(`${path} is not valid JSON; it was removed, run again`, { cause: err });
  }
}

// Old shards of an earlier conversion into the same folder would linger beside the new ones.
function clearOutput(out: string): void {
  mkdirSync(out, { recursive: true });
  for (const f of readdirSync(out)) if (SHARD.test(f) || f === 'manifest.json') rmSync(join(out, f));
}

const mb = (n: number): string => `${(n / 1e6).toFixed(2)} MB`;

async function main(argv: string[]): Promise<number> {
  const opts = options(argv);
  if (!opts) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const given = opts.config ? readAnyConfigFile(opts.config) : undefined;
  const src = await source(opts.from, opts.cache);
  const { checkpoint, scheme } = toOpenAiNames(src.checkpoint);
  const cfg = resolveConfig(checkpoint, given ?? src.hubConfig);
  const shapes = new Map<string, readonly number[]>();
  for (const [name, t] of checkpoint.tensors) shapes.set(name, t.shape);
  checkShapes(cfg, shapes);
  // Only the parameters, in OpenAI's state_dict order; buffers such as input_resolution are dropped.
  const weights = new Map([...expectedShapes(cfg).keys()].map((n) => [n, checkpoint.tensors.get(n)!]));
  const { manifest, files } = await packShards(opts.name, cfg, weights, {
    dtype: opts.dtype,
    maxBytes: opts.maxBytes,
  });
  // A hub id as given; a local file by its name only, so that served manifests do not reveal local folders.
  const from = src.label === opts.from ? basename(opts.from) : opts.from;
  const full: Manifest = { ...manifest, source: { from, scheme } };
  if (opts.dtype === 'I8') {
    await useBackend('cpu');
    full.fidelity = await measureFidelity(checkpoint, [...files.values()], cfg);
  }
  clearOutput(opts.out);
  for (const [file, data] of files) writeFileSync(join(opts.out, file), data);
  writeFileSync(join(opts.out, 'manifest.json'), `${JSON.stringify(full, null, 2)}\n`);
  const n = files.size;
  process.stdout.write(
    `${opts.out}: ${n} shard${n > 1 ? 's' : ''}, ${mb(full.totalBytes!)} ${full.dtype}, ` +
      `from ${src.label} (${scheme} names, ${mb(src.bytes)})\n`,
  );
  if (full.fidelity) {
    const { images: i, texts: t } = full.fidelity;
    const f = (x: number): string => x.toFixed(5);
    process.stdout.write(
      `int8 fidelity, cosine to fp32 features: images min ${f(i.min)} mean ${f(i.mean)} (n ${i.n}), ` +
        `texts min ${f(t.min)} mean ${f(t.mean)} (n ${t.n})\n`,
    );
  }
  return 0;
}

runMain('weights', () => main(process.argv.slice(2)));
