// Where things are for the e2e tests, and which pages the site must have: both home pages and one page per
// lesson file (lessons/<lang>/<slug>.mdx), read from disk so a lesson without a page is caught.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const artifactsDir = path.join(repoRoot, 'test-artifacts');
/** The output of `npm run build`, served as it is when E2E_SKIP_BUILD=1. */
export const distDir = path.join(repoRoot, 'dist');
export const screenshotsDir = path.join(artifactsDir, 'screenshots');

export type Lang = 'en' | 'es';
export const langs: Lang[] = ['en', 'es'];

export interface SitePage {
  lang: Lang;
  /** Lesson slug, or undefined for the home page. */
  slug?: string;
  path: string;
  /** A file-name-safe label, e.g. "es-tokenizer" or "en-home". */
  name: string;
}

export function pathOf(lang: Lang, slug?: string): string {
  return `${lang === 'en' ? '/' : `/${lang}/`}${slug ? `${slug}/` : ''}`;
}

export function lessonSlugs(lang: Lang): string[] {
  const dir = path.join(repoRoot, 'lessons', lang);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.mdx'))
    .map((f) => f.slice(0, -'.mdx'.length))
    .sort();
}

export function sitePages(): SitePage[] {
  return langs.flatMap((lang) => [
    { lang, path: pathOf(lang), name: `${lang}-home` },
    ...lessonSlugs(lang).map((slug) => ({ lang, slug, path: pathOf(lang, slug), name: `${lang}-${slug}` })),
  ]);
}
