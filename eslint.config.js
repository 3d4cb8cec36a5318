import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // src/kernels/ is AssemblyScript (decorators on functions are not TypeScript); its compiler checks it.
  { ignores: ['node_modules/', 'dist/', '.astro/', 'public/', 'src/kernels/', 'src/runtime/*.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
);
