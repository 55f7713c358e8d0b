/**
 * A receipt as the victim sees and types it: 16 digits grouped in fours.
 * The contracts that carry a receipt, the web form that reads one and the
 * receipt book (functions/domain/receipts/receipt.ts) that issues them share
 * this form.
 */

/** How many digits a receipt has. */
export const RECEIPT_DIGITS = 16;

/**
 * A receipt as shown to the victim: `1234 5678 9012 3456`.
 *
 * @example
 * const receipt = parseReceipt('0387-1123-5582-9021'); // '0387 1123 5582 9021' as Receipt
 */
export type Receipt = string & { readonly __brand: 'Receipt' };

/**
 * Reads a receipt as a person might type it: spaces, dashes and dots ignored.
 * Returns undefined unless exactly 16 digits remain.
 *
 * @example
 * parseReceipt('0387.1123 5582-9021'); // '0387 1123 5582 9021'
 */
export function parseReceipt(input: string): Receipt | undefined {
  const digits = input.replace(/[\s.-]/g, '');
  if (!/^\d{16}$/.test(digits)) return undefined;
  return digits.replace(/(\d{4})(?=\d)/g, '$1 ') as Receipt;
}
