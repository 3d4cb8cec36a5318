// The failures a model download can meet, each with a message written for the reader: a refused or missing
// file, a lost connection, a cancel, damaged bytes, and storage that is full or refused (then the model is
// kept for this visit only). `kind` picks the sentence the model panel shows.
import type { Manifest } from '../weights/manifest';

type ModelFile = Manifest['files'][number];

export type DownloadErrorKind = 'http' | 'offline' | 'cancelled' | 'integrity' | 'quota' | 'storage';

/** Every failure the reader may see; the message is written for them. */
export class ModelDownloadError extends Error {
  override name = 'ModelDownloadError';
  readonly cancelled: boolean;

  readonly file?: string;
  /** The HTTP status, for kind 'http'. */
  readonly status?: number;

  constructor(
    message: string,
    readonly kind: DownloadErrorKind,
    detail: { file?: string; status?: number } = {},
  ) {
    super(message);
    this.cancelled = kind === 'cancelled';
    this.file = detail.file;
    this.status = detail.status;
  }
}

export const cancelledError = (): ModelDownloadError =>
  new ModelDownloadError('The download was cancelled.', 'cancelled');

export function lostError(
  file: ModelFile,
  signal: AbortSignal,
  during: 'connect' | 'read',
): ModelDownloadError {
  if (signal.aborted) return cancelledError();
  const message =
    during === 'connect'
      ? `Could not reach the server to download ${file.path}: check the connection (are you offline?) and try again.`
      : `The connection was lost while downloading ${file.path}; try again to resume.`;
  return new ModelDownloadError(message, 'offline', { file: file.path });
}

export const storeFailure = (name: string, err: unknown): ModelDownloadError =>
  (err as { name?: string } | null)?.name === 'QuotaExceededError'
    ? new ModelDownloadError(
        `There is not enough storage space to keep the ${name} model for offline use; ` +
          'it is loaded for this visit only.',
        'quota',
      )
    : new ModelDownloadError(
        `The ${name} model could not be kept for offline use; it is loaded for this visit only.`,
        'storage',
      );
