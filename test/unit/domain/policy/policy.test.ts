import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { classified, dataClassOf } from '../../../../schemas/data-class';
import { ReportSubmissionSchema, SuspectSchema } from '../../../../schemas/report';
import { buildSuspectCheck, SuspectCheckPayloadSchema, type SuspectCheckPayload } from '../../../../functions/domain/policy/contracts';
import { excludedClasses, FLOW_TABLE, flowTableMarkdown, PROTECTED_SHARING } from '../../../../functions/domain/policy/flow-table';
import { PURPOSES } from '../../../../schemas/purpose';
import { defineProjection, PolicyViolationError, UnclassifiedFieldError } from '../../../../functions/domain/policy/projection';
import { assertNoForbiddenValues, canaryValues, ProtectedValueLeakError } from '../../../../functions/domain/policy/guard';
import type { Purpose as RoutePurpose } from '../../../../infra/routes';
import { fullSubmission } from '../../../support/reports';

describe('flow table', () => {
  it('lets the protected class reach the safeguarding path only (and charities with consent)', () => {
    expect(FLOW_TABLE.enforcement['protected-immigration']).toBe('never');
    expect(FLOW_TABLE.investigation['protected-immigration']).toBe('never');
    expect(FLOW_TABLE['support-referral']['protected-immigration']).toBe('with-consent');
    expect(PROTECTED_SHARING['victim-care-unit']).toBe(false);
  });

  it('lets enforcement receive the suspect side and routing only', () => {
    const allowed = Object.entries(FLOW_TABLE.enforcement).filter(([, verdict]) => verdict !== 'never').map(([dataClass]) => dataClass);
    expect(allowed.sort()).toEqual(['routing', 'suspect']);
    expect(excludedClasses('enforcement')).toEqual(expect.arrayContaining(['identity', 'contact', 'account', 'protected-immigration']));
  });

  it('uses the same purposes as the routes', () => {
    const purposes: readonly RoutePurpose[] = PURPOSES;
    expect(purposes).toEqual(['safeguarding', 'support-referral', 'investigation', 'enforcement']);
  });

  it('is published, current, in docs/firewall.md', () => {
    expect(readFileSync('docs/firewall.md', 'utf8')).toContain(flowTableMarkdown());
  });
});

describe('projections', () => {
  it('refuses a schema with a field that has no data class', () => {
    const extended = ReportSubmissionSchema.extend({ favouriteColour: z.string().optional() });
    expect(() => defineProjection(extended, { purpose: 'enforcement', name: 'x', allow: ['suspect'] })).toThrow(UnclassifiedFieldError);
    try {
      defineProjection(extended, { purpose: 'enforcement', name: 'x', allow: ['suspect'] });
    } catch (error) {
      expect((error as UnclassifiedFieldError).paths).toEqual(['favouriteColour']);
    }
  });

  it('refuses an allow-list that asks for a class the purpose may not receive', () => {
    for (const path of ['immigration.nationality', 'victim.name', 'incident.account', 'safeContact.phone', 'immigration', 'suspect.description', 'suspect']) {
      expect(() => defineProjection(ReportSubmissionSchema, { purpose: 'enforcement', name: 'x', allow: [path] })).toThrow(PolicyViolationError);
    }
    expect(() => defineProjection(ReportSubmissionSchema, { purpose: 'investigation', name: 'x', allow: ['immigration.status'] })).toThrow(/class-not-allowed/);
  });

  it('refuses an unknown path', () => {
    expect(() => defineProjection(ReportSubmissionSchema, { purpose: 'enforcement', name: 'x', allow: ['suspect.shoeSize'] })).toThrow(/unknown-path/);
  });

  it('builds a fresh object with only the allowed fields', () => {
    const report = ReportSubmissionSchema.parse(fullSubmission('CANARY'));
    const projection = defineProjection(ReportSubmissionSchema, { purpose: 'enforcement', name: 'x', allow: ['suspect.name', 'suspect.relationship'] });
    const out = projection.apply(report);
    expect(out).toEqual({ suspect: { name: report.suspect?.name, relationship: 'partner' } });
    expect(projection.dataClasses).toEqual(['suspect']);
    // A prototype trick on the source cannot add fields either.
    expect(projection.apply(Object.assign(Object.create({ suspect: { name: 'inherited' } }), {}))).toEqual({});
  });

  it('projects classified fields added to a schema only when listed', () => {
    const extended = ReportSubmissionSchema.extend({ extra: classified('suspect', z.string()).optional() });
    const projection = defineProjection(extended, { purpose: 'enforcement', name: 'x', allow: ['suspect.name'] });
    expect(projection.apply({ ...ReportSubmissionSchema.parse(fullSubmission()), extra: 'not listed' })).not.toHaveProperty('extra');
  });
});

describe('the suspect-check contract', () => {
  it('carries structured identifiers only: the suspect description is the victim’s own words (class account)', () => {
    const report = ReportSubmissionSchema.parse(fullSubmission('CANARYDESC'));
    const payload = buildSuspectCheck(report, { disclosureId: '00000000-0000-4000-8000-000000000001', forceId: 'example-north', requestedAt: '2026-01-01T00:00:00.000Z' });
    expect(Object.keys(payload.suspect).sort()).toEqual(['livesWithVictim', 'name', 'relationship']);
    expect(JSON.stringify(payload)).not.toContain(report.suspect?.description);
    expect(dataClassOf(SuspectSchema.shape.description)).toBe('account');
    expect(SuspectCheckPayloadSchema.safeParse({ ...payload, suspect: { ...payload.suspect, description: 'tall' } }).success).toBe(false);
  });

  it('takes the identifiers an officer types or confirms, over the report’s', () => {
    const report = ReportSubmissionSchema.parse(fullSubmission('CANARYOFF'));
    const payload = buildSuspectCheck(
      report,
      { disclosureId: '00000000-0000-4000-8000-000000000001', forceId: 'example-north', requestedAt: '2026-01-01T00:00:00.000Z' },
      { name: 'Karl Smith', aliases: ['Kal', 'K. Smith'], dateOfBirth: '1980-02-03', relationship: 'ex-partner' },
    );
    expect(payload.suspect).toEqual({ name: 'Karl Smith', aliases: ['Kal', 'K. Smith'], dateOfBirth: '1980-02-03', relationship: 'ex-partner', livesWithVictim: report.suspect?.livesWithVictim });
  });

  const valid: SuspectCheckPayload = {
    contract: 'suspect-check@v2',
    disclosureId: '00000000-0000-4000-8000-000000000001',
    forceId: 'example-north',
    requestedAt: '2026-01-01T00:00:00.000Z',
    suspect: { name: 'Karl' },
  };

  it('cannot hold victim, contact or immigration members, by type', () => {
    // @ts-expect-error the payload type has no immigration member
    const withImmigration: SuspectCheckPayload = { ...valid, immigration: { nationality: 'x' } };
    // @ts-expect-error the payload type has no victim member
    const withVictim: SuspectCheckPayload = { ...valid, victim: { name: 'x' } };
    // @ts-expect-error the suspect member has no nationality
    const withNationality: SuspectCheckPayload = { ...valid, suspect: { name: 'Karl', nationality: 'x' } };
    expect([withImmigration, withVictim, withNationality]).toHaveLength(3);
  });

  it('refuses unknown keys at run time, at every level', () => {
    expect(SuspectCheckPayloadSchema.safeParse(valid).success).toBe(true);
    expect(SuspectCheckPayloadSchema.safeParse({ ...valid, immigration: { nationality: 'x' } }).success).toBe(false);
    expect(SuspectCheckPayloadSchema.safeParse({ ...valid, suspect: { name: 'Karl', nationality: 'x' } }).success).toBe(false);
  });
});

describe('the last-line guard', () => {
  it('finds a canary however the payload escapes or cases it', () => {
    const forbidden = canaryValues(['CANARY-7f3a9']);
    expect(() => assertNoForbiddenValues(JSON.stringify({ a: 'x canary-7F3A9 y' }), forbidden, 'enforcement')).toThrow(ProtectedValueLeakError);
    expect(() => assertNoForbiddenValues('{"a":"CANARY\\u002d7f3a9"}', forbidden, 'enforcement')).toThrow(ProtectedValueLeakError);
    expect(() => assertNoForbiddenValues(JSON.stringify({ a: 'clean' }), forbidden, 'enforcement')).not.toThrow();
  });

  it('matches short protected values as whole words only', () => {
    const forbidden = [{ dataClass: 'protected-immigration' as const, value: 'UK' }];
    expect(() => assertNoForbiddenValues(JSON.stringify({ d: 'plays the ukulele' }), forbidden, 'enforcement')).not.toThrow();
    expect(() => assertNoForbiddenValues(JSON.stringify({ d: 'born in the UK' }), forbidden, 'enforcement')).toThrow(/protected-immigration/);
  });
});
