// Messages between a page's code cells and the cell worker (cell-worker.ts), and what `show` sends back:
// plain data the page draws with the site's figure factories (site/components/cells/cell-output.ts).
import type { ClipConfig } from '../clip/config';
import type { EncodeSteps } from '../clip/tokenizer';
import type { BackendName, ImageSpec } from './protocol';

export interface CellInit {
  type: 'init';
  base: string;
  backend?: BackendName;
  /** The model the page's figures use (the reader's pick). */
  model: string;
  lang?: string;
}

/** The images a run can reach besides the gallery: the reader's own, chosen in the cell, and the page's. */
export interface CellImages {
  mine: ImageSpec | null;
  page: ImageSpec[];
}

export interface CellRun {
  type: 'run';
  id: number;
  code: string;
  images: CellImages;
}

export type CellRequest = CellInit | CellRun;

export type CellItem =
  | { kind: 'text'; text: string; level: 'log' | 'warn' | 'error' }
  | { kind: 'number'; value: number; title?: string }
  | {
      kind: 'heatmap';
      title: string;
      shape: number[];
      rows: number;
      cols: number;
      values: Float32Array;
      rowLabels?: string[];
      colLabels?: string[];
    }
  | { kind: 'bars'; title: string; labels: string[]; values: number[]; percent: boolean }
  | {
      kind: 'tokens';
      title: string;
      ids: number[];
      tokens: string[];
      contextLength: number;
      steps?: EncodeSteps;
    }
  | { kind: 'image'; title: string; width: number; height: number; rgb: Uint8Array }
  | { kind: 'table'; title: string; columns: string[]; rows: string[][] };

export type CellResponse =
  | { type: 'ready'; model: string; backend: BackendName; config: ClipConfig }
  | { type: 'load-error'; model: string; message: string }
  | { type: 'fatal'; message: string }
  | { type: 'out'; id: number; item: CellItem }
  | { type: 'done'; id: number; ms: number; tensors: number; leaked: number }
  | { type: 'error'; id: number; message: string; line?: number; column?: number };
