/**
 * fast-check arbitraries for report submissions (zod-fast-check does not
 * support zod 4). Every protected field, and every value of a class an
 * enforcement integration may never receive, carries a canary: a marker
 * unique to the generated report, so finding it anywhere outbound is a leak.
 * The suspect's name is drawn from an alphabet that cannot form a canary; the
 * suspect description is the victim's own words and carries one like the account.
 */
import fc from 'fast-check';
import {
  IMMIGRATION_STATUSES,
  INCIDENT_KINDS,
  RECIPIENT_TYPES,
  TIME_WINDOWS,
  WEEKDAYS,
  type ReportSubmissionInput,
} from '../../schemas/report';
import { INDICATOR_ANSWERS, INDICATOR_CODES } from '../../schemas/risk-indicators';

/** A canary: "QZX" + 10 hex digits, impossible in suspect text (lower-case letters and spaces only). */
export const canaryArbitrary = fc.stringMatching(/^[0-9a-f]{10}$/).map((hex) => `QZX${hex}`);

const plainWords = fc
  .array(fc.constantFrom('he', 'was', 'tall', 'dark', 'coat', 'beard', 'van', 'local', 'works', 'nights', 'shouts', 'red'), { minLength: 1, maxLength: 8 })
  .map((words) => words.join(' '));
const yesNo = fc.constantFrom('yes', 'no', 'dont-know');
const phone = fc.stringMatching(/^07700 9\d{5}$/);
const day = fc.integer({ min: 1, max: 28 }).map((d) => `2026-0${1 + (d % 9)}-${String(d).padStart(2, '0')}`);

export interface GeneratedReport {
  canary: string;
  input: ReportSubmissionInput;
}

/**
 * @example
 * fc.assert(fc.property(reportArbitrary, ({ canary, input }) => { … }), { numRuns: 2000 });
 */
export const reportArbitrary: fc.Arbitrary<GeneratedReport> = canaryArbitrary.chain((canary) => {
  const marked = (label: string) => fc.constant(`${label} ${canary}`);
  const consent = fc.record({
    idva: fc.boolean(),
    localDaService: fc.boolean(),
    byAndForService: fc.boolean(),
    victimCareUnit: fc.boolean(),
    shareImmigrationWithSupport: fc.boolean(),
  });
  const thirdParty = fc.record({
    name: marked('Reporter'),
    organisation: marked('Org'),
    phone,
    email: fc.constant(`${canary.toLowerCase()}@example.org`),
  });
  const input = fc.record({
    reporter: fc.oneof(fc.constant({ type: 'victim' as const }), thirdParty.map((tp) => ({ type: 'third-party' as const, thirdParty: tp }))),
    incident: fc.record({
      kind: fc.constantFrom(...INCIDENT_KINDS),
      occurredOn: day,
      occurredWhen: marked('last night'),
      ongoing: yesNo,
      postcode: fc.constantFrom('S1 2HE', 'DN4 5PL', 'DE1 1AA', 'LS1 4AP'),
      location: marked('kitchen'),
      account: marked('He hit me'),
    }),
    victim: fc.record({ anonymous: fc.boolean(), name: marked('Victim'), dateOfBirth: fc.constant('1991-03-04') }),
    suspect: fc.option(
      fc.record(
        {
          name: plainWords.map((words) => `karl ${words}`.slice(0, 200)),
          relationship: fc.constantFrom('partner', 'ex-partner', 'family-member', 'employer', 'other', 'unknown'),
          description: marked('he keeps my passport'),
          livesWithVictim: yesNo,
        },
        { requiredKeys: [] },
      ),
      { nil: undefined },
    ),
    risk: fc.record({ answers: fc.dictionary(fc.constantFrom(...INDICATOR_CODES), fc.constantFrom(...INDICATOR_ANSWERS), { maxKeys: 6 }) }),
    safeContact: fc.record({
      channels: fc.constant(['phone', 'email'] as ('phone' | 'email')[]),
      phone,
      email: fc.constant(`${canary.toLowerCase()}.contact@example.org`),
      days: fc.subarray([...WEEKDAYS]),
      times: fc.subarray([...TIME_WINDOWS]),
      voicemailOk: fc.boolean(),
      smsOk: fc.boolean(),
      nameToUse: marked('Ami'),
      safeWord: marked('bluebell'),
      devicesMayBeMonitored: fc.constantFrom('no', 'dont-know'),
    }),
    support: fc.record({
      language: fc.constantFrom('en', 'pl', 'ur', 'so', 'pt', 'lt'),
      interpreterNeeded: fc.boolean(),
      accessibility: fc.subarray(['bsl', 'easy-read', 'large-print'] as const),
      accessibilityNotes: marked('needs'),
    }),
    consent,
    immigration: fc.record({
      status: fc.constantFrom(...IMMIGRATION_STATUSES),
      visaDependentOnAbuser: yesNo,
      documentsHeldByAbuser: yesNo,
      noRecourseToPublicFunds: yesNo,
      nationality: marked('nationality'),
      countryOfBirth: marked('country'),
      notes: marked('passport held'),
    }),
  });
  return input.map((generated) => ({ canary, input: generated as unknown as ReportSubmissionInput }));
});

export { RECIPIENT_TYPES };
