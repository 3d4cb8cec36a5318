// scripts/test-durations.ts: a tiny made-up Vitest JSON report becomes one row per file, slowest first, with
// durations from each file's start and end times, counts by status and the slowest test.
import { describe, expect, it } from 'vitest';
import { type VitestJsonReport, durationsMarkdown, fileDurations } from '../scripts/test-durations';

const report: VitestJsonReport = {
  startTime: Date.UTC(2026, 0, 2, 3, 4, 5),
  numTotalTests: 4,
  success: false,
  testResults: [
    {
      name: '/repo/test/a.test.ts',
      startTime: 1_000,
      endTime: 1_250,
      status: 'passed',
      assertionResults: [
        { title: 'one', fullName: 'a one', status: 'passed', duration: 200 },
        { title: 'two', fullName: 'a two', status: 'skipped', duration: null },
      ],
    },
    {
      name: '/repo/test/sub/b.test.ts',
      startTime: 1_000,
      endTime: 4_500,
      status: 'failed',
      assertionResults: [
        { title: 'x', fullName: 'b | x', status: 'failed', duration: 3_000 },
        { title: 'y', fullName: 'b y', status: 'passed', duration: 400 },
      ],
    },
    {
      name: '/repo/test/c.test.ts',
      startTime: 2_000,
      endTime: 2_250,
      status: 'passed',
      assertionResults: [],
    },
  ],
};

describe('test durations', () => {
  it('gives one row per file, slowest first, ties by name', () => {
    const rows = fileDurations(report, '/repo');
    expect(rows.map((r) => [r.file, r.ms, r.tests, r.passed, r.failed, r.skipped])).toEqual([
      ['test/sub/b.test.ts', 3_500, 2, 1, 1, 0],
      ['test/a.test.ts', 250, 2, 1, 0, 1],
      ['test/c.test.ts', 250, 0, 0, 0, 0],
    ]);
    expect(rows[0]!.slowest).toEqual({ name: 'b | x', ms: 3_000 });
    expect(rows[1]!.slowest).toEqual({ name: 'a one', ms: 200 });
    expect(rows[2]!.slowest).toBeNull();
  });

  it('writes a markdown table with seconds, counts and escaped names', () => {
    const md = durationsMarkdown(report, '/repo', 'npx vitest run --project unit');
    const table = md.split('\n').filter((l) => l.startsWith('| '));
    expect(table).toEqual([
      '| file | duration (s) | tests | slowest test (s) |',
      '| --- | ---: | ---: | --- |',
      '| test/sub/b.test.ts | 3.50 | 2 (1 failed) | b \\| x (3.00) |',
      '| test/a.test.ts | 0.25 | 2 (1 skipped) | a one (0.20) |',
      '| test/c.test.ts | 0.25 | 0 |  |',
    ]);
    expect(md).toContain('`npx vitest run --project unit`');
    expect(md).toContain('Run started 2026-01-02T03:04:05.000Z; 3 files, 4 tests, 1 failed;');
    expect(md).toContain('4.00 s summed over files');
  });
});
