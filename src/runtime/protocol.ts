// Messages between the page and the model worker (and the in-page fallback, which speaks the same
// protocol). Results carry a Trace of typed arrays, transferred rather than copied.
import type { ClipConfig } from '../clip/config';
import type { EncodeSteps } from '../clip/tokenizer';
import type { Trace, TraceEntry } from '../clip/trace';

export type BackendName = 'webgl' | 'wasm' | 'cpu';
export const BACKENDS: readonly BackendName[] = ['webgl', 'wasm', 'cpu'];

/** An image for the vision tower: a sample of the world gallery, or decoded RGBA pixels from the reader. */
export type ImageSpec =
  | { kind: 'world'; index: number }
  | { kind: 'pixels'; width: number; height: number; data: Uint8ClampedArray; name?: string };

export interface InitRequest {
  type: 'init';
  /** The site's base URL ('/' or '/inside-clip/'), for /models, /tokenizer and /tfjs. */
  base: string;
  /** A backend forced by the page (?backend=), else chosen automatically. */
  backend?: BackendName;
  /** The model under /models to start with; 'tiny' when absent. */
  model?: string;
  /** The page's language ('en', 'es'): the engine's messages to the reader are written in it. */
  lang?: string;
}

/** Switch to another model; the current one keeps answering until the new one is ready. */
export interface LoadRequest {
  type: 'load';
  model: string;
}

export interface RunRequest {
  type: 'run';
  id: number;
  /** One figure's stream of requests: a newer request on a channel makes older ones stale. */
  channel: string;
  texts?: string[];
  images?: ImageSpec[];
  /** Trace keys (or key prefixes) to record; true records every stage. */
  capture: string[] | true;
  /** Also return the tokenizer's work step by step (the tokenizer figure). */
  steps?: boolean;
  /** Heads to switch off in each tower (the attention explorer's ablations). */
  headMask?: { text?: HeadMaskSpec; image?: HeadMaskSpec };
}

/** Head masks per layer: the heads to switch off (the attention explorer's ablations). */
export type HeadMaskSpec = Record<number, number[]>;

/** The attention explorer: one image and one caption, with optional ablations (see explain.ts). */
export interface ExplainRequest {
  type: 'explain';
  id: number;
  channel: string;
  image: ImageSpec;
  text: string;
  imageHeadMask?: HeadMaskSpec;
  textHeadMask?: HeadMaskSpec;
  /** Patch indices (row * g + col) to delete. */
  patchMask?: number[];
  /** Patches removed per point of the deletion curves. */
  step?: number;
  /** Extra Trace keys recorded from the ablated passes. */
  capture?: string[];
}

/**
 * Weight tensors of the model in use, by OpenAI name (the "what the image tower learned" figure reads
 * visual.conv1.weight and visual.positional_embedding). Answered with a WeightsMessage.
 */
export interface WeightsRequest {
  type: 'weights';
  id: number;
  channel: string;
  names: string[];
}

export type Request = InitRequest | LoadRequest | RunRequest;

/** Everything the page may send the worker: the requests above, the explorer's and the weights'. */
export type PortRequest = Request | ExplainRequest | WeightsRequest;

/** A request answered with a result: 'run', 'explain' or 'weights'. */
export type ComputeRequest = RunRequest | ExplainRequest | WeightsRequest;

export interface TextInfo {
  text: string;
  /** [SOT, ..., EOT] as fed to the model (after truncation), unpadded. */
  ids: number[];
  tokens: string[];
  /** Tokens the whole text has, SOT and EOT included (more than the context when truncated). */
  fullCount: number;
  truncated: boolean;
  steps?: EncodeSteps;
}

export interface ImageInfo {
  /** The model's input crop, RGB HWC uint8, size × size. */
  rgb: Uint8Array;
  size: number;
  label: string;
}

/** Sent when a model is ready: the first one, and again after each switch. */
export interface ReadyMessage {
  type: 'ready';
  backend: BackendName;
  /** Threads the wasm backend runs (1 without cross-origin isolation); 0 on other backends. */
  threads: number;
  model: string;
  config: ClipConfig;
}

export interface ResultMessage {
  type: 'result';
  id: number;
  channel: string;
  trace: Trace;
  texts: TextInfo[];
  images: ImageInfo[];
  backend: BackendName;
  /** The model that computed it. */
  model: string;
  /** Milliseconds spent in the forward pass. */
  ms: number;
  /** Things the reader should know (truncation, downscaling). */
  notes: string[];
  /** tf.memory().numTensors after the pass (flat from one pass to the next). */
  tensors: number;
  /** tf.memory().numBytes after the pass (flat too). */
  bytes: number;
}

/** The answer to an ExplainRequest: see Explanation in explain.ts for each field. */
export interface ExplanationMessage {
  type: 'explanation';
  id: number;
  channel: string;
  grid: number;
  /** [layers, heads, g*g]. */
  classAttention: TraceEntry;
  attentionMap: Float32Array;
  rollout: Float32Array;
  relevance: Float32Array;
  deletion: { counts: number[]; attention: number[]; rollout: number[]; relevance: number[] };
  similarity: number;
  similarityPlain: number;
  imageFeatures: TraceEntry;
  textFeatures: TraceEntry;
  trace: Trace;
  text: TextInfo;
  image: ImageInfo;
  backend: BackendName;
  model: string;
  ms: number;
  notes: string[];
  tensors: number;
  bytes: number;
}

/** The answer to a WeightsRequest: copies of the tensors (in OpenAI's shapes), and which model holds them. */
export interface WeightsMessage {
  type: 'weights';
  id: number;
  channel: string;
  weights: Trace;
  backend: BackendName;
  model: string;
  /** tf.memory().numTensors after the copies were freed (unchanged by the request). */
  tensors: number;
}

export interface ErrorMessage {
  type: 'error';
  id: number;
  channel: string;
  message: string;
}

export interface StaleMessage {
  type: 'stale';
  id: number;
  channel: string;
}

/** A switch that failed: the previous model is still the one in use. */
export interface LoadErrorMessage {
  type: 'load-error';
  model: string;
  message: string;
}

/** Not even the tiny model could start; the page may try again with a fresh engine. */
export interface FatalMessage {
  type: 'fatal';
  message: string;
  /** The cause was the network (offline, or a download that got no answer). */
  network?: boolean;
}

export type Response =
  | ReadyMessage
  | ResultMessage
  | ExplanationMessage
  | WeightsMessage
  | ErrorMessage
  | StaleMessage
  | LoadErrorMessage
  | FatalMessage;

/** The buffers of a result that can be transferred instead of copied. */
export function transferables(msg: ResultMessage | ExplanationMessage | WeightsMessage): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  if (msg.type === 'weights') {
    for (const e of Object.values(msg.weights)) out.add(e.data.buffer as ArrayBuffer);
    return [...out];
  }
  for (const e of Object.values(msg.trace)) out.add(e.data.buffer as ArrayBuffer);
  if (msg.type === 'result') for (const im of msg.images) out.add(im.rgb.buffer as ArrayBuffer);
  else {
    for (const e of [msg.classAttention, msg.imageFeatures, msg.textFeatures])
      out.add(e.data.buffer as ArrayBuffer);
    for (const a of [msg.attentionMap, msg.rollout, msg.relevance, msg.image.rgb])
      out.add(a.buffer as ArrayBuffer);
  }
  return [...out];
}
