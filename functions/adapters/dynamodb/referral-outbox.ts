/**
 * The referral outbox in the force table (see docs/data-model.md): one item
 * per referral in its report's partition, indexed on GSI1 while it is due
 * work (`OUTBOX#<force>`, sorted by next attempt) or parked
 * (`DEAD-LETTER#<force>`). Plaintext is ids, state, counts and times only.
 */
import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import type { NewReport } from '../../domain/report';
import type { NewReferral, OutboxReferral, ReferralOutbox, ReferralRef, SealedReport, SealedReportReader } from '../../domain/referrals/outbox';
import { keys, TABLE_DESIGN } from './table-design';
import { monthOf } from './months';
import { sealedReportOf } from './report-item';

const GSI = TABLE_DESIGN.indexes[0].name;

/**
 * The items the firewall adds to a report's creation transaction: the
 * month ledger entry and one outbox item per consented referral.
 */
export function firewallItems(tableName: string, report: NewReport) {
  const { routing } = report;
  const put = (Item: Record<string, unknown>) => ({ Put: { TableName: tableName, ConditionExpression: 'attribute_not_exists(PK)', Item } });
  return [
    put({
      ...keys.reportLedger(routing.forceId, monthOf(routing.createdAt), routing.createdAt, routing.reportId),
      type: 'report-ledger',
      reportId: routing.reportId,
      createdAt: routing.createdAt,
      ttl: report.expiresAt,
    }),
    ...(report.referrals ?? []).map((referral) =>
      put(referralItem({ reportId: routing.reportId, forceId: routing.forceId, createdAt: routing.createdAt, expiresAt: report.expiresAt }, referral)),
    ),
  ];
}

/**
 * A new outbox item, pending and due at `createdAt` on the force's outbox index (its insert also reaches the
 * dispatcher through the table's stream): the intake's referrals and those a victim's later consent makes.
 *
 * @example
 * const item = referralItem({ reportId, forceId, createdAt: now, expiresAt: report.expiresAt }, { referralId, sealedTarget });
 */
export function referralItem(
  report: { reportId: string; forceId: string; createdAt: string; expiresAt: number },
  referral: NewReferral,
): Record<string, unknown> {
  return {
    ...keys.referral(report.reportId, referral.referralId),
    type: 'referral',
    referralId: referral.referralId,
    reportId: report.reportId,
    forceId: report.forceId,
    state: 'pending',
    attempts: 0,
    createdAt: report.createdAt,
    nextAttemptAt: report.createdAt,
    target: referral.sealedTarget,
    GSI1PK: keys.outboxPartition(report.forceId),
    GSI1SK: `${report.createdAt}#${referral.referralId}`,
    ttl: report.expiresAt,
  };
}

function toReferral(item: Record<string, unknown>): OutboxReferral {
  return {
    referralId: item.referralId as string,
    reportId: item.reportId as string,
    forceId: item.forceId as string,
    state: item.state as OutboxReferral['state'],
    attempts: item.attempts as number,
    createdAt: item.createdAt as string,
    nextAttemptAt: item.nextAttemptAt as string,
    ...(item.target ? { sealedTarget: item.target as Uint8Array } : {}),
    ...(item.lastFailure ? { lastFailure: item.lastFailure as string } : {}),
    ...(item.leaseId ? { leaseId: item.leaseId as string } : {}),
  };
}

function isConditionFailure(error: unknown): boolean {
  const name = (error as Error | undefined)?.name;
  return name === 'ConditionalCheckFailedException' || name === 'TransactionCanceledException';
}

/**
 * @example
 * const outbox = new DynamoReferralOutbox(document, tableName);
 * const due = await outbox.due(forceId, new Date(), 25);
 */
export class DynamoReferralOutbox implements ReferralOutbox, SealedReportReader {
  constructor(
    private readonly document: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(ref: ReferralRef, now: Date, leaseSeconds: number): Promise<OutboxReferral | undefined> {
    const leaseId = randomUUID();
    try {
      const result = await this.document.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.referral(ref.reportId, ref.referralId),
          ConditionExpression: '#state = :pending AND nextAttemptAt <= :now AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
          UpdateExpression: 'SET leaseId = :lease, leaseUntil = :until',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':pending': 'pending',
            ':now': now.toISOString(),
            ':lease': leaseId,
            ':until': new Date(now.getTime() + leaseSeconds * 1000).toISOString(),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return result.Attributes ? toReferral(result.Attributes) : undefined;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  async markDelivered(referral: OutboxReferral, now: Date): Promise<void> {
    await this.finish(referral, 'SET #state = :state, deliveredAt = :now, attempts = attempts + :one REMOVE GSI1PK, GSI1SK, leaseId, leaseUntil', {
      ':state': 'delivered',
      ':now': now.toISOString(),
      ':one': 1,
    });
  }

  async markFailed(
    referral: OutboxReferral,
    outcome: { attempts: number; failure: string; nextAttemptAt?: Date; deadLetter: boolean },
    now: Date,
  ): Promise<void> {
    if (outcome.deadLetter) {
      await this.finish(
        referral,
        'SET #state = :state, attempts = :attempts, lastFailure = :failure, deadLetteredAt = :now, GSI1PK = :pk, GSI1SK = :sk REMOVE leaseId, leaseUntil',
        {
          ':state': 'dead-letter',
          ':attempts': outcome.attempts,
          ':failure': outcome.failure,
          ':now': now.toISOString(),
          ':pk': keys.deadLetterPartition(referral.forceId),
          ':sk': `${now.toISOString()}#${referral.referralId}`,
        },
      );
      return;
    }
    const next = (outcome.nextAttemptAt ?? now).toISOString();
    await this.finish(referral, 'SET attempts = :attempts, lastFailure = :failure, nextAttemptAt = :next, GSI1SK = :sk REMOVE leaseId, leaseUntil', {
      ':attempts': outcome.attempts,
      ':failure': outcome.failure,
      ':next': next,
      ':sk': `${next}#${referral.referralId}`,
    });
  }

  async markCancelled(referral: OutboxReferral, reason: string, now: Date): Promise<void> {
    await this.finish(referral, 'SET #state = :state, lastFailure = :reason, cancelledAt = :now REMOVE GSI1PK, GSI1SK, leaseId, leaseUntil', {
      ':state': 'cancelled',
      ':reason': reason,
      ':now': now.toISOString(),
    });
  }

  async due(forceId: string, now: Date, limit: number): Promise<ReferralRef[]> {
    const result = await this.document.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: GSI,
        KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK <= :now',
        ExpressionAttributeValues: { ':pk': keys.outboxPartition(forceId), ':now': `${now.toISOString()}#~` },
        ProjectionExpression: 'reportId, referralId',
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map((item) => ({ reportId: item.reportId as string, referralId: item.referralId as string }));
  }

  async deadLetters(forceId: string, limit: number): Promise<OutboxReferral[]> {
    const result = await this.document.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: GSI,
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.deadLetterPartition(forceId) },
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map(toReferral);
  }

  async ofReport(reportId: string): Promise<OutboxReferral[]> {
    const result = await this.document.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.report(reportId).PK, ':prefix': keys.referralPrefix },
        ConsistentRead: true,
      }),
    );
    return (result.Items ?? []).map(toReferral);
  }

  withdraw(ref: ReferralRef, now: Date): Promise<boolean> {
    return this.changeState(ref, {
      condition: '#state IN (:pending, :dead)',
      update: 'SET #state = :withdrawn, withdrawnAt = :now REMOVE GSI1PK, GSI1SK',
      values: { ':pending': 'pending', ':dead': 'dead-letter', ':withdrawn': 'withdrawn', ':now': now.toISOString() },
    });
  }

  redrive(ref: ReferralRef, forceId: string, now: Date): Promise<boolean> {
    const at = now.toISOString();
    return this.changeState(ref, {
      // Only a parked referral: a withdrawn one stays stopped, a delivered one is done.
      condition: '#state = :dead AND forceId = :force',
      update: 'SET #state = :pending, attempts = :zero, nextAttemptAt = :now, redrivenAt = :now, GSI1PK = :pk, GSI1SK = :sk REMOVE deadLetteredAt',
      values: {
        ':dead': 'dead-letter',
        ':pending': 'pending',
        ':force': forceId,
        ':zero': 0,
        ':now': at,
        ':pk': keys.outboxPartition(forceId),
        ':sk': `${at}#${ref.referralId}`,
      },
    });
  }

  /** A conditional change of a referral's state by someone other than its dispatcher; false when the condition did not hold. */
  private async changeState(ref: ReferralRef, change: { condition: string; update: string; values: Record<string, unknown> }): Promise<boolean> {
    try {
      await this.document.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.referral(ref.reportId, ref.referralId),
          ConditionExpression: change.condition,
          UpdateExpression: change.update,
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: change.values,
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async sealedReport(reportId: string): Promise<SealedReport | undefined> {
    const result = await this.document.send(new GetCommand({ TableName: this.tableName, Key: keys.report(reportId) }));
    const item = result.Item;
    if (!item) return undefined;
    return sealedReportOf(item);
  }

  /** Ends a claim: only the dispatcher holding the lease, and only while the referral is still pending (not withdrawn). */
  private async finish(referral: OutboxReferral, update: string, values: Record<string, unknown>): Promise<void> {
    try {
      await this.document.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.referral(referral.reportId, referral.referralId),
          ConditionExpression: '#state = :pending AND leaseId = :lease',
          UpdateExpression: update,
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ...values, ':pending': 'pending', ':lease': referral.leaseId },
        }),
      );
    } catch (error) {
      // Withdrawn while in flight, or the lease ran out and another dispatcher took over: its outcome stands.
      if (!isConditionFailure(error)) throw error;
    }
  }
}
