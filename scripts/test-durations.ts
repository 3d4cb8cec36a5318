// What each test file costs: turns Vitest's JSON report into a markdown table, one row per file, slowest
// first, written to docs/test-durations.md (or the path given second).
//   npx vitest run --project unit --reporter=json --outputFile=/tmp/unit.json
//   npx tsx scripts/test-durations.ts /tmp/unit.json [docs/test-durations.md]
// A file's duration is the span from its first test's start to its last test's end (what Vitest's JSON
// reporter records as startTime and endTime): its tests and the hooks between them, not its imports nor the
// setup before its first test (a top-level beforeAll), which the report does not time. Files run in
// parallel, so the run's wall time is less than their sum.
import { readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The part of Vitest's JSON report this script reads. */
export interface VitestJsonReport {
  startTime: number;
  numTotalTests: number;
  success: boolean;
  testResults: {
    name: string;
    startTime: number;
    endTime: number;
    status: string;
    assertionResults: { title: string; fullName?: string; status: string; duration?: number | null }[];
  }[];
}

export interface FileDuration {
  file: string;
  ms: number;
  tests: number;
  passed: number;
  failed: number;
  skipped: number;
  slowest: { name: string; ms: number } | null;
}

/** One row per file, slowest first (ties by name); paths relative to `root`, with forward slashes. */
export function fileDurations(report: VitestJsonReport, root: string): FileDuration[] {
  return report.testResults
    .map((f) => {
      const results = f.assertionResults;
      let slowest: FileDuration['slowest'] = null;
      for (const t of results) {
        const ms = t.duration ?? 0;
        if (t.duration != null && (!slowest || ms > slowest.ms))
          slowest = { name: t.fullName ?? t.title, ms };
      }
      return {
        file: relative(root, f.name).split('\\').join('/'),
        ms: Math.max(0, f.endTime - f.startTime),
        tests: results.length,
        passed: results.filter((t) => t.status === 'passed').length,
        failed: results.filter((t) => t.status === 'failed').length,
        skipped: results.filter((t) => t.status !== 'passed' && t.status !== 'failed').length,
        slowest,
      };
    })
    .sort((a, b) => b.ms - a.ms || a.file.localeCompare(b.file));
}

const seconds = (ms: number): string => (ms / 1000).toFixed(2);
const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The markdown page: a header saying what was run, then the table. */
export function durationsMarkdown(report: VitestJsonReport, root: string, command: string): string {
  const rows = fileDurations(report, root);
  const end = Math.max(report.startTime, ...report.testResults.map((f) => f.endTime));
  const sum = rows.reduce((s, r) => s + r.ms, 0);
  const failed = rows.reduce((s, r) => s + r.failed, 0);
  const lines = [
    '# Test durations',
    '',
    `One run of \`${command}\`, recorded with \`npx tsx scripts/test-durations.ts\` (see docs/testing.md).`,
    `Run started ${new Date(report.startTime).toISOString()}; ${rows.length} files, ${report.numTotalTests} tests` +
      `${failed ? `, ${failed} failed` : ''}; ${seconds(end - report.startTime)} s from the run's start to its ` +
      `last test's end, ${seconds(sum)} s summed over files (they run in parallel). A file's duration is from ` +
      'its first test to the end of its last: imports and the setup before the first test (a top-level ' +
      '`beforeAll`) are not included, the JSON report does not time them.',
    '',
    '| file | duration (s) | tests | slowest test (s) |',
    '| --- | ---: | ---: | --- |',
    ...rows.map(
      (r) =>
        `| ${cell(r.file)} | ${seconds(r.ms)} | ${r.tests}${r.failed ? ` (${r.failed} failed)` : ''}` +
        `${r.skipped ? ` (${r.skipped} skipped)` : ''} | ${r.slowest ? `${cell(r.slowest.name)} (${seconds(r.slowest.ms)})` : ''} |`,
    ),
    '',
  ];
  return lines.join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [input, output = 'docs/test-durations.md', command = 'npx vitest run --project unit'] =
    process.argv.slice(2);
  if (!input) {
    console.error('usage: npx tsx scripts/test-durations.ts <vitest-json-report> [out.md] [command run]');
    process.exit(1);
  }
  const report = JSON.parse(readFileSync(input, 'utf8')) as VitestJsonReport;
  writeFileSync(output, durationsMarkdown(report, process.cwd(), command));
  console.log(`test-durations: ${report.testResults.length} files → ${output}`);
}
