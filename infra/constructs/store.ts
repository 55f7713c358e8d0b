import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { TABLE_DESIGN } from '../../schemas/table-design';

export interface ReportStoreProps {
  /** The force's report key; the table is encrypted with it. */
  encryptionKey: kms.IKey;
}

/**
 * The force's single table, built from the shared TABLE_DESIGN so the stack,
 * the local system and the tests create the same keys and index. Retained on
 * stack deletion and protected from deletion: it holds victims' reports.
 *
 * @example
 * const store = new ReportStore(stack, 'Store', { encryptionKey: keys.reportKey });
 */
export class ReportStore extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: ReportStoreProps) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE_DESIGN.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_DESIGN.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.encryptionKey,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute: TABLE_DESIGN.ttlAttribute,
      // The outbox: referral and notification workers react to new items, not to a scan.
      stream: dynamodb.StreamViewType.NEW_IMAGE,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of TABLE_DESIGN.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
  }
}
