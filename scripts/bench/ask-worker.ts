// One request to a fresh module worker of the bench page, answered by its first message; the worker is
// terminated after it, since TF.js and the peak both fix their threads when they start.
import type { Page } from 'playwright-core';

export async function askWorker<Q, R extends { ok: boolean; error?: string }>(
  page: Page,
  url: string,
  request: Q,
): Promise<R> {
  return page.evaluate(
    ([u, r]) =>
      new Promise<R>((resolve) => {
        const w = new Worker(u, { type: 'module' });
        w.onmessage = (e) => {
          w.terminate();
          resolve(e.data as R);
        };
        w.onerror = (e) => {
          w.terminate();
          resolve({ ok: false, error: e.message } as R);
        };
        w.postMessage(r);
      }),
    [url, request] as const,
  );
}
