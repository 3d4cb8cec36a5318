// Ambient types for the site: Astro's client types (astro:content, import.meta.env, asset imports), so `tsc`
// works on a fresh clone. After `astro sync` (run by `npm run check`, dev and build), .astro/types.d.ts holds
// the collection's exact types; tsconfig.json lists it first so that its declarations win.
/// <reference types="astro/client" />
