// @ts-check
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const FEATURES_DIR = 'src/features';
const features = readdirSync(new URL(`./${FEATURES_DIR}`, import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

/**
 * Import boundaries (bulletproof-react; conventions.md item 11):
 *  - a feature never imports another feature (compose them in src/app);
 *  - shared code (components, hooks, lib, types, utils, config) never imports features or app;
 *  - features never import app.
 */
const boundaryZones = [
  ...features.map((name) => ({
    target: `./${FEATURES_DIR}/${name}`,
    from: `./${FEATURES_DIR}`,
    except: [`./${name}`],
    message: 'Features never import other features; compose them in src/app.',
  })),
  {
    target: `./${FEATURES_DIR}`,
    from: './src/app',
    message: 'Features never import from src/app.',
  },
  ...['components', 'hooks', 'lib', 'types', 'utils', 'config'].map((dir) => ({
    target: `./src/${dir}`,
    from: ['./src/features', './src/app'],
    message: 'Shared code never imports features or the app.',
  })),
];

/** UI text lives in src/lib/i18n/es-AR.ts (ui.md §1 item 1). */
const NO_INLINE_TEXT = [
  {
    selector: 'JSXText[value=/[A-Za-zÁÉÍÓÚÜÑáéíóúüñ]/]',
    message: 'Put user-visible text in the es-AR catalogue (src/lib/i18n/es-AR.ts).',
  },
  {
    selector: 'JSXExpressionContainer > Literal[value=/[A-Za-zÁÉÍÓÚÜÑáéíóúüñ]/]',
    message: 'Put user-visible text in the es-AR catalogue (src/lib/i18n/es-AR.ts).',
  },
  {
    selector: 'JSXAttribute[name.name=/^(aria-label|title|placeholder|alt)$/] > Literal',
    message: 'Put user-visible text in the es-AR catalogue (src/lib/i18n/es-AR.ts).',
  },
];

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'src/generated/', 'e2e/artifacts/', 'coverage/'] },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.json', './tsconfig.node.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/consistent-type-definitions': 'off',
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ...importX.flatConfigs.recommended,
    ...importX.flatConfigs.typescript,
    plugins: { 'import-x': importX },
    languageOptions: {
      ...importX.flatConfigs.recommended.languageOptions,
      globals: globals.browser,
      parserOptions: {
        project: ['./tsconfig.json', './tsconfig.node.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      ...importX.flatConfigs.recommended.rules,
      ...importX.flatConfigs.typescript.rules,
      'import-x/no-restricted-paths': ['error', { zones: boundaryZones }],
      'import-x/no-cycle': 'error',
      'import-x/no-named-as-default-member': 'off',
    },
  },
  { files: ['src/**/*.{ts,tsx}'], ...reactHooks.configs.flat.recommended },
  {
    files: ['src/**/*.tsx'],
    ignores: ['src/**/*.test.tsx', 'src/testing/**'],
    rules: {
      'no-restricted-syntax': ['error', ...NO_INLINE_TEXT],
    },
  },
  {
    files: ['src/**/*.test.{ts,tsx}', 'src/testing/**', 'scripts/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['scripts/**/*.{js,mjs,ts}', 'e2e/**/*.ts', '*.config.{js,ts}', 'vite.config.ts'],
    languageOptions: { globals: globals.node },
  },
);
