// Languages of the site, their interface strings, and the URL of a page in a given language.
// English lives at the root (/, /tokenizer/), Spanish under /es/ (astro.config.mjs, i18n).
import { en, type UiStrings } from './en';
import { es } from './es';

export const languages = ['en', 'es'] as const;
export type Lang = (typeof languages)[number];
export const defaultLang: Lang = 'en';

const strings: Record<Lang, UiStrings> = { en, es };

/** The interface strings of one language. */
export function ui(lang: Lang): UiStrings {
  return strings[lang];
}

export function isLang(value: string): value is Lang {
  return (languages as readonly string[]).includes(value);
}

/** The path of the home page (no slug) or of a lesson, in a language, honouring Astro's `base`. */
export function localePath(lang: Lang, slug?: string): string {
  const base = import.meta.env.BASE_URL.replace(/\/?$/, '/');
  const prefix = lang === defaultLang ? '' : `${lang}/`;
  return `${base}${prefix}${slug ? `${slug}/` : ''}`;
}
