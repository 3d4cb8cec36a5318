import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // src/kernels/ and scripts/bench/peak/ are AssemblyScript (decorators on functions are not TypeScript);
  // its compiler checks them.
  {
    ignores: [
      'node_modules/',
      'dist/',
      '.astro/',
      'public/',
      'src/kernels/',
      'scripts/bench/peak/',
      'src/runtime/*.generated.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
);
