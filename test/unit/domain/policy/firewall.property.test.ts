/**
 * The firewall's proof over generated reports: canaries sit in every
 * protected field and every value enforcement may never receive; none may
 * appear in an enforcement payload, a referral that was not consented for
 * it, an error body, a log line or a metric.
 */
import fc from 'fast-check';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logger } from '../../../../functions/adapters/observability';
import { buildReferral, buildSuspectCheck, consentsTo, sharesProtected, SuspectCheckPayloadSchema } from '../../../../functions/domain/policy/contracts';
import { assertNoForbiddenValues, forbiddenValues, ProtectedValueLeakError, screenTypedText, TypedTextRefusedError } from '../../../../functions/domain/policy/guard';
import { httpProblems } from '../../../../functions/middleware/problems';
import { validateBody } from '../../../../functions/middleware/validate-body';
import { RECIPIENT_TYPES, ReportSubmissionSchema } from '../../../../schemas/report';
import { reportArbitrary } from '../../../support/arbitraries';
import { captureOutput, type Capture } from '../../../support/capture';
import { httpEvent, lambdaContext } from '../../../support/reports';

const RUNS = 2_000;
const envelope = { disclosureId: '00000000-0000-4000-8000-000000000001', forceId: 'example-north', requestedAt: '2026-01-01T00:00:00.000Z' };

const intake = middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>()
  .use(httpProblems({ logger }))
  .use(validateBody({ schema: ReportSubmissionSchema }))
  .handler(async () => ({ statusCode: 201, body: '{}' }));

let capture: Capture;
beforeAll(() => {
  capture = captureOutput();
});
afterAll(() => capture.restore());

describe(`the immigration firewall over ${RUNS} generated reports`, () => {
  it('never puts a canary in an enforcement payload, and the guard passes honest payloads', () => {
    let checked = 0;
    fc.assert(
      fc.property(reportArbitrary, ({ canary, input }) => {
        const report = ReportSubmissionSchema.parse(input);
        if (!report.suspect?.name) return;
        const payload = buildSuspectCheck(report, envelope);
        const serialised = JSON.stringify(payload);
        expect(serialised).not.toContain(canary);
        expect(serialised.toLowerCase()).not.toContain(canary.toLowerCase());
        expect(Object.keys(payload).sort()).toEqual(['contract', 'disclosureId', 'forceId', 'requestedAt', 'suspect']);
        expect(SuspectCheckPayloadSchema.parse(JSON.parse(serialised))).toEqual(payload);
        expect(() => assertNoForbiddenValues(serialised, forbiddenValues(report, 'enforcement', [canary]), 'enforcement')).not.toThrow();
        checked += 1;
      }),
      { numRuns: RUNS },
    );
    expect(checked).toBeGreaterThan(RUNS / 4);
  }, 60_000);

  it('refuses, by the last-line guard, a protected value smuggled into a suspect field', () => {
    fc.assert(
      fc.property(reportArbitrary, fc.constantFrom('nationality', 'countryOfBirth', 'notes'), ({ canary, input }, field) => {
        const report = ReportSubmissionSchema.parse(input);
        const smuggled = String(report.immigration?.[field]);
        const tampered = { ...report, suspect: { ...report.suspect, name: `karl ${smuggled}` } };
        const payload = buildSuspectCheck(tampered, envelope);
        let refusal: unknown;
        try {
          assertNoForbiddenValues(JSON.stringify(payload), forbiddenValues(report, 'enforcement'), 'enforcement');
        } catch (error) {
          refusal = error;
        }
        expect(refusal).toBeInstanceOf(ProtectedValueLeakError);
        expect((refusal as ProtectedValueLeakError).dataClasses).toContain('protected-immigration');
        expect(String((refusal as Error).message)).not.toContain(canary);
      }),
      { numRuns: RUNS },
    );
  }, 60_000);

  it('never lets what the victim wrote (account, suspect description) or a protected value through an officer-typed identifier or justification', () => {
    fc.assert(
      fc.property(
        reportArbitrary,
        fc.constantFrom('incident.account', 'suspect.description', 'immigration.nationality', 'immigration.countryOfBirth', 'immigration.notes', 'victim.name', 'safeContact.safeWord', 'safeContact.email'),
        fc.constantFrom('justification', 'suspect.name', 'suspect.aliases.0'),
        ({ canary, input }, source, field) => {
          const report = ReportSubmissionSchema.parse(input);
          const [section, key] = source.split('.') as [string, string];
          const value = (report as unknown as Record<string, Record<string, unknown> | undefined>)[section]?.[key];
          // The generator leaves the suspect out of some reports.
          fc.pre(typeof value === 'string');
          const typed = `Officer notes: ${value} (retyped)`;
          const fields = field === 'justification' ? { justification: typed } : { [field]: typed };
          let refusal: unknown;
          try {
            screenTypedText(fields, forbiddenValues(report, 'enforcement'));
          } catch (error) {
            refusal = error;
          }
          expect(refusal).toBeInstanceOf(TypedTextRefusedError);
          expect((refusal as TypedTextRefusedError).fields).toEqual([field]);
          expect(String((refusal as Error).message)).not.toContain(canary);
          // The payload built from the report alone never holds the description or the account.
          if (report.suspect?.name) {
            const serialised = JSON.stringify(buildSuspectCheck(report, envelope));
            expect(serialised).not.toContain(canary);
          }
        },
      ),
      { numRuns: RUNS },
    );
  }, 60_000);

  it('gives a charity the protected section only with consent for an eligible recipient type', () => {
    fc.assert(
      fc.property(reportArbitrary, ({ canary, input }) => {
        const { immigration, ...body } = ReportSubmissionSchema.parse(input);
        for (const recipientType of RECIPIENT_TYPES) {
          if (!consentsTo(body, recipientType)) continue;
          const payload = buildReferral(body, immigration, {
            deliveryId: envelope.disclosureId,
            forceId: envelope.forceId,
            charityId: 'a-charity',
            recipientType,
            referredAt: envelope.requestedAt,
            riskGrade: 'standard',
          });
          const serialised = JSON.stringify(payload);
          const protectedCanaries = [`nationality ${canary}`, `country ${canary}`, `passport held ${canary}`];
          if (sharesProtected(body, recipientType)) {
            expect(payload.immigration?.nationality).toBe(immigration?.nationality);
          } else {
            expect(payload).not.toHaveProperty('immigration');
            for (const value of protectedCanaries) expect(serialised).not.toContain(value);
          }
          // The account and the incident location never go to a charity.
          expect(serialised).not.toContain(`He hit me ${canary}`);
          expect(serialised).not.toContain(`kitchen ${canary}`);
          if (recipientType === 'victim-care-unit') expect(payload).not.toHaveProperty('immigration');
        }
      }),
      { numRuns: RUNS },
    );
  }, 60_000);

  it('never repeats a canary in an error body, a log line or a metric when a report is refused', async () => {
    const canaries: string[] = [];
    await fc.assert(
      fc.asyncProperty(reportArbitrary, fc.constantFrom('postcode', 'email', 'date', 'status'), async ({ canary, input }, broken) => {
        const bad = structuredClone(input) as Record<string, Record<string, unknown>>;
        if (broken === 'postcode') bad.incident!.postcode = `${canary} nowhere`;
        if (broken === 'email') bad.safeContact!.email = `${canary} at home`;
        if (broken === 'date') bad.victim!.dateOfBirth = canary;
        if (broken === 'status') bad.immigration!.status = canary;
        const result = (await intake(httpEvent('POST', '/reports', { body: bad as never }) as never, lambdaContext())) as APIGatewayProxyStructuredResultV2;
        expect(result.statusCode).toBe(400);
        expect(result.body).not.toContain(canary);
        canaries.push(canary);
      }),
      { numRuns: RUNS },
    );
    const output = capture.text();
    expect(output).toContain('request refused');
    expect(canaries.length).toBe(RUNS);
    // One pass over everything logged and every metric call: the canary prefix is enough to find any of them.
    expect(output).not.toContain('QZX');
  }, 60_000);
});
