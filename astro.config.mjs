// Astro configuration for the Inside CLIP site (issue 4).
// Sources live in ./site; lessons are MDX in ./lessons (see site/content.config.ts).
// Math is rendered once, at build time: remark-math finds `$…$` and `$$…$$`, rehype-katex turns it into
// KaTeX HTML. Astro 7 runs remark/rehype plugins only through the `unified()` processor of
// @astrojs/markdown-remark, which the MDX integration inherits from `markdown.processor`.
// KaTeX trusts exactly one command, `\htmlClass`, so a symbol can carry `sym sym-<name>` and be linked to the
// figure element with `data-sym="<name>"` (docs/site-contract.md). Output is HTML plus MathML: KaTeX always
// marks its HTML aria-hidden, so the MathML copy is what screen readers read. The `.sym` spans therefore
// cannot take keyboard focus; keyboard readers reach the same link from the figure side.
import process from 'node:process';
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { contentSecurityPolicy } from './scripts/site/csp.ts';
import { serviceWorker } from './scripts/site/service-worker.ts';

/** @type {import('katex').KatexOptions} */
const katexOptions = {
  output: 'htmlAndMathml',
  trust: (context) => context.command === '\\htmlClass',
  // \htmlClass is an HTML extension by design; every other non-LaTeX input is still reported.
  strict: (errorCode) => (errorCode === 'htmlExtension' ? 'ignore' : 'warn'),
};

export default defineConfig({
  srcDir: './site',
  output: 'static',
  trailingSlash: 'ignore',
  // Absolute URLs (hreflang alternates) use this when set, e.g. SITE_URL=https://example.org npm run build.
  site: process.env.SITE_URL || undefined,
  // contentSecurityPolicy(): each page's policy and dist/_headers (scripts/site/csp.ts), before
  // serviceWorker() writes dist/sw.js, the offline copy of this build (scripts/site/service-worker.ts).
  integrations: [mdx(), contentSecurityPolicy(), serviceWorker()],
  // Cross-origin isolation in `astro dev` too, as scripts/site/static-server.ts sends: wasm threads need it.
  server: {
    headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
  },
  markdown: {
    processor: unified({
      remarkPlugins: [remarkMath],
      rehypePlugins: [[rehypeKatex, katexOptions]],
    }),
    syntaxHighlight: { type: 'shiki', excludeLangs: ['math'] },
    shikiConfig: {
      themes: { light: 'github-light-default', dark: 'github-dark-default' },
      defaultColor: false,
    },
  },
  i18n: {
    locales: ['en', 'es'],
    defaultLocale: 'en',
    routing: { prefixDefaultLocale: false },
  },
  devToolbar: { enabled: false },
  vite: {
    // TF.js's threaded wasm starts each pthread worker from its own factory's source text
    // (Function.toString). Renaming breaks names the new worker looks up, and compression rewrites its
    // `typeof _scriptDir` guard into a plain read that throws there. The model and training workers (loaded
    // on demand, not counted in a page's first JavaScript) are therefore not minified; pages are.
    worker: { rolldownOptions: { output: { minify: false } } },
    build: {
      rolldownOptions: {
        // Astro marks every MDX module with "use astro:head-inject"; the bundler warns that it drops such
        // directives, once per lesson. Astro handles that itself, so this one warning is silenced.
        onwarn(warning, warn) {
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.message.includes('astro:head-inject'))
            return;
          warn(warning);
        },
      },
    },
  },
});
