import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          env: { POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'SILENT' },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // One DynamoDB Local (the real jar) for the whole run; each file makes its own tables.
          globalSetup: ['test/support/dynamodb-global-setup.ts'],
          env: { POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'SILENT' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          // Each file synthesises its stacks once (esbuild bundling included) in beforeAll;
          // with the workers and the web form that is ~50 bundles per file, so allow a loaded 2-core machine.
          // Some tests synthesise a whole force stack of their own (the firewall's attacks): ~20 s alone, over 50 s under load.
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'reliability',
          include: ['test/reliability/**/*.test.ts'],
          // The claim-contention file runs the handlers in-process against one DynamoDB Local (the others start their own local system).
          globalSetup: ['test/support/dynamodb-global-setup.ts'],
          // Sampled by default (fits CI time); `npm run test:reliability` runs the full suite.
          env: { POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'SILENT', RELIABILITY_SAMPLE: process.env.RELIABILITY_SAMPLE ?? '1' },
          // Each file runs its own local system; one at a time on a 2-core machine.
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // Headless Debian Chromium against the local system; see test/e2e/browser.ts.
          env: { POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'SILENT' },
          testTimeout: 240_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
