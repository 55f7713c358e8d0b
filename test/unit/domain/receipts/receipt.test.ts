import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseReceipt, ReceiptBook, WeakReceiptSecretError } from '../../../../functions/domain/receipts/receipt';

const book = new ReceiptBook(randomBytes(32));

describe('receipts', () => {
  it('issues 16 digits grouped like a phone number', () => {
    expect(book.issue('report-1')).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
  });

  it('issues the same receipt for the same report, and different ones otherwise', () => {
    expect(book.issue('report-1')).toBe(book.issue('report-1'));
    const receipts = new Set(Array.from({ length: 2_000 }, (_, i) => book.issue(`report-${i}`)));
    expect(receipts.size).toBe(2_000);
  });

  it('issues and looks up exactly the values it always has under a given secret, so receipts already handed out keep working', () => {
    const fixed = new ReceiptBook(new Uint8Array(32).fill(7));
    const receipt = fixed.issue('6f1c2a9e-3b7d-4c5e-9a1f-2d3e4f5a6b7c');
    expect(receipt).toBe('7681 9121 0793 5365');
    expect(fixed.issue('6f1c2a9e-3b7d-4c5e-9a1f-2d3e4f5a6b7c', 1)).toBe('2773 8854 7133 7772');
    expect(fixed.lookupKey(receipt)).toBe('2b6a65e64151f221122b63fbd9c380cbd2b79cb559fce3dc8c807195c62f203d');
    expect(fixed.clientKey('192.0.2.1')).toBe('FJcJFJfYpPT95_v5-qdRlD5u_bAI2PU0stuf7fk1RLc');
  });

  it('cannot be predicted without the force secret', () => {
    expect(new ReceiptBook(randomBytes(32)).issue('report-1')).not.toBe(book.issue('report-1'));
  });

  it('stores only a keyed hash that does not contain the receipt', () => {
    const receipt = book.issue('report-1');
    const key = book.lookupKey(receipt);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key).not.toContain(receipt.replace(/ /g, ''));
    expect(new ReceiptBook(randomBytes(32)).lookupKey(receipt)).not.toBe(key);
  });

  it('reads receipts typed with spaces, dashes or none', () => {
    const receipt = book.issue('report-1');
    const digits = receipt.replace(/ /g, '');
    expect(parseReceipt(digits)).toBe(receipt);
    expect(parseReceipt(digits.replace(/(\d{4})/g, '$1-').slice(0, -1))).toBe(receipt);
    expect(parseReceipt('1234')).toBeUndefined();
    expect(parseReceipt('abcd efgh ijkl mnop')).toBeUndefined();
    expect(book.matches(receipt, 'report-1')).toBe(true);
    expect(book.matches(receipt, 'report-2')).toBe(false);
  });

  it('refuses a short secret', () => {
    expect(() => new ReceiptBook(randomBytes(16))).toThrow(WeakReceiptSecretError);
  });
});
