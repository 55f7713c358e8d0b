/**
 * How the stores read a failed TransactWriteItems: DynamoDB cancels the whole
 * transaction and gives one reason per item, in order
 * (`ConditionalCheckFailed`, `TransactionConflict`, `None`, …), which each
 * store turns into its own answer (same receipt, lease lost, already removed).
 */

/** A cancelled transaction, with DynamoDB's reason for each of its items. */
export type CancelledTransaction = Error & { CancellationReasons?: { Code?: string }[] };

/**
 * @example
 * if (isCancelled(error) && (error.CancellationReasons ?? []).some((reason) => reason.Code === 'TransactionConflict')) retry();
 */
export function isCancelled(error: unknown): error is CancelledTransaction {
  return (error as Error | undefined)?.name === 'TransactionCanceledException';
}
