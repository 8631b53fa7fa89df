// @ts-check
// ESLint flat config. Type-checked linting for the TypeScript tree (src, grammar, test, bench and the
// generated compiled/, which is the emitter's showcase and must lint clean); the few plain-JS files
// are linted without type information. Formatting is Prettier's job: eslint-config-prettier comes
// last and turns off every rule that would fight it.
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import prettier from 'eslint-config-prettier/flat';
import tseslint from 'typescript-eslint';

/** Node's globals for the plain-JS files (TypeScript files get theirs from @types/node). */
const nodeGlobals = {
  console: 'readonly',
  process: 'readonly',
  URL: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
};

/** Mocha's BDD globals (TypeScript files get their types from @types/mocha). */
const mochaGlobals = {
  describe: 'readonly',
  context: 'readonly',
  it: 'readonly',
  before: 'readonly',
  after: 'readonly',
  beforeEach: 'readonly',
  afterEach: 'readonly',
};

export default defineConfig(
  {
    // Build output, scratch space and test temp dirs; compiled/ is deliberately not listed.
    ignores: ['dist/', 'out/', 'scratch/', 'test/.tmp/', 'node_modules/', 'editors/vscode/dist/'],
  },
  eslint.configs.recommended,
  tseslint.configs.strictTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
    rules: {
      // noUncheckedIndexedAccess is on; `xs[i]!` after a checked index or length is the house idiom.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Numbers (shapes, counts, line numbers) are interpolated into messages all the time.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // House style: `T[]` for simple element types, `Array<A | B>` / `Array<[A, B]>` for compound ones.
      '@typescript-eslint/array-type': ['error', { default: 'array-simple' }],
      // `record['key']` marks an index-signature lookup (parsed JSON, Record<string, …>) as unchecked.
      '@typescript-eslint/dot-notation': ['error', { allowIndexSignaturePropertyAccess: true }],
      // One-line callbacks such as `(x) => seen.add(x)` are the house idiom; a void-typed body stays legal there.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // Commands implement one async interface (`run` returns a Promise); some have nothing to await.
      '@typescript-eslint/require-await': 'off',
      // tsc's noUnusedLocals/noUnusedParameters already enforce this; `_`-prefixed names are the opt-out.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    languageOptions: { globals: mochaGlobals },
    rules: {
      // chai's property assertions (`expect(x).to.be.true`) are expression statements by design.
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
  {
    // Plain JavaScript outside any tsconfig: no type information to lint with.
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: nodeGlobals },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { ...nodeGlobals, require: 'readonly', module: 'writable', exports: 'writable' },
    },
    rules: {
      // CommonJS is the point of a .cjs file (mocha loads reporters with require()).
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  prettier,
);
