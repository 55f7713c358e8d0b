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
    // Pure domain modules must not reach AWS: adapters live in functions/adapters.
    files: ['functions/domain/**', 'schemas/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@aws-sdk/*', '@aws-crypto/*', '@aws-lambda-powertools/*', 'aws-cdk-lib', 'aws-cdk-lib/*'] }],
    },
  },
);
