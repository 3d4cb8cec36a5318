// Where a model's files live: the site's models/<name>/ folder, absolute, as the cache keys hold it. Kept
// apart from model-load.ts so page code can use it without pulling in TF.js.

/** The absolute URL of models/<name>/, as the model panel writes it into its cache keys. */
export function modelDir(base: string, name: string): string {
  const here = typeof location === 'undefined' ? undefined : location.href;
  return new URL(`${base.replace(/\/?$/, '/')}models/${name}/`, here).href;
}
