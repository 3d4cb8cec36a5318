// Messages between the model panel and the hub conversion worker. Every message names its job, so a
// reply to a job the page has given up on is dropped.
import type { HubErrorKind } from '../weights/hub-error';
import type { Manifest } from '../weights/manifest';
import type { StoreDtype } from '../weights/shards';
import type { HubOffer } from './hub-store';

export type HubRequest =
  | { type: 'init' }
  | { type: 'read'; job: number; endpoint: string; input: string; dtype: StoreDtype; base: string }
  | { type: 'convert'; job: number }
  | { type: 'cancel'; job: number };

export type HubResponse =
  | { type: 'offer'; job: number; offer: HubOffer }
  | { type: 'progress'; job: number; done: number; total: number }
  | { type: 'done'; job: number; manifest: Manifest }
  | { type: 'error'; job: number; kind: HubErrorKind; message: string };
