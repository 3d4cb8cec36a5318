// The one error of a hub load. `kind` picks the sentence the reader sees (a bad name, a gated repository, a
// lost connection, ...); the message says the detail. statusError names what an HTTP status means here.
export type HubErrorKind =
  | 'bad-id'
  | 'not-found'
  | 'gated'
  | 'not-clip'
  | 'unsupported'
  | 'format'
  | 'network'
  | 'http'
  | 'integrity'
  | 'quota'
  | 'storage'
  | 'cancelled';

/** Every failure of a hub load; `kind` picks the reader's sentence, the message says the detail. */
export class HubError extends Error {
  override name = 'HubError';
  constructor(
    message: string,
    readonly kind: HubErrorKind,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** The error for a refused request: 404 is not found, 401 and 403 are gated, the rest a plain HTTP error. */
export function statusError(what: string, status: number): HubError {
  if (status === 404) return new HubError(`${what} was not found on the hub (HTTP 404)`, 'not-found', status);
  if (status === 401 || status === 403) {
    return new HubError(`${what} is private or gated: the hub refused it (HTTP ${status})`, 'gated', status);
  }
  return new HubError(`the hub answered HTTP ${status} for ${what}`, 'http', status);
}
