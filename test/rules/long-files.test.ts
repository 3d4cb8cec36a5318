// DESIGN.md's habit "small files (most under 300 lines)", checked: a source file over 300 lines says why at
// its top. Its first comment block (within its first 12 lines) holds "Over 300 lines:" and a reason of a few
// words. Source files are the .ts, .mjs, .js and .astro files git tracks (or would track: not ignored) under
// src/, site/, scripts/, test/ and lessons/cells/, and the top-level config files; generated modules
// (src/kernels/host/*.generated.ts) are not written by hand and are left out.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const LIMIT = 300;
const HEAD_LINES = 12;
const MARKER = 'Over 300 lines:';
const MIN_REASON_WORDS = 3;

const FOLDERS = ['src/', 'site/', 'scripts/', 'test/', 'lessons/cells/'];
const SOURCE = /\.(ts|mjs|js|astro)$/;
const GENERATED = /\.generated\.ts$/;

function sourceFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return [...new Set(listed.split('\n'))]
    .filter((f) => SOURCE.test(f) && !GENERATED.test(f))
    .filter((f) => !f.includes('/') || FOLDERS.some((folder) => f.startsWith(folder)))
    .filter((f) => existsSync(join(ROOT, f)))
    .sort();
}

/** Lines as `wc -l` counts them (a last line without a newline still counts). */
export function lineCount(text: string): number {
  if (text === '') return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/**
 * The text of a file's first comment block within its first 12 lines: `//` lines, a `/* … *\/` block or an
 * HTML comment, after any shebang, blank lines or Astro's opening `---`.
 */
export function headerComment(text: string): string[] {
  const lines = text.split('\n').slice(0, HEAD_LINES);
  let i = 0;
  while (i < lines.length && /^(#!.*|---\s*|\s*)$/.test(lines[i]!)) i++;
  const out: string[] = [];
  const first = lines[i]?.trim() ?? '';
  if (first.startsWith('//')) {
    for (; i < lines.length && lines[i]!.trim().startsWith('//'); i++)
      out.push(lines[i]!.trim().replace(/^\/\/+/, ''));
  } else if (first.startsWith('/*') || first.startsWith('<!--')) {
    const end = first.startsWith('/*') ? '*/' : '-->';
    for (; i < lines.length; i++) {
      const line = lines[i]!.trim();
      const closed = line.includes(end);
      out.push((closed ? line.slice(0, line.indexOf(end)) : line).replace(/^(\/\*+|<!--|\*)/, ''));
      if (closed) break;
    }
  }
  return out;
}

/** The reason the header gives for a long file, or null when it has no marker or too short a reason. */
export function longFileReason(text: string): string | null {
  const header = headerComment(text).join(' ');
  const at = header.indexOf(MARKER);
  if (at < 0) return null;
  const reason = header.slice(at + MARKER.length).trim();
  return reason.split(/\s+/).filter((w) => /\w/.test(w)).length >= MIN_REASON_WORDS ? reason : null;
}

describe('long files say why at their top', () => {
  it(`every source file over ${LIMIT} lines has "${MARKER}" and a reason in its first comment block`, () => {
    const files = sourceFiles();
    expect(files.length).toBeGreaterThan(100);
    const unexplained = files
      .map((file) => ({ file, text: readFileSync(join(ROOT, file), 'utf8') }))
      .filter(({ text }) => lineCount(text) > LIMIT && longFileReason(text) === null)
      .map(({ file, text }) => `${file} (${lineCount(text)} lines)`);
    expect(unexplained).toEqual([]);
  });

  // The check itself: what counts as a reason, and where it must be.
  const long = (header: string): string => `${header}\n${'x;\n'.repeat(LIMIT)}`;

  it('counts lines as wc -l does', () => {
    expect([lineCount(''), lineCount('a\n'), lineCount('a\nb'), lineCount('a\nb\n')]).toEqual([0, 1, 2, 2]);
  });

  it('accepts the marker and a reason in a // header, a /** */ header and an Astro frontmatter', () => {
    const why = 'one parser for one format, read top to bottom';
    expect(longFileReason(long(`// A parser.\n// ${MARKER} ${why}.`))).toBe(`${why}.`);
    expect(longFileReason(long(`/**\n * A parser.\n * ${MARKER} ${why}.\n */`))).toBe(`${why}.`);
    expect(longFileReason(long(`---\n// A page.\n// ${MARKER} ${why}.`))).toBe(`${why}.`);
    expect(longFileReason(long(`#!/usr/bin/env node\n// ${MARKER} one step after another`))).not.toBeNull();
  });

  it('refuses no marker, an empty or one-word reason, and a marker outside the first comment block', () => {
    expect(longFileReason(long('// A parser.'))).toBeNull();
    expect(longFileReason(long(`// A parser.\n// ${MARKER}`))).toBeNull();
    expect(longFileReason(long(`// A parser.\n// ${MARKER} because.`))).toBeNull();
    expect(
      longFileReason(long(`// A parser.\nimport x from 'y';\n// ${MARKER} one parser, one format.`)),
    ).toBeNull();
    expect(longFileReason(`${'x;\n'.repeat(HEAD_LINES)}// ${MARKER} one parser, one format.`)).toBeNull();
  });
});
