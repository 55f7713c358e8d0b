/**
 * The names of the web form's fields: the contract of a form post (its
 * urlencoded body), which the OpenAPI document describes (schemas/openapi.ts)
 * and the web form's journey asks for, step by step (web/journey/steps.ts).
 */
import { INDICATOR_CODES } from './risk-indicators';

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

/** The fields of each step; the steps (web/journey/steps.ts) ask for exactly these. */
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
