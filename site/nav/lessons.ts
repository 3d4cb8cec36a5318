// The lessons collection seen from the pages: lessons of a language in reading order, their URLs,
// neighbours, and the same lesson in the other languages (for the switcher and hreflang).
import { getCollection, type CollectionEntry } from 'astro:content';
import { isLang, languages, localePath, type Lang } from '../i18n';

export type Lesson = CollectionEntry<'lessons'>;
export type Part = Lesson['data']['part'];

/** Language and slug of an entry whose id is "<lang>/<slug>". */
export function lessonKey(lesson: Lesson): { lang: Lang; slug: string } {
  const [lang = '', slug = ''] = lesson.id.split('/');
  if (!isLang(lang) || !slug) throw new Error(`lesson id "${lesson.id}" is not "<en|es>/<slug>"`);
  return { lang, slug };
}

export function lessonPath(lesson: Lesson): string {
  const { lang, slug } = lessonKey(lesson);
  return localePath(lang, slug);
}

/** Every lesson of one language, sorted by `order`. */
export async function lessonsIn(lang: Lang): Promise<Lesson[]> {
  const all = await getCollection('lessons', (entry: Lesson) => lessonKey(entry).lang === lang);
  return all.sort((a: Lesson, b: Lesson) => a.data.order - b.data.order);
}

/** Slugs that exist per language, to link only to pages that were built. */
export async function slugsByLang(): Promise<Record<Lang, Set<string>>> {
  const all: Lesson[] = await getCollection('lessons');
  const result = Object.fromEntries(languages.map((l) => [l, new Set<string>()])) as Record<
    Lang,
    Set<string>
  >;
  for (const entry of all) {
    const { lang, slug } = lessonKey(entry);
    result[lang].add(slug);
  }
  return result;
}

/** URL of this page in every language: the same lesson where it exists, else that language's home. */
export async function alternatesOf(slug?: string): Promise<Record<Lang, string>> {
  const slugs = await slugsByLang();
  const entries = languages.map((l) => [l, slug && slugs[l].has(slug) ? localePath(l, slug) : localePath(l)]);
  return Object.fromEntries(entries) as Record<Lang, string>;
}

/** Static paths for the lesson pages of one language, with their neighbours in reading order. */
export async function lessonStaticPaths(lang: Lang) {
  const lessons = await lessonsIn(lang);
  return lessons.map((lesson, i) => ({
    params: { slug: lessonKey(lesson).slug },
    props: { lesson, prev: lessons[i - 1], next: lessons[i + 1], index: i, total: lessons.length },
  }));
}

export type LessonPageProps = Awaited<ReturnType<typeof lessonStaticPaths>>[number]['props'];
