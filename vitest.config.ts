import { defineConfig } from 'vitest/config';

// Two projects: `unit` (everything under test/ but the browser) and `e2e` (test/e2e: builds the site once,
// serves dist/, drives Chromium). e2e runs after the unit tests, one file at a time, to keep a small machine
// responsive. `npx vitest run --project unit` skips the browser.
export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
