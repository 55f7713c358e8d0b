/**
 * Referrals' sealed targets leave with the consent class, against DynamoDB
 * Local on an injected clock: a force keeping `consent` 90 days and routing
 * 730. A report with referrals (one delivered, one still pending) is accepted
 * at t0; a minute after the worker passes t0 + 90 days no item of the table
 * holds any ciphertext of a target, the pending referral is cancelled
 * (`class-removed`), while the report and its longer-lived classes stay; a
 * dispatcher's lease on a referral keeps the part due until it lapses; staff
 * withdrawal of consent afterwards answers without error.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { firewallRuntime } from '../../functions/wiring/firewall-runtime';
import { bodyRetentionDays, FORCES_DIR, loadForceConfig } from '../../infra/force-config';
import { acceptReportAt, setUpFirewallForce } from '../support/firewall-fixture';
import { fullSubmission } from '../support/reports';
import { auditItemsOf, call, staffEvent } from '../support/staff';
import { binaries, DAY, MINUTE, retentionWorld, useRetentionForce } from '../support/retention-fixture';

const CONSENT_DAYS = 90;
const demoshire = loadForceConfig(join(FORCES_DIR, 'demoshire.json'));
/** demoshire's days, but consent kept shorter than routing (its own part). */
const DAYS = { ...bodyRetentionDays(demoshire), consent: CONSENT_DAYS, 'protected-immigration': demoshire.retentionDays['protected-immigration'] };

const world = retentionWorld();
const { clock, h, sweep, reportItem, scanAll } = world;
const supervisor = () => world.claims('supervisor', 'supervisor-targets');

useRetentionForce({ setUp: async () => (world.fixture = await setUpFirewallForce()), handlers: ['consent-withdrawal', 'referral-dead-letters', 'report-read'], h, now: clock });

describe('a force keeping consent shorter than routing', () => {
  it('removes every referral’s sealed target a minute after the worker passes the consent date, cancelling the undelivered; the report and other classes stay', { timeout: 120_000 }, async () => {
    const t0 = Math.floor(Date.now() / 1000) * 1000 - 1000;
    world.clockMs = t0;
    const reportId = await acceptReportAt(world.fixture, t0, fullSubmission('CANARYTARGET'), DAYS);
    const runtime = await firewallRuntime();
    const referrals = await runtime.outbox.ofReport(reportId);
    expect(referrals.length).toBeGreaterThanOrEqual(2);
    const [delivered, pending] = referrals as [(typeof referrals)[number], (typeof referrals)[number]];
    // One delivered (on the real clock, just after t0); the other left pending.
    expect(await runtime.dispatcher.deliver({ reportId, referralId: delivered.referralId })).toMatchObject({ outcome: 'delivered' });
    // The evidence: the last bytes of every target's ciphertext as stored.
    const evidence = referrals.map((referral) => Buffer.from(referral.sealedTarget!).subarray(-48));
    const holdsTarget = (items: Record<string, unknown>[]) =>
      items.flatMap((item) => binaries(item).filter((held) => evidence.some((part) => Buffer.from(held).includes(part))).map(() => `${String(item.PK)}|${String(item.SK)}`));
    expect(holdsTarget(await scanAll())).toHaveLength(referrals.length);

    // A minute before the consent date: every target still there.
    world.clockMs = t0 + CONSENT_DAYS * DAY - MINUTE;
    expect(await sweep()).toMatchObject({ failed: 0, partly: 0 });
    expect(holdsTarget(await scanAll())).toHaveLength(referrals.length);

    // A dispatcher holds the pending referral (lease to ten minutes past the date): the part stays due, reported as partly.
    const leaseAt = new Date(t0 + CONSENT_DAYS * DAY);
    expect(await runtime.outbox.claim({ reportId, referralId: pending.referralId }, leaseAt, 600)).toBeDefined();
    world.clockMs = t0 + CONSENT_DAYS * DAY + MINUTE;
    expect(await sweep()).toMatchObject({ failed: 0, partly: 1 });
    const held = await runtime.outbox.ofReport(reportId);
    expect(held.find((referral) => referral.referralId === pending.referralId)).toMatchObject({ state: 'pending', sealedTarget: expect.any(Uint8Array) });
    expect(held.find((referral) => referral.referralId === delivered.referralId)?.sealedTarget).toBeUndefined();
    expect(((await reportItem(reportId)).retention as Record<string, { removedAt?: string }>).consent?.removedAt).toBeUndefined();

    // Once the lease lapses the next run finishes: no ciphertext of any target in the whole table.
    world.clockMs = leaseAt.getTime() + 600_000 + MINUTE;
    expect(await sweep()).toMatchObject({ failed: 0, partly: 0, removed: 1 });
    expect(holdsTarget(await scanAll())).toEqual([]);
    const after = await runtime.outbox.ofReport(reportId);
    expect(after.every((referral) => referral.sealedTarget === undefined)).toBe(true);
    expect(after.find((referral) => referral.referralId === delivered.referralId)).toMatchObject({ state: 'delivered' });
    expect(after.find((referral) => referral.referralId === pending.referralId)).toMatchObject({ state: 'cancelled', lastFailure: 'class-removed' });
    // Off the dispatcher's index: the dispatcher never claims it again.
    expect(await runtime.dispatcher.deliver({ reportId, referralId: pending.referralId })).toMatchObject({ outcome: 'not-claimed' });

    // The report and every class kept longer than consent survive.
    const item = (await reportItem(reportId));
    const retention = item.retention as Record<string, { removedAt?: string }>;
    expect(retention.consent?.removedAt).toBe(new Date(world.clockMs).toISOString());
    const longer = Object.entries(DAYS).filter(([, days]) => days > CONSENT_DAYS).map(([dataClass]) => dataClass);
    expect(longer.length).toBeGreaterThan(0);
    for (const dataClass of longer) expect(retention[dataClass]?.removedAt, dataClass).toBeUndefined();
    expect(Object.keys(item.body as object).some((part) => part.split('+').includes('consent'))).toBe(false);
    expect(Object.keys(item.body as object).some((part) => part.split('+').includes('incident'))).toBe(true);
    expect((await call(h['report-read']!, staffEvent('GET', `/reports/${reportId}`, { claims: supervisor() }))).status).toBe(200);

    // The consent part's removal audited once.
    const erasures = (await auditItemsOf(world.fixture.force, reportId)).filter((record) => record.action === 'erasure');
    expect(erasures.map((record) => record.detail.dataClasses)).toContain('consent');
    expect(erasures.filter((record) => record.detail.dataClasses === 'consent')).toHaveLength(1);

    // Staff withdrawal of consent afterwards answers, stopping and naming nothing; the dead-letter list still reads.
    const withdrawn = await call(h['consent-withdrawal']!, staffEvent('POST', `/reports/${reportId}/consent-withdrawals`, { claims: supervisor(), body: {} }));
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toEqual({ withdrawn: 0, alreadyDeliveredTo: [] });
    expect((await call(h['referral-dead-letters']!, staffEvent('GET', '/referrals/dead-letters', { claims: supervisor() }))).status).toBe(200);

    // Running the worker again changes nothing.
    expect(await sweep()).toMatchObject({ removed: 0, failed: 0, partly: 0 });
  });
});
