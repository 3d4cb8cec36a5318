// The model runner behind the worker and the in-page fallback: downloads a model (sha256-checked; tiny
// from the server, see served-model.ts, or another by name through the panel's cache, see model-load.ts)
// and the BPE merges, then turns a RunRequest into a Trace; the inputs are checked in engine-inputs.ts.
// Every tensor is made and disposed inside forward()'s tf.tidy, and a switch frees the previous model's
// weights, so tf.memory() stays flat from one request to the next.
import * as tf from '@tensorflow/tfjs-core';
import type { AttentionHooks } from '../clip/attention';
import { type ClipConfig, dims } from '../clip/config';
import { type ClipModel, disposeModel, forward } from '../clip/model';
import { expectedShapes } from '../clip/shapes';
import { TEXT_HEAD, TEXT_POSITIONAL, VISION_KEYS } from '../clip/speed';
import { type ClipTokenizer, createTokenizer } from '../clip/tokenizer';
import { type Capture, Recorder } from '../clip/trace';
import { param } from '../clip/weights';
import { InputError, readHeadMask, readImage, readText } from './engine-inputs';
import { explain } from './explain';
import { FeatureCache, type Tower, joined } from './feature-cache';
import { type RuntimeStrings, runtimeStrings } from './messages';
import { type LoadOptions, loadStoredModel } from './model-load';
import type {
  BackendName,
  ExplainRequest,
  ExplanationMessage,
  HeadMaskSpec,
  ImageSpec,
  ResultMessage,
  RunRequest,
  WeightsMessage,
  WeightsRequest,
} from './protocol';
import { fetchOk, loadTinyModel } from './served-model';

// tiny keeps the plain fetch (the HTTP cache may hold it); the others go through the panel's store.
const loadNamed = (base: string, name: string, options?: LoadOptions): Promise<ClipModel> =>
  name === 'tiny' && !options ? loadTinyModel(base) : loadStoredModel(base, name, options);

/** The keys each tower records (a pass that records any of them runs the tower). */
const TOWER_KEYS: Record<Tower, readonly string[]> = {
  image: VISION_KEYS,
  text: [...TEXT_POSITIONAL, ...TEXT_HEAD],
};

export class Engine {
  private current: { name: string; model: ClipModel };
  private readonly features = new FeatureCache();
  // The newest switch asked for: a slower, older one that finishes later is thrown away.
  private ticket = 0;
  /** The reader's messages, in the page's language (see speak). */
  private say: RuntimeStrings = runtimeStrings('en');

  private constructor(
    readonly backend: BackendName,
    model: ClipModel,
    readonly tokenizer: ClipTokenizer,
    name: string,
  ) {
    this.current = { name, model };
  }

  /** An engine over a model and tokenizer already in memory (build time, tests). */
  static from(backend: BackendName, model: ClipModel, tokenizer: ClipTokenizer, name = 'tiny'): Engine {
    return new Engine(backend, model, tokenizer, name);
  }

  /** Downloads the model and tokenizer; the backend must already be started (see backend.ts). */
  static async load(
    base: string,
    backend: BackendName,
    name = 'tiny',
    options?: LoadOptions,
  ): Promise<Engine> {
    const root = base.replace(/\/?$/, '/');
    const [model, merges] = await Promise.all([
      loadNamed(base, name, options),
      fetchOk(`${root}tokenizer/bpe-merges.txt`).then((r) => r.text()),
    ]);
    return new Engine(backend, model, createTokenizer(merges), name);
  }

  /** Speaks the page's language in input errors and notes ('en' until told). */
  speak(lang: string | undefined): void {
    this.say = runtimeStrings(lang);
  }

  get model(): ClipModel {
    return this.current.model;
  }

  /** The name of the model in use (its folder under /models). */
  get modelName(): string {
    return this.current.name;
  }

  get config(): ClipConfig {
    return this.model.config;
  }

  /** Puts `model` in use and frees the previous one's weights. */
  use(name: string, model: ClipModel): void {
    const old = this.current.model;
    this.current = { name, model };
    this.features.clear();
    if (old !== model) disposeModel(old);
  }

  /**
   * Loads models/<name>/ and puts it in use; on failure the current model stays and the error is thrown.
   * Resolves false when a newer switch was asked for meanwhile (this one is then dropped).
   */
  async switchTo(base: string, name: string, options?: LoadOptions): Promise<boolean> {
    const ticket = ++this.ticket;
    if (name === this.current.name) return true;
    let model: ClipModel;
    try {
      model = await loadNamed(base, name, options);
    } catch (err) {
      if (ticket !== this.ticket) return false;
      throw err;
    }
    if (ticket !== this.ticket) {
      disposeModel(model);
      return false;
    }
    this.use(name, model);
    return true;
  }

  private text(raw: unknown, steps: boolean, notes: string[]) {
    return readText(raw, steps, notes, this.tokenizer, this.config, this.say);
  }

  private image(spec: ImageSpec) {
    return readImage(spec, this.config, this.say);
  }

  private headMask(
    raw: HeadMaskSpec | undefined,
    layers: number,
    heads: number,
  ): Record<number, number[]> | undefined {
    return readHeadMask(raw, layers, heads, this.say);
  }

  /** The attention explorer's request: maps, rollout, relevance, deletion curves under the reader's ablations. */
  explain(req: ExplainRequest): ExplanationMessage {
    const notes: string[] = [];
    const text = this.text(req.text, false, notes);
    const image = this.image(req.image);
    const cfg = this.config;
    const d = dims(cfg);
    const total = d.grid * d.grid;
    const patchMask = req.patchMask ?? [];
    if (!Array.isArray(patchMask) || patchMask.some((p) => !Number.isInteger(p) || p < 0 || p >= total)) {
      throw new InputError(this.say.patchMask(total - 1));
    }
    const step = req.step ?? Math.max(1, Math.ceil(total / 12));
    if (!Number.isInteger(step) || step < 1) throw new InputError(this.say.deletionStep);
    const t0 = performance.now();
    const e = explain(this.model, {
      pixels: image.pixels,
      ids: text.row,
      imageHeadMask: this.headMask(req.imageHeadMask, cfg.vision_layers, d.visionHeads),
      textHeadMask: this.headMask(req.textHeadMask, cfg.transformer_layers, d.textHeads),
      patchMask,
      step,
      capture: req.capture,
    });
    const ms = performance.now() - t0;
    return {
      type: 'explanation',
      id: req.id,
      channel: req.channel,
      ...e,
      text: text.info,
      image: image.info,
      backend: this.backend,
      model: this.modelName,
      ms,
      notes,
      tensors: tf.memory().numTensors,
      bytes: tf.memory().numBytes,
    };
  }

  /**
   * Copies of weight tensors of the model in use, by OpenAI name and in OpenAI's shape whatever layout
   * holds them (conv1 is kept transposed for speed: it is laid back inside a tidy). Every tensor made here
   * is freed before returning, and the copies own their buffers, so they can be transferred.
   */
  weights(req: WeightsRequest): WeightsMessage {
    const names: unknown = req.names;
    if (!Array.isArray(names) || names.length === 0) throw new InputError(this.say.noWeightNames);
    const known = expectedShapes(this.config);
    const out: WeightsMessage['weights'] = {};
    for (const name of names) {
      if (typeof name !== 'string' || !known.has(name)) throw new InputError(this.say.noWeight(String(name)));
      const copy = tf.tidy(() => tf.clone(param(this.model.weights, name)));
      try {
        out[name] = { shape: copy.shape.slice(), data: (copy.dataSync() as Float32Array).slice() };
      } finally {
        copy.dispose();
      }
    }
    return {
      type: 'weights',
      id: req.id,
      channel: req.channel,
      weights: out,
      backend: this.backend,
      model: this.modelName,
      tensors: tf.memory().numTensors,
    };
  }

  /**
   * A tower's features may come from the cache when the pass records none of its stages and changes
   * nothing in it (no head switched off).
   */
  private cacheable(tower: Tower, capture: Capture, hooks: AttentionHooks): boolean {
    if (hooks.headMask !== undefined) return false;
    const rec = new Recorder(capture);
    return !TOWER_KEYS[tower].some((k) => rec.mayWant(k));
  }

  /** The message for a request that threw: an InputError's own, or "the model failed" for ours. */
  problem(err: unknown): string {
    return err instanceof InputError ? err.message : this.say.modelFailed((err as Error).message);
  }

  /** One request → one result; throws InputError for the reader's mistakes, Error for ours. */
  run(req: RunRequest): ResultMessage {
    const notes: string[] = [];
    const texts = (req.texts ?? []).map((t) => this.text(t, Boolean(req.steps), notes));
    const images = (req.images ?? []).map((s) => this.image(s));
    if (texts.length === 0 && images.length === 0) throw new InputError(this.say.nothing);
    const t0 = performance.now();
    const capture = req.capture === true ? true : [...req.capture];
    const cfg = this.config;
    const d = dims(cfg);
    const hooks = {
      text: { headMask: this.headMask(req.headMask?.text, cfg.transformer_layers, d.textHeads) },
      image: { headMask: this.headMask(req.headMask?.image, cfg.vision_layers, d.visionHeads) },
    };
    const ids = texts.map((t) => t.row);
    const pixels = images.map((i) => i.pixels);
    const keys = {
      text: this.cacheable('text', capture, hooks.text) ? joined(ids, (n) => new Int32Array(n)) : null,
      image: this.cacheable('image', capture, hooks.image)
        ? joined(pixels, (n) => new Float32Array(n))
        : null,
    };
    const name = this.modelName;
    const known = {
      text: keys.text && this.features.get(name, 'text', keys.text),
      image: keys.image && this.features.get(name, 'image', keys.image),
    };
    const out = forward(
      this.model,
      { ids, images: pixels, known: { text: known.text ?? undefined, image: known.image ?? undefined } },
      { capture, hooks, traceOnly: true },
    );
    if (keys.text && !known.text && out.textFeatures)
      this.features.set(name, 'text', keys.text, out.textFeatures);
    if (keys.image && !known.image && out.imageFeatures)
      this.features.set(name, 'image', keys.image, out.imageFeatures);
    const { trace } = out;
    const ms = performance.now() - t0;
    return {
      type: 'result',
      id: req.id,
      channel: req.channel,
      trace,
      texts: texts.map((t) => t.info),
      images: images.map((i) => i.info),
      backend: this.backend,
      model: this.modelName,
      ms,
      notes,
      tensors: tf.memory().numTensors,
      bytes: tf.memory().numBytes,
    };
  }
}
