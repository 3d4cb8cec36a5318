import js from '@eslint/js';
import tseslint from 'typescript-eslint';
// The names a code cell's program sees (src/runtime/cell-api.ts; test/runtime/cell-api.test.ts checks the list).
import CELL_GLOBALS from './lessons/cells/globals.json' with { type: 'json' };

export default tseslint.config(
  // src/kernels/ and scripts/bench/peak/ are AssemblyScript (decorators on functions are not TypeScript);
  // its compiler checks them.
  {
    ignores: [
      'node_modules/',
      'dist/',
      '.astro/',
      'public/',
      'src/kernels/*.ts',
      'scripts/bench/peak/',
      'src/kernels/host/*.generated.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  // Starter programs of the code cells: the body of an async function (top-level await) over the cell API.
  {
    files: ['lessons/cells/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: Object.fromEntries(CELL_GLOBALS.map((name) => [name, 'readonly'])),
    },
  },
);
