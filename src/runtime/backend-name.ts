// Backend names from URL parameters, without importing TF.js (the page's client stays small).
import { BACKENDS, type BackendName } from './protocol';

export function parseBackend(value: string | null | undefined): BackendName | undefined {
  return BACKENDS.find((b) => b === value);
}
