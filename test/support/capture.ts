/**
 * Captures everything the process writes (Powertools logger lines go to
 * stdout/stderr) and every metric call, so a test can assert that no canary
 * reached a log line or a metric.
 */
import { vi } from 'vitest';
import { logger, metrics } from '../../functions/adapters/observability';

export interface Capture {
  text(): string;
  restore(): void;
}

/**
 * @example
 * const capture = captureOutput();
 * … run code …
 * expect(capture.text()).not.toContain(canary);
 * capture.restore();
 */
export function captureOutput(): Capture {
  const chunks: string[] = [];
  const level = logger.getLevelName();
  logger.setLogLevel('DEBUG');
  const record = (chunk: unknown) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };
  // Metric calls are recorded and still run (metrics are disabled in tests, so nothing is emitted anyway).
  const metricSpies = [vi.spyOn(metrics, 'addMetric'), vi.spyOn(metrics, 'addDimension'), vi.spyOn(metrics, 'addMetadata')];
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation(record as never),
    vi.spyOn(process.stderr, 'write').mockImplementation(record as never),
    ...metricSpies,
  ];
  let frozen: string | undefined;
  const text = () => frozen ?? [...chunks, ...metricSpies.map((spy) => JSON.stringify(spy.mock.calls))].join('\n');
  return {
    text,
    restore: () => {
      // Keep what was captured: restoring a spy forgets its calls.
      frozen = text();
      spies.forEach((spy) => spy.mockRestore());
      logger.setLogLevel(level);
    },
  };
}
