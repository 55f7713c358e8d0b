/**
 * Every input that reaches DynamoDB is validated: a page cursor is decoded
 * against exactly the key attributes of the query it belongs to (any other
 * shape answers 400 naming `cursor`, never a 500 from a ValidationException),
 * and a transparency date range is capped (400 naming `to`), before any query.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { minimalSubmission } from '../support/reports';
import { asStaff, call, loadHandler, reportIdOf, setUpStaffForce, staffEvent, submit, type Handler, type StaffForce } from '../support/staff';

let force: StaffForce;
const h: Record<string, Handler> = {};
const supervisor = () => asStaff(force, ['supervisor'], 'supervisor-cursors');
const cursorOf = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');
const refusedCursor = { status: 400, errors: [{ path: 'cursor', message: 'must be a cursor from a previous page' }] };

beforeAll(async () => {
  force = await setUpStaffForce();
  for (const name of ['queue-list', 'queue-claim', 'audit-trail', 'transparency']) h[name] = await loadHandler(name);
  for (let i = 0; i < 3; i++) await submit(minimalSubmission());
});

function forgeries(partition: string, sortKey: string): [string, unknown][] {
  return [
    ['partition only', { PK: partition }],
    ['missing SK', { PK: partition, GSI1SK: sortKey }],
    ['empty SK', { PK: partition, SK: '' }],
    ['extra GSI1PK', { PK: partition, SK: sortKey, GSI1PK: 'ACTOR#someone' }],
    ['numeric SK', { PK: partition, SK: 7 }],
    ['SK of another item type', { PK: partition, SK: 'REPORT' }],
    ['another partition', { PK: `${partition}x`, SK: sortKey }],
    ['an array', [partition, sortKey]],
  ];
}

describe('forged page cursors', () => {
  it('GET /queue refuses every cursor that is not exactly {PK, SK} of this force’s queue, and still pages with its own', async () => {
    const partition = `QUEUE#${force.forceId}`;
    const rank = `P0#2026-01-01T00:00:00.000Z#${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}`;
    for (const [label, key] of forgeries(partition, rank)) {
      const answer = await call(h['queue-list']!, staffEvent('GET', '/queue', { claims: supervisor(), query: { state: 'all', cursor: cursorOf(key) } }));
      expect({ label, status: answer.status, errors: answer.body.errors }).toEqual({ label, ...refusedCursor });
    }
    const first = await call(h['queue-list']!, staffEvent('GET', '/queue', { claims: supervisor(), query: { state: 'all', limit: '1' } }));
    const next = await call(h['queue-list']!, staffEvent('GET', '/queue', { claims: supervisor(), query: { state: 'all', limit: '1', cursor: first.body.cursor } }));
    expect(next.status).toBe(200);
    expect(next.body.entries).toHaveLength(1);
  });

  it('GET /audit refuses forged cursors by report and by actor, and still pages with its own', async () => {
    const claimed = await call(h['queue-claim']!, staffEvent('POST', '/queue/claim', { claims: asStaff(force, ['call-handler'], 'cursor-claimer') }));
    const reportId = claimed.body.report.reportId as string;
    const partition = `REPORT#${reportId}`;
    const sortKey = `AUDIT#2026-01-01T00:00:00.000Z#${reportId}`;
    for (const [label, key] of forgeries(partition, sortKey)) {
      const answer = await call(h['audit-trail']!, staffEvent('GET', '/audit', { claims: supervisor(), query: { reportId, cursor: cursorOf(key) } }));
      expect({ label, status: answer.status, errors: answer.body.errors }).toEqual({ label, ...refusedCursor });
    }
    const actorPartition = 'ACTOR#cursor-claimer';
    for (const [label, key] of [
      ['index keys only', { GSI1PK: actorPartition, GSI1SK: '2026-01-01T00:00:00.000Z#x' }],
      ['index keys and PK only', { GSI1PK: actorPartition, GSI1SK: '2026-01-01T00:00:00.000Z#x', PK: partition }],
      ['another actor', { GSI1PK: 'ACTOR#other', GSI1SK: '2026-01-01T00:00:00.000Z#x', PK: partition, SK: sortKey }],
      ['empty index sort key', { GSI1PK: actorPartition, GSI1SK: '', PK: partition, SK: sortKey }],
    ] as const) {
      const answer = await call(h['audit-trail']!, staffEvent('GET', '/audit', { claims: supervisor(), query: { actor: 'cursor-claimer', cursor: cursorOf(key) } }));
      expect({ label, status: answer.status, errors: answer.body.errors }).toEqual({ label, ...refusedCursor });
    }
    // Its own cursors still work, on both listings.
    const page = await call(h['audit-trail']!, staffEvent('GET', '/audit', { claims: supervisor(), query: { actor: 'cursor-claimer', limit: '1' } }));
    expect(page.status).toBe(200);
    if (page.body.cursor) {
      const next = await call(h['audit-trail']!, staffEvent('GET', '/audit', { claims: supervisor(), query: { actor: 'cursor-claimer', limit: '1', cursor: page.body.cursor } }));
      expect(next.status).toBe(200);
    }
    await reportIdOf(force, await submit(minimalSubmission()));
  });
});

describe('bounded date ranges', () => {
  it('GET /transparency refuses a range over 36 months with 400 naming `to`, before any query', async () => {
    for (const query of [
      { from: '0000-01-01', to: '9999-12-31' },
      { from: '2020-01-01', to: '2023-01-02' },
    ]) {
      const answer = await call(h.transparency!, staffEvent('GET', '/transparency', { claims: supervisor(), query }));
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([{ path: 'to', message: 'must be within 36 months of from' }]);
    }
    const ok = await call(h.transparency!, staffEvent('GET', '/transparency', { claims: supervisor(), query: { from: '2020-01-01', to: '2023-01-01' } }));
    expect(ok.status).toBe(200);
  });
});
