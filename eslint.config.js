// Lint rules: the recommended TypeScript set, plus the one architectural rule that matters most:
// core/ stays pure and never imports a channel SDK or infrastructure library.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const sdkImports = ['grammy', 'grammy/*', '@grammyjs/*', 'botbuilder', 'botbuilder*', '@prisma/*', 'i18next', 'node-cron', 'better-sqlite3', 'pg', 'fflate'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'dist/**', 'generated/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Plain Node scripts (scripts/*.mjs) are not type-checked: tell ESLint which globals Node gives them.
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: sdkImports, message: 'core/ is pure: reach the world through a port.' }] }],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'core/ takes time from the Clock port.' }, { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'core/ takes time from the Clock port.' }],
    },
  },
);
