/**
 * The one mapping from the form's fields to the report contract
 * (schemas/report.ts). It only reshapes: blanks become absent, yes/no become
 * booleans. Judging the result is the contract's job (ReportSubmissionSchema),
 * the same one the JSON API uses.
 */
import type { ReportSubmissionInput } from '../../schemas/report';
import { INDICATOR_CODES } from '../../schemas/risk-indicators';
import { text, values, type FormState } from './form-state';

/** Drops keys whose value is undefined, so optional sections stay absent. */
function compact<T extends Record<string, unknown>>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}

function hasAny(object: Record<string, unknown>): boolean {
  return Object.values(object).some((value) => value !== undefined);
}

const yes = (value: string | undefined): boolean | undefined => (value === undefined ? undefined : value === 'yes');

/**
 * @example
 * const result = ReportSubmissionSchema.safeParse(formToSubmission(state));
 */
export function formToSubmission(state: FormState): ReportSubmissionInput {
  const one = (name: string) => text(state, name);
  const many = (name: string) => values(state, name);
  /** The text fields `prefix.name` of one section, blanks left out. */
  const fields = (prefix: string, names: readonly string[]) => compact(Object.fromEntries(names.map((name) => [name, one(`${prefix}.${name}`)])));

  const reporterType = one('reporter.type');
  const thirdParty = fields('reporter.thirdParty', ['name', 'organisation', 'relationshipToVictim', 'phone', 'email']);
  const suspect = fields('suspect', ['relationship', 'livesWithVictim']);
  const answers = Object.fromEntries(
    INDICATOR_CODES.map((code) => [code, one(`risk.answers.${code}`)]).filter(([, answer]) => answer !== undefined),
  );
  const channels = many('safeContact.channels');
  const consent = many('consent');
  const immigration = fields('immigration', ['status', 'visaDependentOnAbuser', 'documentsHeldByAbuser', 'noRecourseToPublicFunds', 'nationality', 'countryOfBirth', 'notes']);
  const answersImmigration = one('journey.immigration') === 'yes';

  return {
    reporter: compact({
      type: reporterType,
      thirdParty: reporterType === 'third-party' ? thirdParty : undefined,
    }),
    incident: fields('incident', ['kind', 'account', 'occurredWhen', 'ongoing', 'postcode']),
    victim: compact({ name: one('victim.name') }),
    ...(hasAny(suspect) ? { suspect } : {}),
    risk: { answers },
    safeContact: compact({
      channels,
      phone: channels.some((channel) => channel === 'phone' || channel === 'sms') ? one('safeContact.phone') : undefined,
      email: channels.includes('email') ? one('safeContact.email') : undefined,
      viaCharityName: channels.includes('via-charity') ? one('safeContact.viaCharityName') : undefined,
      days: many('safeContact.days'),
      times: many('safeContact.times'),
      voicemailOk: yes(one('safeContact.voicemailOk')),
      // Choosing text messages is saying texts are safe.
      smsOk: channels.includes('sms'),
      nameToUse: one('safeContact.nameToUse'),
      safeWord: one('safeContact.safeWord'),
      ifSomeoneElseAnswers: one('safeContact.ifSomeoneElseAnswers'),
      devicesMayBeMonitored: one('safeContact.devicesMayBeMonitored'),
    }),
    support: compact({
      // The language chosen, or else the language the form was filled in.
      language: one('support.language') ?? one('journey.lang'),
      interpreterNeeded: yes(one('support.interpreterNeeded')),
      accessibility: many('support.accessibility'),
    }),
    consent: {
      idva: consent.includes('idva'),
      localDaService: consent.includes('localDaService'),
      byAndForService: consent.includes('byAndForService'),
      victimCareUnit: consent.includes('victimCareUnit'),
      shareImmigrationWithSupport: answersImmigration && one('consent.shareImmigrationWithSupport') === 'yes',
    },
    ...(answersImmigration && hasAny(immigration) ? { immigration } : {}),
  } as ReportSubmissionInput;
}
