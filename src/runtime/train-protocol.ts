// Messages between the training lab's page and its worker (or the in-page fallback, which speaks the same
// protocol). Every message after 'init' names the run it is about, so answers about a run the page has
// since reset are recognised and dropped.
import type { LabProbe, LabSettings, LabView } from '../train/training-lab';
import type { StepResult } from '../train/trainer';
import type { BackendName } from './protocol';

export type TrainRequest =
  | { type: 'init'; base: string; backend?: BackendName }
  /** Frees the current run and starts run `run` from step 0 with these settings (paused). */
  | { type: 'reset'; run: number; settings: LabSettings }
  | { type: 'play'; run: number }
  | { type: 'pause'; run: number }
  /** Trains `count` steps, then stops. */
  | { type: 'step'; run: number; count: number }
  /** Frees the run (the page is leaving, or a test checks memory). */
  | { type: 'dispose' };

export type TrainResponse =
  | { type: 'ready'; backend: BackendName; threads: number }
  /** The run exists (its weights are ready) and shows its first probe. */
  | { type: 'started'; run: number; parameters: number; tensors: number }
  | { type: 'step'; run: number; result: StepResult; ms: number; tensors: number }
  | { type: 'view'; run: number; view: LabView | null; probe: LabProbe | null }
  /** The run stopped (pause, or the asked steps are done). */
  | { type: 'stopped'; run: number; step: number; tensors: number }
  | { type: 'disposed'; tensors: number }
  | { type: 'error'; run: number | null; message: string }
  /** The lab could not start (network: the cause was the network); the next reset starts it again. */
  | { type: 'fatal'; message: string; network?: boolean };

/** Typed arrays a response can hand over instead of copying. */
export function trainTransferables(msg: TrainResponse): Transferable[] {
  if (msg.type !== 'view') return [];
  const out: Transferable[] = [];
  if (msg.view) out.push(msg.view.logits.buffer as ArrayBuffer);
  if (msg.probe)
    out.push(msg.probe.imageFeatures.buffer as ArrayBuffer, msg.probe.textFeatures.buffer as ArrayBuffer);
  return out;
}
