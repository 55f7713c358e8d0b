// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', 'dist/', 'web/dist/', '.local/', 'test-results/', 'docs/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Report content must never reach a console; use the Powertools logger with ids and codes.
      'no-console': 'error',
    },
  },
  {
    // Command-line scripts and benches talk to a person at a terminal.
    files: ['scripts/**', 'bench/**', 'infra/app.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // The named `z` export is zod's whole namespace, locales included: it adds ~350 KB to every Lambda bundle.
    files: ['functions/**', 'schemas/**', 'web/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='zod'][importKind!='type'] > ImportSpecifier[imported.name='z'][importKind!='type']",
          message: "Use `import * as z from 'zod'`: the named z export drags zod's locales into every bundle.",
        },
      ],
    },
  },
  {
    // Pure domain modules must not reach AWS: adapters live in functions/adapters.
    files: ['functions/domain/**', 'schemas/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@aws-sdk/*', '@aws-crypto/*', '@aws-lambda-powertools/*', 'aws-cdk-lib', 'aws-cdk-lib/*'] }],
    },
  },
);
