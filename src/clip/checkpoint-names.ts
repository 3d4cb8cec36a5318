// Hugging Face CLIPModel and open_clip checkpoints renamed once, at load, to OpenAI's state_dict names and
// layouts, so everything after loading (config inference, shape checks, weights) knows one naming only.
import { type Checkpoint, CheckpointError, type TensorEntry, transposeMatrix } from './safetensors';

export type NamingScheme = 'openai' | 'hf' | 'open_clip';

// open_clip's training checkpoints nest the weights under "state_dict" and DDP adds "module.".
const OPEN_CLIP_PREFIX = /^(state_dict\.)?(module\.)?/;
// First segments of OpenAI's state_dict names, buffers included.
const OPENAI_ROOTS = new Set(
  (
    'positional_embedding text_projection logit_scale visual transformer token_embedding ln_final ' +
    'input_resolution context_length vocab_size'
  ).split(' '),
);

// 'shared': logit_scale is spelt the same by OpenAI and HF, so it decides nothing.
function classify(name: string): NamingScheme | 'shared' | null {
  if (name === 'logit_scale') return 'shared';
  if (/^(state_dict|module)\./.test(name)) return 'open_clip';
  if (/^(text_model|vision_model)\./.test(name)) return 'hf';
  if (name === 'text_projection.weight' || name === 'visual_projection.weight') return 'hf';
  return OPENAI_ROOTS.has(name.split('.')[0]!) ? 'openai' : null;
}

const sample = (names: string[]): string => (names.length ? `"${names.slice(0, 3).join('", "')}"` : 'none');

/** Which naming a checkpoint uses; names identical to OpenAI's are 'openai' even if open_clip wrote them. */
export function detectScheme(names: Iterable<string>): NamingScheme {
  const all = [...names];
  const found = new Map<NamingScheme, string[]>();
  for (const name of all) {
    const s = classify(name);
    if (s === null || s === 'shared') continue;
    if (!found.has(s)) found.set(s, []);
    found.get(s)!.push(name);
  }
  if (found.size > 1) {
    const parts = [...found].map(([s, n]) => `${s} (e.g. ${sample(n)})`);
    throw new CheckpointError(`checkpoint mixes tensor naming schemes: ${parts.join(' and ')}`);
  }
  const [scheme] = found.keys();
  if (scheme) return scheme;
  if (all.includes('logit_scale')) return 'openai';
  throw new CheckpointError(
    `unrecognised checkpoint: no OpenAI, Hugging Face or open_clip tensor names (first names: ${sample(all)})`,
  );
}

// HF block parts → OpenAI block parts; q/k/v are packed separately.
const HF_BLOCK: [RegExp, string][] = [
  [/^self_attn\.out_proj\.(weight|bias)$/, 'attn.out_proj.$1'],
  [/^layer_norm1\.(weight|bias)$/, 'ln_1.$1'],
  [/^layer_norm2\.(weight|bias)$/, 'ln_2.$1'],
  [/^mlp\.fc1\.(weight|bias)$/, 'mlp.c_fc.$1'],
  [/^mlp\.fc2\.(weight|bias)$/, 'mlp.c_proj.$1'],
];
const HF_TOP: [RegExp, string][] = [
  [/^text_model\.embeddings\.token_embedding\.weight$/, 'token_embedding.weight'],
  [/^text_model\.embeddings\.position_embedding\.weight$/, 'positional_embedding'],
  [/^text_model\.final_layer_norm\.(weight|bias)$/, 'ln_final.$1'],
  [/^vision_model\.embeddings\.class_embedding$/, 'visual.class_embedding'],
  [/^vision_model\.embeddings\.patch_embedding\.weight$/, 'visual.conv1.weight'],
  [/^vision_model\.embeddings\.position_embedding\.weight$/, 'visual.positional_embedding'],
  [/^vision_model\.pre_layrnorm\.(weight|bias)$/, 'visual.ln_pre.$1'], // HF's spelling
  [/^vision_model\.post_layernorm\.(weight|bias)$/, 'visual.ln_post.$1'],
  [/^logit_scale$/, 'logit_scale'],
];
// HF's nn.Linear projections are [embed, width]; OpenAI right-multiplies a [width, embed] matrix.
const HF_TRANSPOSED = new Map([
  ['text_projection.weight', 'text_projection'],
  ['visual_projection.weight', 'visual.proj'],
]);
const HF_LAYER = /^(text|vision)_model\.encoder\.layers\.(\d+)\.(.+)$/;
const QKV = ['q', 'k', 'v'] as const;
type Named = [source: string, t: TensorEntry];

function transpose2d(name: string, t: TensorEntry): TensorEntry {
  if (t.shape.length !== 2) {
    throw new CheckpointError(`tensor "${name}" has shape [${t.shape.join(', ')}], expected a matrix`);
  }
  const [rows, cols] = t.shape as [number, number];
  return { dtype: t.dtype, shape: [cols, rows], data: transposeMatrix(t.data, rows, cols) };
}

// q, k, v [w, w] (or [w]) → in_proj [3w, w] (or [3w]): rows [0:w] q, [w:2w] k, [2w:3w] v, as OpenAI packs.
function pack(target: string, parts: Map<string, Named>, source: string): TensorEntry {
  const missing = QKV.filter((p) => !parts.has(p)).map((p) => `"${source.replace('{p}', p)}"`);
  if (missing.length > 0)
    throw new CheckpointError(`cannot build "${target}": missing ${missing.join(', ')}`);
  const [q, k, v] = QKV.map((p) => parts.get(p)!) as [Named, Named, Named];
  const shape = (t: TensorEntry): string => `[${t.shape.join(', ')}]`;
  const bad = [k, v].find((e) => shape(e[1]) !== shape(q[1]));
  if (bad) {
    const got = `"${bad[0]}" has shape ${shape(bad[1])}, "${q[0]}" has ${shape(q[1])}`;
    throw new CheckpointError(`cannot build "${target}": ${got}`);
  }
  const n = q[1].data.length;
  const data = new Float32Array(3 * n);
  [q, k, v].forEach(([, t], i) => data.set(t.data, i * n));
  return { dtype: q[1].dtype, shape: [3 * q[1].shape[0]!, ...q[1].shape.slice(1)], data };
}

/** How one OpenAI tensor is made: a source renamed, a projection transposed, or q, k, v packed. */
export interface RenameStep {
  target: string;
  op: 'copy' | 'transpose' | 'pack';
  /** One source, or q, k, v in that order for 'pack'. */
  sources: string[];
}

export interface RenamePlan {
  scheme: NamingScheme;
  steps: RenameStep[];
  /** Sources that hold no weight (HF's position_ids index buffers). */
  skipped: string[];
}

function hfSteps(names: readonly string[], skipped: string[]): RenameStep[] {
  const steps: RenameStep[] = [];
  const packs = new Map<string, { step: RenameStep; source: string; parts: Map<string, string> }>();
  for (const name of names) {
    if (name.endsWith('.position_ids')) {
      skipped.push(name);
      continue;
    }
    if (HF_TRANSPOSED.has(name)) {
      steps.push({ target: HF_TRANSPOSED.get(name)!, op: 'transpose', sources: [name] });
      continue;
    }
    const top = HF_TOP.find(([re]) => re.test(name));
    if (top) {
      steps.push({ target: name.replace(top[0], top[1]), op: 'copy', sources: [name] });
      continue;
    }
    const layer = HF_LAYER.exec(name);
    if (layer) {
      const [tower, i, rest] = [layer[1]!, layer[2]!, layer[3]!];
      const prefix = `${tower === 'vision' ? 'visual.' : ''}transformer.resblocks.${i}.`;
      const part = /^self_attn\.([qkv])_proj\.(weight|bias)$/.exec(rest);
      if (part) {
        const target = `${prefix}attn.in_proj_${part[2]}`;
        if (!packs.has(target)) {
          const step: RenameStep = { target, op: 'pack', sources: [] };
          const source = `${tower}_model.encoder.layers.${i}.self_attn.{p}_proj.${part[2]}`;
          packs.set(target, { step, source, parts: new Map() });
          steps.push(step);
        }
        packs.get(target)!.parts.set(part[1]!, name);
        continue;
      }
      const block = HF_BLOCK.find(([re]) => re.test(rest));
      if (block) {
        steps.push({ target: prefix + rest.replace(block[0], block[1]), op: 'copy', sources: [name] });
        continue;
      }
    }
    throw new CheckpointError(`Hugging Face checkpoint: no OpenAI name for tensor "${name}"`);
  }
  for (const [target, { step, source, parts }] of packs) {
    const missing = QKV.filter((p) => !parts.has(p)).map((p) => `"${source.replace('{p}', p)}"`);
    if (missing.length > 0)
      throw new CheckpointError(`cannot build "${target}": missing ${missing.join(', ')}`);
    step.sources = QKV.map((p) => parts.get(p)!);
  }
  return steps;
}

/** Which source tensors make each OpenAI tensor; names only, so a header is enough to plan a download. */
export function renamePlan(names: Iterable<string>): RenamePlan {
  const all = [...names];
  const scheme = detectScheme(all);
  const skipped: string[] = [];
  const steps =
    scheme === 'hf'
      ? hfSteps(all, skipped)
      : all.map((name): RenameStep => ({
          target: name.replace(OPEN_CLIP_PREFIX, ''),
          op: 'copy',
          sources: [name],
        }));
  const origin = new Map<string, string>();
  for (const { target, sources } of steps) {
    if (origin.has(target)) {
      throw new CheckpointError(
        `tensors "${origin.get(target)}" and "${sources[0]}" both map to "${target}"`,
      );
    }
    origin.set(target, sources[0]!);
  }
  return { scheme, steps, skipped };
}

/** The shape a step gives, from its sources' shapes (checked against the config before any download). */
export function stepShape(step: RenameStep, shapeOf: (name: string) => readonly number[]): number[] {
  const first = [...shapeOf(step.sources[0]!)];
  if (step.op === 'transpose') return first.length === 2 ? [first[1]!, first[0]!] : first;
  if (step.op === 'pack') return [3 * (first[0] ?? 0), ...first.slice(1)];
  return first;
}

/** One step carried out on tensors already read. */
export function applyStep(step: RenameStep, get: (name: string) => TensorEntry): TensorEntry {
  const [first] = step.sources as [string];
  if (step.op === 'copy') return get(first);
  if (step.op === 'transpose') return transpose2d(first, get(first));
  const parts = new Map(QKV.map((p, i): [string, Named] => [p, [step.sources[i]!, get(step.sources[i]!)]]));
  return pack(step.target, parts, step.sources[0]!.replace(/\.q_proj\./, '.{p}_proj.'));
}

/** The same checkpoint under OpenAI's names and layouts (metadata kept), and the scheme it came in. */
export function toOpenAiNames(ckpt: Checkpoint): { checkpoint: Checkpoint; scheme: NamingScheme } {
  const { scheme, steps } = renamePlan(ckpt.tensors.keys());
  const tensors = new Map<string, TensorEntry>();
  for (const step of steps)
    tensors.set(
      step.target,
      applyStep(step, (name) => ckpt.tensors.get(name)!),
    );
  return { checkpoint: { tensors, metadata: ckpt.metadata }, scheme };
}
