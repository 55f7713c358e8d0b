/**
 * The answers so far, as the browser posts them: field name → values. They
 * travel between steps in hidden fields of one POSTed form, so nothing is
 * kept on the server or in the browser between requests.
 */
import { INDICATOR_CODES } from '../../schemas/risk-indicators';

export type FormState = Record<string, string[]>;

/** Fields that steer the journey and never reach the report. */
export const JOURNEY_FIELDS = [
  'journey.lang',
  'journey.key',
  'journey.step',
  'journey.danger',
  'journey.immigration',
  'journey.returnTo',
  // Only on the confirmation page, so that switching language there shows the receipt again.
  'journey.receipt',
  'journey.urgent',
  // The page outside the steps (safety, status) the language page returns to.
  'journey.view',
] as const;

export const RISK_FIELDS = INDICATOR_CODES.map((code) => `risk.answers.${code}`);

export const IMMIGRATION_FIELDS = [
  'immigration.status',
  'immigration.visaDependentOnAbuser',
  'immigration.documentsHeldByAbuser',
  'immigration.noRecourseToPublicFunds',
  'immigration.nationality',
  'immigration.countryOfBirth',
  'immigration.notes',
  'consent.shareImmigrationWithSupport',
] as const;

/** The fields of each step; the steps (steps.ts) ask for exactly these. */
export const WHO_FIELDS = [
  'reporter.type',
  'reporter.thirdParty.name',
  'reporter.thirdParty.organisation',
  'reporter.thirdParty.relationshipToVictim',
  'reporter.thirdParty.phone',
  'reporter.thirdParty.email',
  'victim.name',
] as const;
export const WHAT_FIELDS = ['incident.kind', 'incident.account', 'incident.occurredWhen', 'incident.ongoing', 'incident.postcode', 'suspect.relationship', 'suspect.livesWithVictim'] as const;
export const CONTACT_FIELDS = [
  'safeContact.devicesMayBeMonitored',
  'safeContact.channels',
  'safeContact.phone',
  'safeContact.email',
  'safeContact.viaCharityName',
  'safeContact.days',
  'safeContact.times',
  'safeContact.voicemailOk',
  'safeContact.nameToUse',
  'safeContact.safeWord',
  'safeContact.ifSomeoneElseAnswers',
] as const;
export const SUPPORT_FIELDS = ['support.language', 'support.interpreterNeeded', 'support.accessibility', 'consent'] as const;

/** Every field the form knows; anything else a client posts is dropped. */
export const FORM_FIELDS: readonly string[] = [
  ...JOURNEY_FIELDS,
  ...WHO_FIELDS,
  ...WHAT_FIELDS,
  ...RISK_FIELDS,
  ...CONTACT_FIELDS,
  ...SUPPORT_FIELDS,
  ...IMMIGRATION_FIELDS,
];

const KNOWN = new Set(FORM_FIELDS);
/**
 * Longer than any field the contract accepts (10 000 characters as a person
 * sees them, up to 4 UTF-16 units each), so the contract stays the judge of length.
 */
const MAX_VALUE_LENGTH = 40_000;
const MAX_VALUES_PER_FIELD = 10;

/**
 * Builds a form state from a parsed urlencoded body (`node:querystring`
 * shape: repeated names become arrays), keeping only known fields.
 *
 * @example
 * const state = formStateFrom(parse('reporter.type=victim&consent=idva&consent=victimCareUnit'));
 */
export function formStateFrom(body: Record<string, unknown> | undefined | null): FormState {
  const state: FormState = {};
  for (const [name, raw] of Object.entries(body ?? {})) {
    if (!KNOWN.has(name)) continue;
    const values = (Array.isArray(raw) ? raw : [raw])
      .filter((value): value is string => typeof value === 'string')
      .map((value) => value.slice(0, MAX_VALUE_LENGTH).replace(/\r\n/g, '\n'))
      .slice(0, MAX_VALUES_PER_FIELD);
    if (values.length) state[name] = values;
  }
  return state;
}

/** The first value of a field, trimmed; undefined when blank. */
export function text(state: FormState, name: string): string | undefined {
  const value = state[name]?.[0]?.trim();
  return value ? value : undefined;
}

/** Every non-blank value of a field. */
export function values(state: FormState, name: string): string[] {
  return (state[name] ?? []).map((value) => value.trim()).filter(Boolean);
}

/** A copy without the named fields. */
export function without(state: FormState, names: readonly string[]): FormState {
  const drop = new Set(names);
  return Object.fromEntries(Object.entries(state).filter(([name]) => !drop.has(name)));
}
