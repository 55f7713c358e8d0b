/**
 * The steps of the reporting journey: which fields each shows, how each is
 * checked (with the same contract sub-schemas the API applies to the whole
 * report), and what each looks like. The order depends on two answers:
 * "in danger now?" adds the get-help step, and choosing to answer the
 * immigration questions adds that step.
 */
import type { z } from 'zod';
import {
  ConsentSchema,
  IMMIGRATION_STATUSES,
  IncidentSchema,
  INCIDENT_KINDS,
  ImmigrationSchema,
  ReporterSchema,
  RiskAnswersSchema,
  SAFE_CHANNELS,
  SafeContactSchema,
  SupportNeedsSchema,
  SuspectSchema,
  TIME_WINDOWS,
  VictimSchema,
  WEEKDAYS,
  DIGITAL_CHANNELS,
  ACCOUNT_MAX,
  IMMIGRATION_NOTES_MAX,
} from '../../schemas/report';
import { DASH_INDICATORS } from '../../schemas/risk-indicators';
import { fieldProblems, type FieldProblem } from '../../schemas/field-problems';
import { bullets, insetText, paragraphs, warningText, type Choice } from '../components';
import { html, join, type SafeHtml } from '../html';
import { emergencyAdvice, type PageContext } from '../page-context';
import { CONTACT_FIELDS, FORM_FIELDS, IMMIGRATION_FIELDS, RISK_FIELDS, SUPPORT_FIELDS, WHAT_FIELDS, WHO_FIELDS } from '../../schemas/form-fields';
import { text, values, type FormState } from './form-state';
import { formToSubmission } from './submission';
import { LANGUAGE_TABLE } from '../../schemas/languages';

export const STEP_IDS = ['danger', 'emergency', 'who', 'what', 'risk', 'contact', 'support', 'immigration-notice', 'immigration', 'check'] as const;
export type StepId = (typeof STEP_IDS)[number];

export function isStepId(value: unknown): value is StepId {
  return typeof value === 'string' && (STEP_IDS as readonly string[]).includes(value);
}

export interface StepSpec {
  id: StepId;
  /** Fields shown as inputs on this step; every other answer rides along hidden. */
  fields: readonly string[];
  /** Problems with this step's answers, as contract paths. */
  check(state: FormState): FieldProblem[];
  title(context: PageContext): string;
  body(context: PageContext): SafeHtml;
}

function problemsOf(prefix: string, schema: z.ZodType, value: unknown): FieldProblem[] {
  const result = schema.safeParse(value);
  if (result.success) return [];
  return fieldProblems(result.error).map((problem) => ({ ...problem, path: problem.path ? `${prefix}.${problem.path}` : prefix }));
}

function required(state: FormState, name: string, allowed: readonly string[]): FieldProblem[] {
  const value = text(state, name);
  return value && allowed.includes(value) ? [] : [{ path: name, message: 'is required' }];
}

const yesNo = (context: PageContext): Choice[] => [
  { value: 'yes', text: context.t.t('common.yes') },
  { value: 'no', text: context.t.t('common.no') },
];
const yesNoDontKnow = (context: PageContext): Choice[] => [...yesNo(context), { value: 'dont-know', text: context.t.t('common.dontKnow') }];

/** Shorthands every step uses: the current value of a field and its error. */
function fieldHelpers(context: PageContext) {
  return {
    value: (name: string) => context.state[name]?.[0] ?? '',
    all: (name: string) => values(context.state, name),
    error: (name: string) => context.errors.get(name),
    t: (key: string, params?: Record<string, string | number>) => context.t.t(key, params),
  };
}

const danger: StepSpec = {
  id: 'danger',
  fields: ['journey.danger'],
  check: (state) => required(state, 'journey.danger', ['yes', 'no']),
  title: (context) => context.t.t('danger.title'),
  body(context) {
    const { value, error, t } = fieldHelpers(context);
    return html`${paragraphs([t('danger.intro', { minutes: 15 })])}
${warningText(t('emergency.lead'), t('common.warning'))}
${emergencyAdvice(context)}
${context.ui.radios({
  name: 'journey.danger',
  legend: t('danger.title'),
  isPageHeading: true,
  value: value('journey.danger'),
  error: error('journey.danger'),
  items: [
    { value: 'yes', text: t('danger.yes') },
    { value: 'no', text: t('danger.no') },
  ],
})}`;
  },
};

const emergency: StepSpec = {
  id: 'emergency',
  fields: [],
  check: () => [],
  title: (context) => context.t.t('emergencyStep.title'),
  body(context) {
    const t = (key: string) => context.t.t(key);
    return html`<h1 class="govuk-heading-l">${t('emergencyStep.title')}</h1>
<p class="govuk-body-l"><strong>${t('emergency.lead')}</strong></p>
${emergencyAdvice(context)}
${insetText(t('emergencyStep.after'))}`;
  },
};

const who: StepSpec = {
  id: 'who',
  fields: WHO_FIELDS,
  check(state) {
    const submission = formToSubmission(state);
    return [...problemsOf('reporter', ReporterSchema, submission.reporter), ...problemsOf('victim', VictimSchema, submission.victim)];
  },
  title: (context) => context.t.t('who.title'),
  body(context) {
    const { value, error, t } = fieldHelpers(context);
    const thirdParty = join(
      (['name', 'organisation', 'relationshipToVictim', 'phone', 'email'] as const).map((field) =>
        context.ui.input({
          name: `reporter.thirdParty.${field}`,
          label: t(`who.thirdParty.${field}`),
          value: value(`reporter.thirdParty.${field}`),
          error: error(`reporter.thirdParty.${field}`),
          ...(field === 'phone' ? { type: 'tel' as const, widthClass: 'govuk-input--width-20' } : {}),
          ...(field === 'email' ? { type: 'email' as const } : {}),
        }),
      ),
    );
    return html`${context.ui.radios({
      name: 'reporter.type',
      legend: t('who.title'),
      isPageHeading: true,
      value: value('reporter.type'),
      error: error('reporter.type'),
      items: [
        { value: 'victim', text: t('who.victim') },
        { value: 'third-party', text: t('who.thirdParty'), hint: t('who.thirdPartyHint'), conditional: thirdParty },
      ],
    })}
${context.ui.input({ name: 'victim.name', label: t('who.victimName'), hint: t('who.victimNameHint'), value: value('victim.name'), error: error('victim.name') })}`;
  },
};

const what: StepSpec = {
  id: 'what',
  fields: WHAT_FIELDS,
  check(state) {
    const submission = formToSubmission(state);
    return [...problemsOf('incident', IncidentSchema, submission.incident), ...problemsOf('suspect', SuspectSchema, submission.suspect ?? {})];
  },
  title: (context) => context.t.t('what.title'),
  body(context) {
    const { value, error, t } = fieldHelpers(context);
    return html`<h1 class="govuk-heading-l">${t('what.title')}</h1>
${context.ui.radios({
  name: 'incident.kind',
  legend: t('what.kind'),
  value: value('incident.kind'),
  error: error('incident.kind'),
  items: INCIDENT_KINDS.map((kind) => ({ value: kind, text: t(`what.kind.${kind}`) })),
})}
${context.ui.textarea({ name: 'incident.account', label: t('what.account'), hint: `${t('what.accountHint')} ${t('common.maxLength', { max: ACCOUNT_MAX })}`, value: value('incident.account'), error: error('incident.account'), rows: 8 })}
${context.ui.input({ name: 'incident.occurredWhen', label: t('what.occurredWhen'), hint: t('what.occurredWhenHint'), value: value('incident.occurredWhen'), error: error('incident.occurredWhen') })}
${context.ui.radios({ name: 'incident.ongoing', legend: t('what.ongoing'), legendSize: 's', inline: true, value: value('incident.ongoing'), error: error('incident.ongoing'), items: yesNoDontKnow(context) })}
${context.ui.input({ name: 'incident.postcode', label: t('what.postcode'), hint: t('what.postcodeHint'), value: value('incident.postcode'), error: error('incident.postcode'), widthClass: 'govuk-input--width-10', ltr: true })}
${context.ui.radios({
  name: 'suspect.relationship',
  legend: t('what.relationship'),
  legendSize: 's',
  value: value('suspect.relationship'),
  error: error('suspect.relationship'),
  items: (['partner', 'ex-partner', 'family-member', 'employer', 'other', 'unknown'] as const).map((relationship) => ({
    value: relationship,
    text: t(`what.relationship.${relationship}`),
  })),
})}
${context.ui.radios({ name: 'suspect.livesWithVictim', legend: t('what.livesWithVictim'), legendSize: 's', inline: true, value: value('suspect.livesWithVictim'), error: error('suspect.livesWithVictim'), items: yesNoDontKnow(context) })}`;
  },
};

const risk: StepSpec = {
  id: 'risk',
  fields: RISK_FIELDS,
  check: (state) => problemsOf('risk', RiskAnswersSchema, formToSubmission(state).risk),
  title: (context) => context.t.t('risk.title'),
  body(context) {
    const { value, error, t } = fieldHelpers(context);
    return html`<h1 class="govuk-heading-l">${t('risk.title')}</h1>
${paragraphs([t('risk.intro')])}
${DASH_INDICATORS.map((indicator) =>
  context.ui.radios({
    name: `risk.answers.${indicator.code}`,
    // A force with a DASH licence overrides risk.<code> in its locale; otherwise our paraphrase.
    legend: t(`risk.${indicator.code}`),
    legendSize: 's',
    inline: true,
    small: true,
    value: value(`risk.answers.${indicator.code}`),
    error: error(`risk.answers.${indicator.code}`),
    items: yesNoDontKnow(context),
  }),
)}
${insetText(t('risk.outro'))}`;
  },
};

const contact: StepSpec = {
  id: 'contact',
  fields: CONTACT_FIELDS,
  check(state) {
    const plan = formToSubmission(state).safeContact;
    const problems = problemsOf('safeContact', SafeContactSchema, plan);
    // Our own rule (domain.md §3): a possibly monitored device means no digital contact at all.
    if (plan.devicesMayBeMonitored === 'yes' && plan.channels.some((channel) => DIGITAL_CHANNELS.includes(channel))) {
      problems.push({ path: 'safeContact.channels', message: 'monitored' });
    }
    return problems;
  },
  title: (context) => context.t.t('contact.title'),
  body(context) {
    const { value, all, error, t } = fieldHelpers(context);
    const reveal: Partial<Record<(typeof SAFE_CHANNELS)[number], SafeHtml>> = {
      phone: context.ui.input({ name: 'safeContact.phone', label: t('contact.phone'), type: 'tel', widthClass: 'govuk-input--width-20', value: value('safeContact.phone'), error: error('safeContact.phone') }),
      email: context.ui.input({ name: 'safeContact.email', label: t('contact.email'), type: 'email', value: value('safeContact.email'), error: error('safeContact.email') }),
      'via-charity': context.ui.input({ name: 'safeContact.viaCharityName', label: t('contact.viaCharityName'), value: value('safeContact.viaCharityName'), error: error('safeContact.viaCharityName') }),
    };
    // One phone box serves both calls and texts, so it is revealed under calls only when texts are not chosen too.
    return html`<h1 class="govuk-heading-l">${t('contact.title')}</h1>
${context.ui.radios({ name: 'safeContact.devicesMayBeMonitored', legend: t('contact.monitored'), hint: t('contact.monitoredHint'), value: value('safeContact.devicesMayBeMonitored'), error: error('safeContact.devicesMayBeMonitored'), items: yesNoDontKnow(context) })}
${context.ui.checkboxes({
  name: 'safeContact.channels',
  legend: t('contact.channels'),
  hint: t('contact.channelsHint'),
  values: all('safeContact.channels'),
  error: error('safeContact.channels'),
  items: SAFE_CHANNELS.map((channel) => ({
    value: channel,
    text: t(`contact.channel.${channel}`),
    ...(reveal[channel] ? { conditional: reveal[channel] } : {}),
    ...(channel === 'none' ? { dividerBefore: t('contact.channel.or') } : {}),
  })),
})}
${context.ui.checkboxes({ name: 'safeContact.days', legend: t('contact.days'), legendSize: 's', small: true, values: all('safeContact.days'), error: error('safeContact.days'), items: WEEKDAYS.map((day) => ({ value: day, text: t(`contact.day.${day}`) })) })}
${context.ui.checkboxes({ name: 'safeContact.times', legend: t('contact.times'), legendSize: 's', small: true, values: all('safeContact.times'), error: error('safeContact.times'), items: TIME_WINDOWS.map((time) => ({ value: time, text: t(`contact.time.${time}`) })) })}
${context.ui.radios({ name: 'safeContact.voicemailOk', legend: t('contact.voicemailOk'), legendSize: 's', inline: true, value: value('safeContact.voicemailOk'), error: error('safeContact.voicemailOk'), items: yesNo(context) })}
${context.ui.input({ name: 'safeContact.nameToUse', label: t('contact.nameToUse'), hint: t('contact.nameToUseHint'), value: value('safeContact.nameToUse'), error: error('safeContact.nameToUse') })}
${context.ui.input({ name: 'safeContact.safeWord', label: t('contact.safeWord'), hint: t('contact.safeWordHint'), value: value('safeContact.safeWord'), error: error('safeContact.safeWord') })}
${context.ui.radios({
  name: 'safeContact.ifSomeoneElseAnswers',
  legend: t('contact.ifSomeoneElseAnswers'),
  legendSize: 's',
  value: value('safeContact.ifSomeoneElseAnswers') || 'hang-up',
  error: error('safeContact.ifSomeoneElseAnswers'),
  items: (['hang-up', 'say-wrong-number', 'ask-for-name-to-use'] as const).map((answer) => ({ value: answer, text: t(`contact.answer.${answer}`) })),
})}`;
  },
};

/** Languages offered in the picker (languages.ts): the tag is what the contract stores as `support.language` (class support). */
export const SUPPORT_LANGUAGES: readonly Choice[] = LANGUAGE_TABLE.map((entry) => ({ value: entry.code, text: entry.code === 'en' ? entry.endonym : `${entry.endonym} (${entry.english})` }));

const support: StepSpec = {
  id: 'support',
  fields: SUPPORT_FIELDS,
  check(state) {
    const submission = formToSubmission(state);
    return [...problemsOf('support', SupportNeedsSchema, submission.support), ...problemsOf('consent', ConsentSchema, submission.consent)];
  },
  title: (context) => context.t.t('support.title'),
  body(context) {
    const { value, all, error, t } = fieldHelpers(context);
    const languages = SUPPORT_LANGUAGES.map((choice) => ({ ...choice }));
    return html`<h1 class="govuk-heading-l">${t('support.title')}</h1>
${context.ui.select({ name: 'support.language', label: t('support.language'), value: value('support.language') || context.t.lang, error: error('support.language'), items: languages })}
${context.ui.radios({ name: 'support.interpreterNeeded', legend: t('support.interpreterNeeded'), hint: t('support.interpreterHint'), legendSize: 's', inline: true, value: value('support.interpreterNeeded'), error: error('support.interpreterNeeded'), items: yesNo(context) })}
${context.ui.checkboxes({
  name: 'support.accessibility',
  legend: t('support.accessibility'),
  legendSize: 's',
  small: true,
  values: all('support.accessibility'),
  error: error('support.accessibility'),
  items: (['bsl', 'textphone', 'easy-read', 'large-print', 'hearing-loop', 'other'] as const).map((need) => ({ value: need, text: t(`support.access.${need}`) })),
})}
${context.ui.checkboxes({
  name: 'consent',
  legend: t('support.consent'),
  hint: t('support.consentHint'),
  values: all('consent'),
  error: error('consent'),
  items: (['idva', 'localDaService', 'byAndForService', 'victimCareUnit'] as const).map((recipient) => ({ value: recipient, text: t(`support.consent.${recipient}`) })),
})}`;
  },
};

const immigrationNotice: StepSpec = {
  id: 'immigration-notice',
  fields: ['journey.immigration'],
  check: (state) => required(state, 'journey.immigration', ['yes', 'no']),
  title: (context) => context.t.t('notice.title'),
  body(context) {
    const { value, error, t } = fieldHelpers(context);
    return html`<h1 class="govuk-heading-l">${t('notice.title')}</h1>
${paragraphs([t('notice.lead'), t('notice.why')])}
<h2 class="govuk-heading-m">${t('notice.sharedTitle')}</h2>
${bullets([t('notice.notShared'), t('notice.neverAsked'), t('notice.encrypted'), t('notice.supportOnly'), t('notice.noEffect')])}
${context.ui.radios({
  name: 'journey.immigration',
  legend: t('notice.choice'),
  value: value('journey.immigration'),
  error: error('journey.immigration'),
  items: [
    { value: 'yes', text: t('notice.yes') },
    { value: 'no', text: t('notice.no') },
  ],
})}`;
  },
};

const immigration: StepSpec = {
  id: 'immigration',
  fields: IMMIGRATION_FIELDS,
  check: (state) => problemsOf('immigration', ImmigrationSchema, formToSubmission(state).immigration ?? {}),
  title: (context) => context.t.t('immigration.title'),
  body(context) {
    const { value, all, error, t } = fieldHelpers(context);
    return html`<h1 class="govuk-heading-l">${t('immigration.title')}</h1>
${insetText(t('notice.notShared'))}
${context.ui.radios({
  name: 'immigration.status',
  legend: t('immigration.status'),
  legendSize: 's',
  small: true,
  value: value('immigration.status'),
  error: error('immigration.status'),
  items: IMMIGRATION_STATUSES.map((status) => ({ value: status, text: t(`immigration.status.${status}`) })),
})}
${(['visaDependentOnAbuser', 'documentsHeldByAbuser', 'noRecourseToPublicFunds'] as const).map((field) =>
  context.ui.radios({ name: `immigration.${field}`, legend: t(`immigration.${field}`), legendSize: 's', inline: true, small: true, value: value(`immigration.${field}`), error: error(`immigration.${field}`), items: yesNoDontKnow(context) }),
)}
${context.ui.input({ name: 'immigration.nationality', label: t('immigration.nationality'), value: value('immigration.nationality'), error: error('immigration.nationality') })}
${context.ui.input({ name: 'immigration.countryOfBirth', label: t('immigration.countryOfBirth'), value: value('immigration.countryOfBirth'), error: error('immigration.countryOfBirth') })}
${context.ui.textarea({ name: 'immigration.notes', label: t('immigration.notes'), hint: t('common.maxLength', { max: IMMIGRATION_NOTES_MAX }), value: value('immigration.notes'), error: error('immigration.notes'), rows: 4 })}
${context.ui.checkboxes({ name: 'consent.shareImmigrationWithSupport', legend: t('immigration.share'), legendSize: 's', values: all('consent.shareImmigrationWithSupport'), items: [{ value: 'yes', text: t('immigration.shareYes') }] })}`;
  },
};

/** The check page's body lives in web/pages/check.ts; its whole-report check is the API's. */
export const check: StepSpec = {
  id: 'check',
  fields: [],
  check: () => [],
  title: (context) => context.t.t('check.title'),
  body: () => html``,
};

export const STEPS: Record<StepId, StepSpec> = {
  danger,
  emergency,
  who,
  what,
  risk,
  contact,
  support,
  'immigration-notice': immigrationNotice,
  immigration,
  check,
};

/** The steps this person will see, in order, given the answers so far. */
export function journeyPath(state: FormState): StepId[] {
  return [
    'danger',
    ...(text(state, 'journey.danger') === 'yes' ? (['emergency'] as const) : []),
    'who',
    'what',
    'risk',
    'contact',
    'support',
    'immigration-notice',
    ...(text(state, 'journey.immigration') === 'yes' ? (['immigration'] as const) : []),
    'check',
  ];
}

/** Which form field a contract path belongs to, so its error links to the right input. */
export function fieldForPath(path: string): string {
  const plain = path.replace(/\[\d+\]/g, '');
  if (plain === 'reporter.thirdParty') return 'reporter.thirdParty.name';
  if (plain.startsWith('consent.') && plain !== 'consent.shareImmigrationWithSupport') return 'consent';
  if (FORM_FIELDS.includes(plain)) return plain;
  return FORM_FIELDS.find((field) => field.startsWith(`${plain}.`)) ?? plain;
}

/** The step that shows a field (for the check page's error links). */
export function stepOfField(field: string): StepId | undefined {
  return STEP_IDS.find((id) => STEPS[id].fields.includes(field));
}
