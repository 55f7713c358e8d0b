/**
 * The one base of every domain error, and the errors more than one part of
 * the domain raises. A domain error says what rule the request broke in the
 * domain's words; the HTTP answer it gets is chosen in one table
 * (functions/middleware/problem-table.ts), never by the code that throws it.
 * Each subclass sets its own `name`: bundles are minified, and logs and the
 * problem table's fallbacks name errors by it.
 */

/**
 * The base of every error the domain raises on purpose.
 *
 * @example
 * export class LeaseLostError extends DomainError {
 *   constructor() { super('the lease was lost'); this.name = 'LeaseLostError'; }
 * }
 */
export class DomainError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DomainError';
  }
}

/**
 * Raised when no report has that id in this force (the queue desk, the staff
 * thread and the suspect check alike): one error, one 404.
 *
 * @example
 * if (!report || report.forceId !== forceId) throw new ReportNotFoundError();
 */
export class ReportNotFoundError extends DomainError {
  constructor() {
    super('no report with that id in this force');
    this.name = 'ReportNotFoundError';
  }
}

/** Raised when a page cursor was not issued by this API for this listing (the stores decode cursors against their query's keys). */
export class InvalidCursorError extends DomainError {
  constructor() {
    super('the cursor is not valid for this listing');
    this.name = 'InvalidCursorError';
  }
}
