// The reader's model choice, shared by the model panel (which sets it) and the live figures (which compute
// with it): remembered in localStorage, and announced on document when a model is ready to use.
export const STORAGE_KEY = 'inside-clip-model';

/** Dispatched on document with { name } when the chosen model is available (tiny when one is removed). */
export const MODEL_EVENT = 'inside-clip:model';

export interface ModelChoice {
  name: string;
}

export function readChoice(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage refused: the choice lasts for this page
  }
}

export function saveChoice(name: string): void {
  try {
    localStorage.setItem(STORAGE_KEY, name);
  } catch {
    // as above
  }
}

export function announceChoice(name: string): void {
  document.dispatchEvent(new CustomEvent<ModelChoice>(MODEL_EVENT, { detail: { name } }));
}
