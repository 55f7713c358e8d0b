/**
 * The queue shows each report's language and interpreter need without a
 * plaintext proxy (issues 16, 17), against DynamoDB Local through the real
 * handlers: the values come back from `GET /queue`, while a scan of the whole
 * table, every answer's headers and everything logged hold no canary
 * language anywhere but inside ciphertext; and the hint can be removed.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NEEDS_HINT_ATTRIBUTE, removeNeedsHint } from '../../functions/adapters/dynamodb/needs-hint';
import { keys } from '../../functions/adapters/dynamodb/table-design';
import { resetStaffRuntime } from '../../functions/wiring/staff-runtime';
import { scanTable } from '../support/scan';
import { captureOutput } from '../support/capture';
import { fullSubmission } from '../support/reports';
import { asStaff, call, loadHandler, reportIdOf, setUpStaffForce, staffEvent, submit, type Handler, type StaffForce } from '../support/staff';

/** Language tags no real report uses, so any trace of them in the table is the hint leaking. */
const CANARIES = [
  { language: 'qcx-Kanary01', interpreterNeeded: true },
  { language: 'qcy-Kanary02', interpreterNeeded: false },
] as const;

let force: StaffForce;
const h: Record<string, Handler> = {};
const handler = () => asStaff(force, ['call-handler'], 'call-handler-needs');
const supervisor = () => asStaff(force, ['supervisor'], 'supervisor-needs');

async function list(claims = handler()) {
  const listed = await call(h['queue-list']!, staffEvent('GET', '/queue', { claims, query: { state: 'all', limit: '100' } }));
  expect(listed.status).toBe(200);
  return listed.body.entries as { reportId: string; needs: { language: string; interpreterNeeded: boolean } | null }[];
}

const scanAll = () => scanTable(force.dynamo.document, force.tableName);

beforeAll(async () => {
  force = await setUpStaffForce();
  for (const name of ['queue-list', 'report-outcome']) h[name] = await loadHandler(name);
});

beforeEach(() => resetStaffRuntime());

describe('the queue’s language and interpreter need', () => {
  it('shows each report’s language and interpreter need to a call handler, while no plaintext attribute or log line holds the language', async () => {
    const capture = captureOutput();
    let entries: Awaited<ReturnType<typeof list>>;
    const ids: string[] = [];
    try {
      for (const support of CANARIES) ids.push(await reportIdOf(force, await submit({ ...fullSubmission(), support: { ...support, accessibility: [] } })));
      entries = await list();
    } finally {
      capture.restore();
    }
    expect(ids.map((id) => entries.find((entry) => entry.reportId === id)?.needs)).toEqual(CANARIES);

    const items = await scanAll();
    const queueEntries = items.filter((item) => item.type === 'queue-entry' && ids.includes(item.reportId as string));
    expect(queueEntries).toHaveLength(ids.length);
    // Every entry carries the hint, sealed (binary), all of one size: neither presence nor length says anything.
    expect(new Set(queueEntries.map((item) => (item[NEEDS_HINT_ATTRIBUTE] as Uint8Array).byteLength)).size).toBe(1);
    const plaintext = JSON.stringify(items, (_key, value: unknown) => (value instanceof Uint8Array ? '<binary>' : value)).toLowerCase();
    const binaries = items.flatMap((item) => Object.values(item).filter((value): value is Uint8Array => value instanceof Uint8Array)).map((value) => Buffer.from(value));
    for (const { language } of CANARIES) {
      expect(plaintext).not.toContain(language.toLowerCase());
      // Inside the ciphertext too: the Encryption SDK header carries the context (force, report, class, part), never the value.
      expect(binaries.some((value) => value.includes(language))).toBe(false);
    }
    expect(plaintext).not.toContain('kanary');
    expect(capture.text().toLowerCase()).not.toContain('kanary');
  });

  it('shows "not shown" (null) for an entry whose hint was removed, and the rest of the page as before', async () => {
    const [kept, removed] = [
      await reportIdOf(force, await submit({ ...fullSubmission(), support: { language: 'pl', interpreterNeeded: true, accessibility: [] } })),
      await reportIdOf(force, await submit({ ...fullSubmission(), support: { language: 'ar', interpreterNeeded: false, accessibility: [] } })),
    ];
    await expect(removeNeedsHint(force.dynamo.document, force.tableName, removed)).resolves.toBe('removed');
    const entries = await list(supervisor());
    expect(entries.find((entry) => entry.reportId === removed)?.needs).toBeNull();
    expect(entries.find((entry) => entry.reportId === kept)?.needs).toEqual({ language: 'pl', interpreterNeeded: true });
  });

  it('removing the hint of a closed report writes nothing: the closed report’s entry (and its hint) left at closure and no entry is made up', async () => {
    const reportId = await reportIdOf(force, await submit({ ...fullSubmission(), support: { language: 'so', interpreterNeeded: true, accessibility: [] } }));
    const closed = await call(h['report-outcome']!, staffEvent('POST', `/reports/${reportId}/outcome`, { claims: supervisor(), body: { outcome: 'duplicate-report' } }));
    expect(closed.status).toBe(200);
    await expect(removeNeedsHint(force.dynamo.document, force.tableName, reportId)).resolves.toBe('no-entry');
    const items = await scanAll();
    expect(items.filter((item) => item.type === 'queue-entry' && item.reportId === reportId)).toHaveLength(0);
    expect(items.filter((item) => item.PK === keys.queuePartition(force.forceId) && !item.type)).toHaveLength(0);
    await expect(removeNeedsHint(force.dynamo.document, force.tableName, '99999999-9999-4999-8999-999999999999')).resolves.toBe('no-report');
  });
});
