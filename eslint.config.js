import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'
import { packageBoundaries } from './eslint/packageBoundaries.js'

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '.data/**',
      '.tap/**',
      'coverage/**',
      '**/dist/**',
      'test-artifacts/**',
      'apps/console/src/api/schema.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { gsr: { rules: { 'package-boundaries': packageBoundaries } } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'gsr/package-boundaries': 'error',
    },
  },
)
