// For plain `tsc`: .astro files imported from .ts modules (index.ts, the lessons' components) are Astro
// components. Astro's own tooling (astro check, the language server) types them exactly.
declare module '*.astro' {
  const Component: import('astro/runtime/server/index.js').AstroComponentFactory;
  export default Component;
}
