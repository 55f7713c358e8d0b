/**
 * The single-table design, as plain data shared by the CDK store construct,
 * the functions' DynamoDB adapters, the local system and the tests, so all
 * of them create and read the same table. docs/data-model.md explains every item type.
 */

/**
 * @example
 * const key = { [TABLE_DESIGN.partitionKey]: 'REPORT#…', [TABLE_DESIGN.sortKey]: 'REPORT' };
 */
export const TABLE_DESIGN = {
  partitionKey: 'PK',
  sortKey: 'SK',
  /** One TTL attribute for every item type (epoch seconds), the Idempotency-Key claims' included. */
  ttlAttribute: 'ttl',
  /** Overloaded index: audit trail per actor, and other secondary look-ups. */
  indexes: [{ name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' }],
} as const;
