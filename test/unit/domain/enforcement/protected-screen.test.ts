/**
 * The protected screen over in-memory ports: it answers which field paths
 * match a protected value of the report, never a value; a removed section
 * screens nothing; its requests are bounded. And the suspect check built on
 * it: protected matches still refuse naming the field, report-key matches are
 * found without the screen, and a screen that cannot answer refuses the check
 * with nothing recorded or sent.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReportSubmissionSchema } from '../../../../schemas/report';
import { inProcessProtectedScreen } from '../../../../functions/adapters/protected-screen';
import {
  checkedAnswer,
  MAX_SCREEN_FIELDS,
  MAX_SCREEN_TEXT,
  ProtectedScreenRequestSchema,
  ProtectedScreenUnavailableError,
  screenProtectedValues,
  type ProtectedScreen,
} from '../../../../functions/domain/enforcement/protected-screen';
import { requestSuspectCheck, type EnforcementDispatch } from '../../../../functions/domain/enforcement/suspect-check';
import { ProtectedValueLeakError, TypedTextRefusedError } from '../../../../functions/domain/policy/guard';
import type { Disclosure } from '../../../../functions/domain/policy/disclosure';
import type { SealedReport } from '../../../../functions/domain/referrals/outbox';
import { fullSubmission } from '../../../support/reports';
import { testCipher } from '../../../support/test-cipher';

const FORCE = 'testshire';
const REPORT = '00000000-0000-4000-8000-000000000001';
const CANARY = 'CANARYPS';

async function memoryReports(options: { removed?: boolean; forceId?: string; input?: ReturnType<typeof fullSubmission> } = {}) {
  const cipher = testCipher();
  const { immigration, ...body } = ReportSubmissionSchema.parse(options.input ?? fullSubmission(CANARY));
  const context = { forceId: options.forceId ?? FORCE, reportId: REPORT };
  const report: SealedReport = {
    routing: { reportId: REPORT, forceId: options.forceId ?? FORCE, grade: 'high', priority: 1, status: 'received', createdAt: new Date().toISOString() } as SealedReport['routing'],
    sealedBody: await cipher.sealBody(body, context),
    ...(options.removed ? {} : { sealedProtected: await cipher.sealProtected(immigration, context) }),
  };
  const reports = { sealedReport: (reportId: string) => Promise.resolve(reportId === REPORT ? report : undefined) };
  return { cipher, reports };
}

describe('the protected screen', () => {
  it('answers the field paths that equal or contain a protected value, in the order asked, and nothing else', async () => {
    const { cipher, reports } = await memoryReports();
    const answer = await screenProtectedValues(
      { forceId: FORCE, reports, cipher },
      ProtectedScreenRequestSchema.parse({
        reportId: REPORT,
        values: {
          justification: `Victim is ${CANARY}-NATIONALITY, check him`,
          'suspect.name': 'Karl Smith',
          'suspect.aliases.0': 'on a spouse-or-partner-visa',
          'suspect.aliases.1': `my   passport is with him ${CANARY}-immigration-notes`,
          // The victim's name is a report-key class: not the screen's to find.
          'suspect.aliases.2': `Amina ${CANARY}-name`,
        },
      }),
    );
    expect(answer).toEqual({ matches: ['justification', 'suspect.aliases.0', 'suspect.aliases.1'] });
  });

  it('never answers a value: over any texts, the answer is a subset of the field paths asked, and holds no protected value', async () => {
    const { cipher, reports } = await memoryReports();
    const protectedTexts = [`${CANARY}-nationality`, `${CANARY}-country`, `${CANARY}-immigration-notes`, 'spouse-or-partner-visa'];
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,12}$/), fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom(...protectedTexts)), { maxKeys: 12 }),
        async (values) => {
          const answer = await screenProtectedValues({ forceId: FORCE, reports, cipher }, ProtectedScreenRequestSchema.parse({ reportId: REPORT, values }));
          expect(Object.keys(answer)).toEqual(['matches']);
          for (const field of answer.matches) expect(Object.keys(values)).toContain(field);
          const serialised = JSON.stringify(answer).toLowerCase();
          for (const text of protectedTexts) expect(serialised).not.toContain(text.toLowerCase());
        },
      ),
      { numRuns: 25 },
    );
  }, 30_000);

  it('screens nothing from a removed (shredded) section, an unknown report or another force’s report', async () => {
    const values = { justification: `Victim is ${CANARY}-nationality` };
    const removed = await memoryReports({ removed: true });
    expect(await screenProtectedValues({ forceId: FORCE, ...removed }, { reportId: REPORT, values })).toEqual({ matches: [] });
    const present = await memoryReports();
    expect(await screenProtectedValues({ forceId: FORCE, ...present }, { reportId: '00000000-0000-4000-8000-000000000002', values })).toEqual({ matches: [] });
    const other = await memoryReports({ forceId: 'otherland' });
    expect(await screenProtectedValues({ forceId: FORCE, ...other }, { reportId: REPORT, values })).toEqual({ matches: [] });
  });

  it('takes bounded requests only: field count, text length, field path shape, report id and no other key', () => {
    const ok = { reportId: REPORT, values: { 'suspect.aliases.1': 'x' } };
    expect(ProtectedScreenRequestSchema.safeParse(ok).success).toBe(true);
    const many = Object.fromEntries(Array.from({ length: MAX_SCREEN_FIELDS + 1 }, (_, index) => [`field${index}`, 'x']));
    for (const bad of [
      { ...ok, values: many },
      { ...ok, values: { justification: 'x'.repeat(MAX_SCREEN_TEXT + 1) } },
      { ...ok, values: { 'Amina Smith': 'x' } },
      { ...ok, values: { '../etc': 'x' } },
      { ...ok, reportId: 'not-a-report' },
      { ...ok, extra: 'x' },
      { ...ok, values: { justification: 7 } },
    ]) {
      expect(ProtectedScreenRequestSchema.safeParse(bad).success, JSON.stringify(bad).slice(0, 60)).toBe(false);
    }
  });

  it('refuses an answer out of contract, so a faulty screen can only ever hand back a field name that was asked', () => {
    expect(checkedAnswer({ matches: ['justification'] }, ['justification'])).toEqual(['justification']);
    for (const raw of [{ matches: ['suspect.name'] }, { matches: [], value: 'Amina' }, { matches: ['justification'], nationality: 'x' }, null, 'justification', { matches: 'justification' }]) {
      expect(() => checkedAnswer(raw, ['justification'])).toThrow(ProtectedScreenUnavailableError);
    }
  });

  it('in process, refuses a request out of bounds as unavailable rather than answering "no match"', async () => {
    const { cipher, reports } = await memoryReports();
    const screen = inProcessProtectedScreen({ forceId: FORCE, reports, cipher });
    await expect(screen.screen(REPORT, { justification: 'x'.repeat(MAX_SCREEN_TEXT + 1) })).rejects.toThrow(ProtectedScreenUnavailableError);
    const failing = inProcessProtectedScreen({ forceId: FORCE, reports, cipher: { openProtected: () => Promise.reject(new Error('kms down')) } });
    await expect(failing.screen(REPORT, { justification: 'fine' })).rejects.toThrow(ProtectedScreenUnavailableError);
  });

  it('in process, gives up a screen that outlasts the caller’s remaining time (less the margin to answer) as unavailable, and one asked with no time left at once', async () => {
    const { reports } = await memoryReports();
    const hanging = inProcessProtectedScreen({ forceId: FORCE, reports, cipher: { openProtected: () => new Promise(() => {}) } }, { remainingMs: () => 700 });
    const started = Date.now();
    await expect(hanging.screen(REPORT, { justification: 'fine' })).rejects.toMatchObject({ name: 'ProtectedScreenUnavailableError', failure: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1_000);
    const late = inProcessProtectedScreen({ forceId: FORCE, reports, cipher: { openProtected: () => new Promise(() => {}) } }, { remainingMs: () => 400 });
    await expect(late.screen(REPORT, { justification: 'fine' })).rejects.toMatchObject({ failure: 'out-of-time' });
  });
});

describe('the suspect check on the protected screen', () => {
  const request = {
    integrationId: 'pnc-check',
    legalBasis: 'dpa-2018-s35-strictly-necessary' as const,
    reasonCode: 'bail-or-order-check' as const,
    justification: 'Suspect named in a high-risk report; checking for bail conditions.',
  };
  const directory = {
    charities: [],
    enforcementIntegrations: [{ id: 'pnc-check', purpose: 'enforcement' as const, endpoint: 'https://pnc.example/checks', payloadContract: 'suspect-check@v2' as const }],
    canaries: [],
  };

  async function check(screenOf: (real: ProtectedScreen) => ProtectedScreen, suspectRequest: Record<string, unknown> = {}, input?: ReturnType<typeof fullSubmission>) {
    const { cipher, reports } = await memoryReports({ input });
    const recorded: Disclosure[] = [];
    const sent: EnforcementDispatch[] = [];
    const asked: Record<string, string>[] = [];
    const real = inProcessProtectedScreen({ forceId: FORCE, reports, cipher });
    const screen = screenOf({ screen: (reportId, values) => (asked.push({ ...values }), real.screen(reportId, values)) });
    // The check's own cipher cannot open the protected section: it must ask the screen.
    const bodyOnly = {
      sealBody: cipher.sealBody.bind(cipher),
      sealProtected: cipher.sealProtected.bind(cipher),
      openBody: cipher.openBody.bind(cipher),
      openProtected: () => Promise.reject(new Error('the suspect check holds no safeguarding key')),
      sealNeeds: cipher.sealNeeds.bind(cipher),
      openNeeds: cipher.openNeeds.bind(cipher),
    };
    const outcome = requestSuspectCheck(
      {
        forceId: FORCE,
        reports,
        cipher: bodyOnly,
        directory,
        disclosures: { record: async (disclosure) => void recorded.push(disclosure) },
        channel: { send: async (dispatch) => void sent.push(dispatch) },
        screen,
      },
      { reportId: REPORT, officer: 'officer-7', role: 'supervisor', request: { ...request, ...suspectRequest } },
    );
    return { outcome, recorded, sent, asked };
  }

  it('refuses typed text holding a protected value with the field named, alongside fields the report-key screen refuses', async () => {
    const { outcome, recorded, sent } = await check((real) => real, {
      justification: `Victim is ${CANARY}-nationality, checking bail`,
      suspect: { name: 'Karl Smith', aliases: [`Amina ${CANARY}-name`, 'spouse-or-partner-visa holder'] },
    });
    const error = await outcome.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypedTextRefusedError);
    expect((error as TypedTextRefusedError).fields).toEqual(['justification', 'suspect.aliases.0', 'suspect.aliases.1']);
    expect((error as TypedTextRefusedError).dataClasses).toEqual(expect.arrayContaining(['identity', 'protected-immigration']));
    expect(String((error as Error).message)).not.toContain(CANARY);
    expect([recorded, sent]).toEqual([[], []]);
  });

  it('asks the screen about the typed fields, then the payload’s bytes, and sends when neither matches', async () => {
    const { outcome, recorded, sent, asked } = await check((real) => real);
    await expect(outcome).resolves.toEqual({ disclosureId: expect.any(String) });
    expect(asked.map((values) => Object.keys(values))).toEqual([['justification'], ['payload', 'payload.decoded']]);
    expect(JSON.parse(asked[1]!.payload!)).toEqual(sent[0]!.payload);
    expect(recorded).toHaveLength(1);
  });

  it('refuses the payload (last-line guard) when the screen finds a protected value in it, with nothing recorded or sent', async () => {
    const input = fullSubmission(CANARY);
    input.suspect = { ...input.suspect!, name: `Karl ${CANARY}-country` };
    const { outcome, recorded, sent } = await check((real) => real, {}, input);
    const error = await outcome.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProtectedValueLeakError);
    expect((error as ProtectedValueLeakError).dataClasses).toEqual(['protected-immigration']);
    expect([recorded, sent]).toEqual([[], []]);
  });

  it('fails closed: when the screen cannot answer, for typed text or for the payload, nothing is recorded or sent', async () => {
    const down = await check(() => ({ screen: () => Promise.reject(new ProtectedScreenUnavailableError('timeout')) }));
    await expect(down.outcome).rejects.toThrow(ProtectedScreenUnavailableError);
    expect([down.recorded, down.sent]).toEqual([[], []]);
    let calls = 0;
    const laterDown = await check((real) => ({ screen: (reportId, values) => (++calls === 1 ? real.screen(reportId, values) : Promise.reject(new ProtectedScreenUnavailableError('function-error'))) }));
    await expect(laterDown.outcome).rejects.toThrow(ProtectedScreenUnavailableError);
    expect([laterDown.recorded, laterDown.sent]).toEqual([[], []]);
  });
});
