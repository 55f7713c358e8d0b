/**
 * Referral targets leave with the consent class. A referral outbox item's
 * sealed `target` (charity and recipient type) is derived from the victim's
 * consent, and a charity's identity can reveal the victim's community, so when
 * the retention worker removes the body part holding `consent` it first takes
 * the target off every referral of the report: a referral in a final state
 * (delivered, withdrawn, cancelled) just loses it; one still pending or parked
 * is cancelled (`class-removed`, as the dispatcher does) and loses it in the
 * same update, conditional on no dispatcher holding a lease on it. Each step
 * is one idempotent conditional update, bounded per run: a run stopped
 * half-way, or one that met a lease, leaves the part due and the next run
 * carries on (a referral without a target is not read again).
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MayStep } from '../../domain/retention/retention';
import { conditionalUpdate, reportItemPages } from './report-pages';
import { keys } from './table-design';

/** `done`: no referral of the report holds a target; `leased`: a dispatcher holds one now; `partly`: the run's bound was reached. */
export type TargetRemoval = 'done' | 'leased' | 'partly';

/** Pages read and updates made for one report in one run, at most. */
export const TARGET_REMOVAL_MAX_STEPS = 40;

const FINAL_STATES = ['delivered', 'withdrawn', 'cancelled'] as const;

/**
 * @example
 * if ((await removeReferralTargets(document, tableName, reportId, new Date())) !== 'done') return 'partly-removed';
 */
export async function removeReferralTargets(
  document: DynamoDBDocumentClient,
  tableName: string,
  reportId: string,
  at: Date,
  maxSteps = TARGET_REMOVAL_MAX_STEPS,
  /** Whether the run has time for another step (the sweep's remaining time, less its reserve). */
  mayStep: MayStep = () => true,
): Promise<TargetRemoval> {
  const now = at.toISOString();
  let steps = 0;
  let leased = false;
  const referralsWithTarget = reportItemPages(document, {
    tableName,
    reportId,
    prefix: keys.referralPrefix,
    // Only referrals still holding a target: once removed, a referral is never read here again.
    filter: 'attribute_exists(#target)',
    projection: 'PK, SK, #state',
    names: { '#target': 'target', '#state': 'state' },
    pageSize: 25,
  });
  const canStep = () => steps < maxSteps && mayStep();
  if (!canStep()) return 'partly';
  for await (const { items, more } of referralsWithTarget) {
    steps += 1;
    for (const item of items) {
      if (!canStep()) return 'partly';
      steps += 1;
      const Key = { PK: item.PK as string, SK: item.SK as string };
      if (!(await removeTarget(document, tableName, Key, now))) leased = true;
    }
    if (more && !canStep()) return 'partly';
  }
  return leased ? 'leased' : 'done';
}

/** Removes one referral's target (cancelling it if undelivered); false only while a dispatcher's lease holds it. */
async function removeTarget(document: DynamoDBDocumentClient, tableName: string, Key: { PK: string; SK: string }, now: string): Promise<boolean> {
  const names = { '#state': 'state', '#target': 'target' };
  const final = Object.fromEntries(FINAL_STATES.map((state, index) => [`:f${index}`, state]));
  if (
    await conditionalUpdate(document, {
      TableName: tableName,
      Key,
      UpdateExpression: 'REMOVE #target',
      ConditionExpression: `#state IN (${Object.keys(final).join(', ')})`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: final,
    })
  )
    return true;
  // Still pending or parked: cancelled as the dispatcher cancels a referral whose class was removed, unless leased now.
  if (
    await conditionalUpdate(document, {
      TableName: tableName,
      Key,
      UpdateExpression: 'SET #state = :cancelled, lastFailure = :reason, cancelledAt = :now REMOVE #target, GSI1PK, GSI1SK, leaseId, leaseUntil',
      ConditionExpression: '#state IN (:pending, :dead) AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ':cancelled': 'cancelled', ':reason': 'class-removed', ':now': now, ':pending': 'pending', ':dead': 'dead-letter' },
    })
  )
    return true;
  // Neither held: the referral moved meanwhile (delivered, withdrawn, gone) or is leased. Read which.
  const current = await document.send(new GetCommand({ TableName: tableName, Key, ConsistentRead: true, ProjectionExpression: '#state, leaseUntil, #target', ExpressionAttributeNames: names }));
  if (!current.Item || current.Item.target === undefined) return true;
  if ((FINAL_STATES as readonly string[]).includes(current.Item.state as string)) return removeTarget(document, tableName, Key, now);
  return false;
}
